import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanEnv, run, TSX } from "./support/run.ts";
import { realStory, storyDir } from "./support/stories.ts";

const start = (env: Record<string, string>, ...args: string[]) =>
  run(TSX, ["src/main.ts", ...args], { env: cleanEnv(env) });

describe("npm start", () => {
  it("GIVEN no token and no terminal THEN it exits non-zero naming the variables to set", async () => {
    const r = await start({});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DISCORD_TOKEN");
    expect(r.stderr).toContain("TELEGRAM_BOT_TOKEN");
  });

  it("GIVEN --check and valid settings THEN it validates without connecting and exits 0", async () => {
    const r = await start(
      { DISCORD_TOKEN: "not-a-real-token", DISCORD_API_ROOT: "http://127.0.0.1:9/api" },
      "--check",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Configuration OK");
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
    expect(r.stderr).toMatch(/DEFAULT_LOCALE: must be "fr" or "en" \(example: fr\)/);
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
