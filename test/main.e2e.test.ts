import type { ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "./fakes/discord.ts";
import { FakeTelegram } from "./fakes/telegram/server.ts";
import { DATA_DIR } from "./support/paths.ts";
import { cleanEnv, spawnMain } from "./support/run.ts";
import { waitFor } from "./support/wait.ts";

const SECRET = "full-run-webhook-secret-0123456789";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `probe` gives a value (see `waitFor`). */
const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined) =>
  waitFor(what, probe);

/**
 * The whole bot as an operator runs it: `tsx src/main.ts` with Discord (gateway) and Telegram
 * (webhook) against local fakes, the HTTP server, a database and a data folder of its own.
 */
describe("a full run of npm start", () => {
  let discord: FakeDiscord;
  const telegram = new FakeTelegram();
  let child: ChildProcess;
  let output = "";
  let port = 0;
  const dataDir = mkdtempSync(join(tmpdir(), "summit-data-"));
  const storyFile = join(dataDir, "story.json");
  const base = () => `http://127.0.0.1:${port}`;
  const hook = () => `${base()}/telegram/hook`;
  let updateId = 100;
  const private7 = { id: 7, type: "private" as const };
  const reader = { id: 7, language_code: "en" };

  const postUpdate = (text: string, secret: string | undefined) =>
    fetch(hook(), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
      },
      body: JSON.stringify({
        update_id: ++updateId,
        message: telegram.message(private7, reader, text),
      }),
    });
  const telegramReply = async (text: string) => {
    const before = telegram.sentTo(7).length;
    expect((await postUpdate(text, SECRET)).status).toBe(200);
    return until("a Telegram reply", () => telegram.sentTo(7)[before]);
  };

  beforeAll(async () => {
    copyFileSync(join(DATA_DIR, "csto-yerevan-2022.json"), storyFile);
    discord = await FakeDiscord.start();
    await telegram.start();
    port = await freePort();
    child = spawnMain(
      cleanEnv({
        DISCORD_TOKEN: discord.token,
        DISCORD_API_ROOT: discord.apiRoot,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        HTTP_PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_PATH: join(dataDir, "..", `summit-${port}.sqlite`),
        LOG_LEVEL: "trace",
      }),
    );
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    await discord.waitForReady();
    await until("the webhook", () => telegram.webhook);
    await until("readiness", async () =>
      (await fetch(`${base()}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined,
    );
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await discord.close();
    await telegram.stop();
  });

  it("GIVEN both platforms connected THEN /healthz and /readyz answer 200 with every check ok", async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      checks: { discord: "ok", telegram: "ok" },
    });
  });

  it("GIVEN a command on each platform THEN each is answered and /metrics counts it", async () => {
    const { id } = discord.chatInput("quote", { speaker: "Loukachenko" }, { locale: "fr" });
    const callback = await discord.waitForCallback(id);
    expect(JSON.stringify(callback.body)).toContain("Si la Russie l’emporte");
    // /members comes with the map: a photo whose caption is the answer.
    const photos = telegram.photosTo(7).length;
    expect((await postUpdate("/members", SECRET)).status).toBe(200);
    const map = await until("the map on Telegram", () => telegram.photosTo(7)[photos]);
    expect(map.text).toContain("member states");
    expect(map.photo).toMatchObject({ width: 1200, height: 900 });
    // The reply reaches the fake before serve() counts it: wait for the count, not a time.
    const members = /summit_commands_total\{platform="telegram",command="members",outcome="ok"\} 1/;
    const metrics = await until("/metrics to count /members", async () => {
      const text = await (await fetch(`${base()}/metrics`)).text();
      return members.test(text) ? text : undefined;
    });
    expect(metrics).toMatch(
      /summit_commands_total\{platform="discord",command="quote",outcome="ok"\} 1/,
    );
    expect(metrics).toMatch(
      /summit_commands_total\{platform="telegram",command="members",outcome="ok"\} 1/,
    );
    expect(metrics).toContain("summit_command_duration_seconds_bucket");
  });

  it("GIVEN a webhook request without the secret THEN it is refused", async () => {
    expect((await postUpdate("/summary", undefined)).status).toBe(401);
    expect((await postUpdate("/summary", "not-the-secret-0123456789")).status).toBe(401);
  });

  it("GIVEN a valid edit of the story THEN the next answer uses it, without a restart", async () => {
    const story = JSON.parse(readFileSync(storyFile, "utf8"));
    story.headline.en = "Edited while running";
    writeFileSync(storyFile, JSON.stringify(story));
    await until("the edited headline", async () => {
      const reply = await telegramReply("/summary");
      return reply.text.includes("Edited while running") ? true : undefined;
    });
  });

  it("GIVEN an invalid edit THEN the last good story is served and /readyz shows the refusal", async () => {
    const story = JSON.parse(readFileSync(storyFile, "utf8"));
    story.quotes[0].speaker = "ghost";
    writeFileSync(storyFile, JSON.stringify(story));
    const body = await until("the refusal in /readyz", async () => {
      const json = (await (await fetch(`${base()}/readyz`)).json()) as {
        story: { lastEdit: string };
      };
      return json.story.lastEdit.startsWith("refused") ? json : undefined;
    });
    expect(body.story.lastEdit).toContain("quotes.0.speaker");
    expect((await telegramReply("/summary")).text).toContain("Edited while running");
    expect(output).toMatch(/"field":"quotes\.0\.speaker"/);
  });

  it("GIVEN SIGINT THEN everything stops in order and the process exits 0", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    expect(await exited, output).toBe(0);
    await discord.waitForGatewayClosed();
    expect(output).toContain('"msg":"stopped"');
  });

  it("GIVEN the whole run's log THEN no line contains a token or the webhook secret", () => {
    const lines = output.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of [discord.token, telegram.token, SECRET]) {
      expect(output).not.toContain(secret);
    }
    // One line per command served, with platform, command, locale, latency and outcome.
    const served = lines
      .filter((l) => l.includes('"msg":"command served"'))
      .map((l) => JSON.parse(l));
    expect(served.length).toBeGreaterThanOrEqual(3);
    for (const line of served) {
      expect(line).toMatchObject({
        platform: expect.any(String),
        command: expect.any(String),
        locale: expect.any(String),
        outcome: "ok",
      });
      expect(typeof line.latencyMs).toBe("number");
    }
  });
});

describe("readiness follows the platforms", () => {
  it("GIVEN the Telegram API fails and comes back THEN /readyz turns 503 with the reason, then 200", async () => {
    const telegram = new FakeTelegram();
    await telegram.start();
    const port = await freePort();
    const child = spawnMain(
      cleanEnv({
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        HTTP_PORT: String(port),
        DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "summit-db-")), "db.sqlite"),
      }),
    );
    const readyz = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      return (
        res && {
          status: res.status,
          body: (await res.json()) as { checks: Record<string, string> },
        }
      );
    };
    try {
      await until("ready", async () => ((await readyz())?.status === 200 ? true : undefined));
      // One failure: auto-retry waits 3 s before the next poll, long enough to see the 503.
      telegram.fail("getUpdates", { error_code: 502, description: "Bad Gateway" }, 1);
      // End the long poll in progress, so that the next poll meets the failure.
      telegram.sendText({ id: 5, type: "private" }, { id: 5, language_code: "en" }, "/summary");
      const down = await until("not ready", async () => {
        const r = await readyz();
        return r?.status === 503 ? r : undefined;
      });
      expect(down.body.checks).toMatchObject({
        telegram: "not connected",
        database: expect.stringMatching(/^ok/),
      });
      await until("ready again", async () => ((await readyz())?.status === 200 ? true : undefined));
    } finally {
      child.kill("SIGKILL");
      await telegram.stop();
    }
  });
});

describe("signals", () => {
  it("GIVEN a second signal while a reply is still in flight THEN the process exits at once", async () => {
    const telegram = new FakeTelegram();
    await telegram.start();
    const child = spawnMain(
      cleanEnv({
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        LOG_LEVEL: "info",
        DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "summit-db-")), "db.sqlite"),
      }),
    );
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    try {
      await telegram.waitForCall("getUpdates", (p) => Number(p.timeout) > 0, { received: true });
      // Hold a reply in flight so that the first signal has something to wait for.
      telegram.delay("sendMessage", 8_000);
      telegram.sendText({ id: 9, type: "private" }, { id: 9, language_code: "en" }, "/summary");
      await telegram.waitForCall("sendMessage", () => true, { received: true });
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await until("the first signal to be handled", () =>
        output.includes("shutting down") ? true : undefined,
      );
      child.kill("SIGTERM");
      const code = await exited;
      expect(code).toBe(1);
      // At once: the reply held in flight was never answered.
      expect(telegram.callsTo("sendMessage").map((c) => c.ok)).toEqual([undefined]);
      expect(output).toContain("second signal: exiting at once");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await telegram.stop();
    }
  });
});
