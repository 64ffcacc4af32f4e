import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../fakes/discord.ts";
import { ROOT } from "../../support/paths.ts";
import { waitFor } from "../../support/wait.ts";

let fake: FakeDiscord;
let child: ChildProcess | undefined;

beforeAll(async () => {
  fake = await FakeDiscord.start();
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await fake?.close();
});

describe("npm start with DISCORD_TOKEN", () => {
  it("logs in to Discord, then on SIGTERM destroys the client, closes the gateway and exits 0", async () => {
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DISCORD_TOKEN: fake.token,
        DISCORD_API_ROOT: fake.apiRoot,
        // Empty values keep a developer's .env from adding another platform.
        TELEGRAM_BOT_TOKEN: "",
        HTTP_PORT: "",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (d) => {
      output += String(d);
    });
    child.stderr?.on("data", (d) => {
      output += String(d);
    });
    const exited = once(child, "exit") as Promise<[number | null, string | null]>;
    await fake.waitForReady();
    // READY reached the client; wait until main says it is serving before signalling.
    await waitFor("main to say it is serving", () => output.includes('"serving"'));
    expect(fake.connections).toBe(1);

    child.kill("SIGTERM");
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    await fake.waitForGatewayClosed();
    expect(fake.closes).toContain(1000);
    expect(output).toContain("discord client destroyed");
    expect(output).not.toContain(fake.token);
  });
});
