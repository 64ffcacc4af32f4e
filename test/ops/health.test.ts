import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { addHealthRoutes } from "../../src/ops/health.ts";
import { HttpServer } from "../../src/ops/http.ts";
import { Metrics } from "../../src/ops/metrics.ts";
import { recordCommand } from "../../src/ops/observe.ts";

const silent = createLogger({
  level: "silent",
  pretty: false,
  destination: new Writable({ write: (_c, _e, d) => d() }),
});
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(
  checks: () => { name: string; ok: boolean; detail?: string }[],
  metrics = new Metrics(),
) {
  server = new HttpServer();
  addHealthRoutes(server, {
    checks,
    metrics,
    story: () => ({ loadedAt: new Date(0), watching: true }),
  });
  const port = await server.listen(0, "127.0.0.1");
  return (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
}

describe("what the health endpoints reveal", () => {
  it("GIVEN a refused story edit and default metrics THEN /readyz shows no absolute path and /metrics no Node version", async () => {
    server = new HttpServer();
    const metrics = new Metrics({ defaultMetrics: true });
    addHealthRoutes(server, {
      checks: () => [],
      metrics,
      story: () => ({
        loadedAt: new Date(0),
        watching: false,
        error: {
          file: "/srv/secret/place/data/story.json",
          field: "quotes[0].text",
          message: "/srv/secret/place/data/story.json: quotes[0].text: must not be empty",
        },
      }),
    });
    const port = await server.listen(0, "127.0.0.1");
    const readyz = await (await fetch(`http://127.0.0.1:${port}/readyz`)).text();
    expect(readyz).not.toContain("/srv/secret");
    expect(readyz).toContain("story.json");
    expect(readyz).toContain("quotes[0].text");
    expect(JSON.parse(readyz).story.watch).toMatch(/^broken/);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).not.toContain("nodejs_version_info");
    expect(text).not.toContain(process.version);
    expect(text).toContain("process_resident_memory_bytes");
  });
});

describe("health endpoints", () => {
  it("GIVEN the process runs THEN /healthz answers 200", async () => {
    const get = await serve(() => []);
    expect((await get("/healthz")).status).toBe(200);
  });

  it("GIVEN a platform goes down and comes back THEN /readyz turns 503 with the reason, then 200", async () => {
    let telegramUp = true;
    const get = await serve(() => [
      { name: "discord", ok: true },
      { name: "telegram", ok: telegramUp, detail: telegramUp ? undefined : "not connected" },
    ]);
    expect((await get("/readyz")).status).toBe(200);
    telegramUp = false;
    const down = await get("/readyz");
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: "not ready",
      checks: { discord: "ok", telegram: "not connected" },
    });
    telegramUp = true;
    expect((await get("/readyz")).status).toBe(200);
  });

  it("GIVEN a command served THEN /metrics counts it, with its latency", async () => {
    const metrics = new Metrics();
    const get = await serve(() => [], metrics);
    recordCommand(
      { log: silent, metrics },
      { platform: "telegram", command: "quote", locale: "fr" },
      performance.now() - 5,
      "ok",
    );
    recordCommand(
      { log: silent, metrics },
      { platform: "discord", command: "quote", locale: "en" },
      performance.now(),
      "user_error",
    );
    const text = await (await get("/metrics")).text();
    expect(text).toContain(
      'summit_commands_total{platform="telegram",command="quote",outcome="ok"} 1',
    );
    expect(text).toContain(
      'summit_commands_total{platform="discord",command="quote",outcome="user_error"} 1',
    );
    expect(text).toMatch(/summit_command_duration_seconds_count\{platform="telegram"\} 1/);
  });

  it("GIVEN an unknown path THEN 404", async () => {
    const get = await serve(() => []);
    expect((await get("/nope")).status).toBe(404);
  });
});
