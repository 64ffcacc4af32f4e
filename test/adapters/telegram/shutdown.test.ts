import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../../fakes/telegram/server.ts";
import { ROOT } from "../../support/paths.ts";
import { english, nextMessages, privateChat } from "./harness.ts";

describe("npm start with TELEGRAM_BOT_TOKEN", () => {
  const fake = new FakeTelegram();
  let child: ChildProcess;
  let output = "";

  beforeAll(async () => {
    await fake.start();
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await fake.stop();
  });

  it("polls, answers, and on SIGTERM finishes the reply in flight, confirms the offset and exits 0", async () => {
    await fake
      .waitForCall("getUpdates", (p) => Number(p.timeout) > 0, { received: true })
      .catch((error) => {
        throw new Error(`${error.message}; the bot said:\n${output}`);
      });
    const [first] = await nextMessages(fake, 7, () =>
      fake.sendText(privateChat(7), english, "/outcome"),
    );
    expect(first?.text).toContain("How the summit ended");

    // Hold the next reply in flight, then stop the process while it is.
    fake.delay("sendMessage", 1_000);
    const update = fake.sendText(privateChat(7), english, "/summary");
    await fake.waitForCall("sendMessage", (p) => String(p.text).includes("In brief"), {
      received: true,
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited, output).toBe(0);

    const delivered = fake
      .callsTo("sendMessage")
      .filter((c) => String(c.params.text).includes("In brief"));
    expect(delivered.map((c) => c.ok)).toEqual([true]);
    expect(fake.confirmedOffset).toBe(update.update_id + 1);
    const lastPoll = fake.callsTo("getUpdates").at(-1);
    expect(Number(lastPoll?.params.offset)).toBe(update.update_id + 1);
    expect(output).not.toContain(fake.token);
  }, 40_000);
});
