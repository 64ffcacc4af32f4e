import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main, serve } from "../src/main.ts";
import { prepare } from "../src/startup.ts";
import { FakeTelegram } from "./fakes/telegram/server.ts";
import { runMain, testEnv } from "./support/cli.ts";
import { ROOT } from "./support/paths.ts";
import { realStory, storyDir } from "./support/stories.ts";
import { waitFor } from "./support/wait.ts";

const start = (env: Record<string, string>, ...args: string[]) => runMain(main, args, env);

describe("npm start (in-process)", () => {
  it("GIVEN no token and no terminal THEN it exits non-zero naming the variables to set", async () => {
    const r = await start({});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DISCORD_TOKEN");
    expect(r.stderr).toContain("TELEGRAM_BOT_TOKEN");
  });

  it("GIVEN no token and a terminal THEN it opens the console there", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (d) => (text += d));
    input.end("/exit\n");
    const r = await runMain(main, [], {}, { terminal: { input, output } });
    expect(r.code).toBe(0);
    expect(text).toContain("Console Summit Brief");
  });

  it("GIVEN --check and valid settings THEN it validates without connecting and exits 0", async () => {
    const r = await start(
      {
        DISCORD_TOKEN: "MTA0OTcyMTkzMjQxODA0Mzk1NA.GfAkEe.not-a-real-token-0123456789abcdef",
        DISCORD_API_ROOT: "http://127.0.0.1:9/api",
      },
      "--check",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Configuration OK");
  });

  it("GIVEN --check and Discord shards THEN it says which shards this process runs, or refuses a list without its count", async () => {
    const token = "MTA0OTcyMTkzMjQxODA0Mzk1NA.GfAkEe.not-a-real-token-0123456789abcdef";
    const some = await start(
      { DISCORD_TOKEN: token, DISCORD_SHARDS: "0,1", DISCORD_SHARD_COUNT: "4" },
      "--check",
    );
    expect(some.code).toBe(0);
    expect(some.stdout).toContain(
      "Discord shards: 0-1 of 4; other replicas must run the other 2 with DISCORD_SHARD_COUNT=4.",
    );
    const auto = await start({ DISCORD_TOKEN: token, DISCORD_SHARDS: "auto" }, "--check");
    expect(auto.stdout).toContain("Discord shards: auto");
    const none = await start({ DISCORD_TOKEN: token }, "--check");
    expect(none.stdout).not.toContain("Discord shards");
    const bad = await start({ DISCORD_TOKEN: token, DISCORD_SHARDS: "0,1" }, "--check");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "DISCORD_SHARD_COUNT: is required when DISCORD_SHARDS lists shard ids",
    );
  });

  it("GIVEN --check and DISCORD_TOKEN=abc THEN it refuses the token", async () => {
    const r = await start({ DISCORD_TOKEN: "abc" }, "--check");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("DISCORD_TOKEN: does not look like a Discord bot token");
    expect(r.stderr).not.toContain("abc");
  });

  it("GIVEN DATA_DIR=/nonexistent THEN the error names DATA_DIR", async () => {
    const r = await start({ DATA_DIR: "/nonexistent" }, "--check");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("DATA_DIR: /nonexistent does not exist");
  });

  it("GIVEN a broken story file THEN it refuses to start, naming the file and the field", async () => {
    const broken = realStory();
    broken.quotes = broken.quotes.map((q, i) => (i === 0 ? { ...q, speaker: "nobody" } : q));
    const dir = storyDir({ "broken.json": broken });
    const r = await start({ DATA_DIR: dir }, "--check");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.json: quotes.0.speaker: unknown person "nobody"');
  });

  it("GIVEN several bad variables THEN each gets one line with an example", async () => {
    const r = await start(
      { DEFAULT_LOCALE: "de", HTTP_PORT: "http", DIGEST_TIMEZONE: "Mars/Olympus" },
      "--check",
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DEFAULT_LOCALE: must be one of fr, en, ru \(example: fr\)/);
    expect(r.stderr).toMatch(/HTTP_PORT: must be a port number \(example: 8080\)/);
    expect(r.stderr).toMatch(
      /DIGEST_TIMEZONE: is not an IANA time zone \(example: Europe\/Paris\)/,
    );
  });

  it("GIVEN random bytes at DATABASE_PATH THEN start exits 2 with one line naming DATABASE_PATH, no stack", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "summit-main-")), "db.sqlite");
    writeFileSync(path, randomBytes(8192));
    const r = await start({
      DATABASE_PATH: path,
      TELEGRAM_BOT_TOKEN: "123:abcdefghijklmnopqrstuvwxyz",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`DATABASE_PATH (${path}) is not a valid SQLite database`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("GIVEN --check and random bytes at DATABASE_PATH THEN it opens it read-only, fails and exits 2", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "summit-main-")), "db.sqlite");
    writeFileSync(path, randomBytes(8192));
    const r = await start({ DATABASE_PATH: path }, "--check");
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain("Configuration OK");
    expect(r.stderr).toContain(`DATABASE_PATH (${path}) is not a valid SQLite database`);
  });
});

describe("serve: one shutdown deadline, handed down as one AbortSignal", () => {
  /** The bot in-process against a fake Telegram, with its log lines in order. */
  async function serving(fake: FakeTelegram) {
    const lines: string[] = [];
    const logDestination = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const app = prepare(
      testEnv({
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "summit-stop-")), "db.sqlite"),
        LOG_LEVEL: "info",
      }),
      { dotenv: false, logDestination },
    );
    const stop = new AbortController();
    const done = serve(app, stop.signal, { shutdownMs: 1_000 });
    const msgs = () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    await waitFor("the bot serving", () => msgs().includes("serving"));
    return { stop, done, msgs };
  }

  it("GIVEN the Telegram API gone THEN a stop still ends with 0, the database closed last", async () => {
    const fake = new FakeTelegram();
    await fake.start();
    const bot = await serving(fake);
    await fake.stop();
    bot.stop.abort("SIGTERM");
    expect(await bot.done).toBe(0);
    const order = bot
      .msgs()
      .filter((m) => /shutting down|telegram stopped|database closed|^stopped$/.test(m));
    expect(order).toEqual(["shutting down", "telegram stopped", "database closed", "stopped"]);
  });

  it("GIVEN a Telegram API that never answers THEN the stop ends at the deadline with 0, the database closed last", async () => {
    const fake = new FakeTelegram();
    await fake.start();
    try {
      const bot = await serving(fake);
      // A reply held forever, and every later call too: nothing the platform does ends it.
      await fake.waitForCall("getUpdates", (p) => Number(p.timeout) > 0, { received: true });
      fake.delay("sendMessage", 3_600_000);
      fake.sendText({ id: 7, type: "private" }, { id: 7, language_code: "en" }, "/summary");
      await fake.waitForCall("sendMessage", () => true, { received: true });
      fake.delay("getUpdates", 3_600_000, 1_000);
      bot.stop.abort("SIGTERM");
      expect(await bot.done).toBe(0);
      const msgs = bot.msgs();
      expect(msgs).toContain("shutdown deadline: updates still in flight");
      expect(msgs.indexOf("shutdown deadline reached: stopping anyway")).toBeGreaterThan(
        msgs.indexOf("shutting down"),
      );
      expect(msgs.slice(-2)).toEqual(["database closed", "stopped"]);
    } finally {
      await fake.stop();
    }
  });
});

/**
 * What loading a module loads before any of its code runs: its static imports, followed
 * through our own files (`import type` is erased; with verbatimModuleSyntax any other import
 * stays, even one naming only types). `import()` is not followed: it loads on use.
 */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(
      /^\s*(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?["']([^"']+)["'];/gm,
    )) {
      const spec = m[1] as string;
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith("node:")) packages.add(spec);
    }
  };
  visit(join(ROOT, entry));
  return {
    files: new Set([...files].map((f) => relative(ROOT, f))),
    packages,
  };
}

describe("what npm start loads before it serves", () => {
  const { files, packages } = staticGraph("src/main.ts");

  it("GIVEN the scanner THEN it follows what serving needs", () => {
    expect(files).toContain("src/startup.ts");
    expect(files).toContain("src/digest/service.ts");
    expect(files).toContain("commands/quote.ts");
    expect(packages).toContain("better-sqlite3");
  });

  it("GIVEN src/main.ts THEN the console, the HTTP server and the platforms load only when used", () => {
    const unused = [
      "src/cli/console.ts",
      "src/adapters/console/invocation.ts",
      "src/ops/http.ts",
      "src/ops/health.ts",
      "src/images/drawer.ts",
      "src/adapters/telegram/service.ts",
      "src/adapters/discord/service.ts",
    ];
    expect(unused.filter((f) => files.has(f))).toEqual([]);
  });

  it("GIVEN src/main.ts THEN dotenv, p-queue, p-retry and the platform libraries load only when used", () => {
    const lazy = ["dotenv", "p-queue", "p-retry", "grammy", "discord.js", "pg", "node-cron"];
    expect(lazy.filter((p) => packages.has(p))).toEqual([]);
  });
});
