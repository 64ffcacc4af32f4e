import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { HttpServer, readBody } from "../../src/ops/http.ts";

function capture() {
  const lines: string[] = [];
  const log = createLogger({
    level: "info",
    pretty: false,
    destination: new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  return { log, lines };
}

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("HttpServer", () => {
  it("GIVEN no host THEN it listens on 127.0.0.1 only", async () => {
    server = new HttpServer(capture().log);
    await server.listen(0);
    expect(server.address()).toBe("127.0.0.1");
  });

  it("GIVEN a handler that throws THEN it answers 500 and logs one line with the route", async () => {
    const { log, lines } = capture();
    server = new HttpServer(log).route("GET", "/boom", () => {
      throw new Error("kaboom");
    });
    const port = await server.listen(0, "127.0.0.1");
    const res = await fetch(`http://127.0.0.1:${port}/boom`);
    expect(res.status).toBe(500);
    const logged = lines.filter((l) => l.includes("kaboom"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("/boom");
  });

  it("GIVEN a body over the cap THEN readBody refuses it with 413, whether its length is announced or not", async () => {
    const { log } = capture();
    server = new HttpServer(log).route("POST", "/in", async (req, res) => {
      const body = await readBody(req, 1_000);
      res.writeHead(200).end(String(body.length));
    });
    const port = await server.listen(0, "127.0.0.1");
    const url = `http://127.0.0.1:${port}/in`;
    expect((await fetch(url, { method: "POST", body: "x".repeat(1_001) })).status).toBe(413);
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("y".repeat(500)));
        controller.close();
      },
    });
    const streamed = await fetch(url, {
      method: "POST",
      body: chunked,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const ok = await fetch(url, { method: "POST", body: "z".repeat(1_000) });
    expect(await ok.text()).toBe("1000");
  });
});
