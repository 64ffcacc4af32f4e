import { describe, expect, it } from "vitest";
import { describeShards, shardOptions } from "../src/adapters/discord/shards.ts";
import {
  ConfigError,
  type ConfigProblem,
  loadConfig,
  parseDuration,
  secretsOf,
} from "../src/config.ts";

function problems(env: Record<string, string>): ConfigProblem[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

/** Shaped like a bot token (three base64url parts); not a real one. */
const DISCORD_TOKEN_SHAPED = "MTA0OTcyMTkzMjQxODA0Mzk1NA.GfAkEe.not-a-real-token-0123456789abcdef";

const problemsOf = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("configuration checks an operator relies on (--check)", () => {
  it("GIVEN DISCORD_TOKEN=abc THEN it is refused as not a bot token", () => {
    expect(problemsOf({ DISCORD_TOKEN: "abc" })).toContain(
      "DISCORD_TOKEN: does not look like a Discord bot token",
    );
    expect(problemsOf({ DISCORD_TOKEN: DISCORD_TOKEN_SHAPED })).toBe("");
  });

  it("GIVEN an http:// TELEGRAM_WEBHOOK_URL THEN it is refused unless TELEGRAM_API_ROOT is set", () => {
    const env = {
      TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      TELEGRAM_WEBHOOK_URL: "http://bot.example.org/telegram",
      TELEGRAM_WEBHOOK_SECRET: "s3cr3t-0123456789abcdef",
      HTTP_PORT: "8080",
    };
    expect(problemsOf(env)).toContain("TELEGRAM_WEBHOOK_URL: must be https://");
    expect(problemsOf({ ...env, TELEGRAM_API_ROOT: "http://127.0.0.1:8081" })).toBe("");
    expect(problemsOf({ ...env, TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram" })).toBe(
      "",
    );
  });

  it("GIVEN digest targets without DIGEST_CRON THEN it is refused (nothing would ever be posted)", () => {
    expect(problemsOf({ DIGEST_TELEGRAM_CHATS: "-1001234567890" })).toContain(
      "DIGEST_CRON: is required when DIGEST_DISCORD_CHANNELS or DIGEST_TELEGRAM_CHATS is set",
    );
    expect(problemsOf({ DIGEST_DISCORD_CHANNELS: "1049721932418043954" })).toContain("DIGEST_CRON");
    expect(problemsOf({ DIGEST_TELEGRAM_CHATS: "-1001234567890", DIGEST_CRON: "0 8 * * *" })).toBe(
      "",
    );
  });
});

describe("configuration", () => {
  it("GIVEN an empty environment THEN the defaults apply", () => {
    const config = loadConfig({});
    expect(config.defaultLocale).toBe("fr");
    expect(config.readerFallbackLocale).toBe("en");
    expect(config.DATA_DIR).toBe("data");
    expect(config.DATABASE_PATH).toBe("var/summit-brief.sqlite");
    expect(config.DIGEST_TIMEZONE).toBe("Europe/Paris");
    expect(config.DIGEST_CATCHUP).toBe(3 * 3_600_000);
    expect(config.DIGEST_DISCORD_CHANNELS).toEqual([]);
    expect(config.LOG_LEVEL).toBe("info");
    expect(config.HTTP_PORT).toBeUndefined();
    // Health and metrics are for the machine itself unless the operator says otherwise.
    expect(config.HTTP_HOST).toBe("127.0.0.1");
  });

  it("GIVEN valid values THEN they are parsed", () => {
    const config = loadConfig({
      DEFAULT_LOCALE: "en",
      HTTP_PORT: "8080",
      DIGEST_CRON: "0 8 * * *",
      DIGEST_CATCHUP: "45m",
      DIGEST_TELEGRAM_CHATS: "-1001234567890, @summitbrief",
      DIGEST_DISCORD_CHANNELS: "1049721932418043954",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081",
    });
    expect(config.defaultLocale).toBe("en");
    expect(config.readerFallbackLocale).toBe("en");
    expect(loadConfig({ DEFAULT_LOCALE: "fr" }).readerFallbackLocale).toBe("fr");
    expect(config.HTTP_PORT).toBe(8080);
    expect(loadConfig({ HTTP_HOST: "0.0.0.0" }).HTTP_HOST).toBe("0.0.0.0");
    expect(loadConfig({ HTTP_HOST: "::1" }).HTTP_HOST).toBe("::1");
    expect(loadConfig({ HTTP_HOST: "bot.internal" }).HTTP_HOST).toBe("bot.internal");
    expect(config.DIGEST_CATCHUP).toBe(45 * 60_000);
    expect(config.DIGEST_TELEGRAM_CHATS).toEqual(["-1001234567890", "@summitbrief"]);
  });

  it("GIVEN HTTP_HOST as an IPv6 address THEN the usual forms are taken, a link-local one with its interface too", () => {
    for (const host of ["::", "2001:db8::1", "::ffff:127.0.0.1", "fe80::1%eth0"])
      expect(loadConfig({ HTTP_HOST: host }).HTTP_HOST).toBe(host);
  });

  it("GIVEN URLs with spaces around THEN they are trimmed; inside, tabs and newlines are dropped as the URL parser does", () => {
    expect(loadConfig({ DISCORD_API_ROOT: " http://127.0.0.1:8080/api " }).DISCORD_API_ROOT).toBe(
      "http://127.0.0.1:8080/api",
    );
    expect(loadConfig({ TELEGRAM_API_ROOT: "http://127.0.0.1:\t8081" }).TELEGRAM_API_ROOT).toBe(
      "http://127.0.0.1:8081",
    );
  });

  it("GIVEN DIGEST_IMAGE unset, on or off THEN operator digests carry the card unless it is off", () => {
    expect(loadConfig({}).DIGEST_IMAGE).toBe(true);
    expect(loadConfig({ DIGEST_IMAGE: "on" }).DIGEST_IMAGE).toBe(true);
    expect(loadConfig({ DIGEST_IMAGE: "off" }).DIGEST_IMAGE).toBe(false);
  });

  it.each([
    ["DEFAULT_LOCALE", "de", "must be one of fr, en, ru", "fr"],
    ["HTTP_PORT", "eighty", "must be a port number", "8080"],
    ["HTTP_PORT", "70000", "must be 1–65535", "8080"],
    ["HTTP_HOST", "http://0.0.0.0:80", "must be an IP address or a host name", "127.0.0.1"],
    ["DIGEST_CRON", "every morning", "is not a valid cron expression", "0 8 * * *"],
    ["DIGEST_TIMEZONE", "Mars/Olympus", "is not an IANA time zone", "Europe/Paris"],
    ["DIGEST_LOCALE", "es", "must be one of fr, en, ru", "en"],
    ["DIGEST_IMAGE", "maybe", "must be on or off", "off"],
    ["DIGEST_CATCHUP", "soon", "is not a duration", "3h"],
    ["DIGEST_DISCORD_CHANNELS", "general", "must be channel ids", "1049721932418043954"],
    ["DIGEST_TELEGRAM_CHATS", "my chat", "must be chat ids or @channel names", "-1001234567890"],
    ["TELEGRAM_BOT_TOKEN", "abc", "must look like 123456:ABC-DEF", "123456789:"],
    [
      "TELEGRAM_API_ROOT",
      "http://127.0.0.1:8081/",
      "must not end with a slash",
      "http://127.0.0.1:8081",
    ],
    ["TELEGRAM_API_ROOT", "ftp://x", "must be an http(s) URL", "http://127.0.0.1:8081"],
    ["DISCORD_API_ROOT", "not a url", "must be an http(s) URL", "http://127.0.0.1:8080/api"],
    ["DISCORD_GUILD_ID", "guild", "must be a numeric snowflake", "1049721932418043954"],
    ["DISCORD_APPLICATION_ID", "12", "must be a numeric snowflake", "1049721932418043954"],
    ["TELEGRAM_WEBHOOK_SECRET", "short", "must be 16–256 characters", "s3cr3t"],
    ["LOG_LEVEL", "loud", "must be one of fatal, error", "info"],
    ["HTTP_PORT", "0", "must be 1–65535", "8080"],
    ["HTTP_PORT", "9".repeat(400), "Invalid input: expected number, received Infinity", "8080"],
    ["HTTP_HOST", "1::2::3", "must be an IP address or a host name", "127.0.0.1"],
    ["DATABASE_URL", "mysql://db/summit", "must be a PostgreSQL URL", "postgres://"],
    [
      "TELEGRAM_WEBHOOK_URL",
      "https:/bot.example.org",
      "must be an http(s) URL",
      "https://bot.example.org/telegram",
    ],
  ])(
    "GIVEN %s=%j THEN the message names it, says what is wrong and gives an example",
    (name, value, problem, example) => {
      const found = problems({ [name]: value });
      expect(found).toHaveLength(1);
      expect(found[0]?.variable).toBe(name);
      expect(found[0]?.problem).toContain(problem);
      expect(found[0]?.example).toContain(example);
    },
  );

  it("GIVEN a webhook URL without secret and port THEN both are required", () => {
    const found = problems({ TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram" });
    expect(found.map((p) => p.variable)).toEqual(["TELEGRAM_WEBHOOK_SECRET", "HTTP_PORT"]);
  });

  it("GIVEN several problems THEN they are all reported at once, one line each", () => {
    try {
      loadConfig({ DEFAULT_LOCALE: "xx", HTTP_PORT: "x", LOG_LEVEL: "x" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.split("\n")).toHaveLength(4);
    }
  });

  it("GIVEN a secret in a bad value THEN the error does not repeat the value", () => {
    const message = (() => {
      try {
        loadConfig({ TELEGRAM_WEBHOOK_SECRET: "has spaces in it, a secret!" });
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(message).toContain("TELEGRAM_WEBHOOK_SECRET");
    expect(message).not.toContain("has spaces in it");
  });

  it("GIVEN tokens THEN they are listed as secrets for the logger", () => {
    const config = loadConfig({
      DISCORD_TOKEN: DISCORD_TOKEN_SHAPED,
      TELEGRAM_BOT_TOKEN: "123:abcdefghijklmnopqrstuvwxyz",
    });
    expect(secretsOf(config)).toEqual([DISCORD_TOKEN_SHAPED, "123:abcdefghijklmnopqrstuvwxyz"]);
  });

  it.each([
    ["0", 0],
    ["90s", 90_000],
    ["3h", 10_800_000],
    ["1d", 86_400_000],
    ["250ms", 250],
    ["3 hours", undefined],
    ["-1h", undefined],
  ])("GIVEN the duration %j THEN it is %s ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe("Discord shards (DISCORD_SHARDS, DISCORD_SHARD_COUNT)", () => {
  it("GIVEN neither THEN there are no sharding options (one connection, as before)", () => {
    const config = loadConfig({});
    expect(config.DISCORD_SHARDS).toBeUndefined();
    expect(config.DISCORD_SHARD_COUNT).toBeUndefined();
    expect(shardOptions(config)).toEqual({});
  });

  it.each([
    [{ DISCORD_SHARDS: "auto" }, { shards: "auto" }],
    [{ DISCORD_SHARDS: " AUTO " }, { shards: "auto" }],
    [
      { DISCORD_SHARDS: "0,1", DISCORD_SHARD_COUNT: "2" },
      { shards: [0, 1], shardCount: 2 },
    ],
    [
      { DISCORD_SHARDS: "1", DISCORD_SHARD_COUNT: "2" },
      { shards: [1], shardCount: 2 },
    ],
    [
      { DISCORD_SHARDS: "4-6, 0", DISCORD_SHARD_COUNT: "8" },
      { shards: [4, 5, 6, 0], shardCount: 8 },
    ],
    // A count alone: this process runs every shard of it.
    [{ DISCORD_SHARD_COUNT: "3" }, { shards: [0, 1, 2], shardCount: 3 }],
  ])("GIVEN %j THEN discord.js gets %j", (env, options) => {
    expect(shardOptions(loadConfig(env))).toEqual(options);
  });

  it.each([
    [
      { DISCORD_SHARDS: "-1", DISCORD_SHARD_COUNT: "2" },
      "DISCORD_SHARDS",
      '"-1" is not a shard id',
    ],
    [{ DISCORD_SHARDS: "1.5", DISCORD_SHARD_COUNT: "2" }, "DISCORD_SHARDS", "not a shard id"],
    [{ DISCORD_SHARDS: "one", DISCORD_SHARD_COUNT: "2" }, "DISCORD_SHARDS", "not a shard id"],
    [{ DISCORD_SHARDS: ",", DISCORD_SHARD_COUNT: "2" }, "DISCORD_SHARDS", "lists no shard id"],
    [
      { DISCORD_SHARDS: "0,1,0", DISCORD_SHARD_COUNT: "2" },
      "DISCORD_SHARDS",
      "lists shard 0 twice",
    ],
    [
      { DISCORD_SHARDS: "0-2,1", DISCORD_SHARD_COUNT: "4" },
      "DISCORD_SHARDS",
      "lists shard 1 twice",
    ],
    [{ DISCORD_SHARDS: "3-1", DISCORD_SHARD_COUNT: "4" }, "DISCORD_SHARDS", "runs backwards"],
    [
      { DISCORD_SHARDS: "0-999999", DISCORD_SHARD_COUNT: "4" },
      "DISCORD_SHARDS",
      "above the largest shard id",
    ],
    [
      { DISCORD_SHARDS: "0,2", DISCORD_SHARD_COUNT: "2" },
      "DISCORD_SHARDS",
      "shard 2 does not exist with DISCORD_SHARD_COUNT=2 (ids run from 0 to 1)",
    ],
    [{ DISCORD_SHARDS: "0,1" }, "DISCORD_SHARD_COUNT", "is required when DISCORD_SHARDS lists"],
    [
      { DISCORD_SHARDS: "auto", DISCORD_SHARD_COUNT: "2" },
      "DISCORD_SHARD_COUNT",
      "must be empty with DISCORD_SHARDS=auto",
    ],
    [{ DISCORD_SHARD_COUNT: "0" }, "DISCORD_SHARD_COUNT", "whole number from 1 to 100000"],
    [{ DISCORD_SHARD_COUNT: "-2" }, "DISCORD_SHARD_COUNT", "whole number from 1"],
    [{ DISCORD_SHARD_COUNT: "2.5" }, "DISCORD_SHARD_COUNT", "whole number from 1"],
    [{ DISCORD_SHARD_COUNT: "100001" }, "DISCORD_SHARD_COUNT", "whole number from 1"],
  ])("GIVEN %j THEN one problem: %s %s", (env, variable, problem) => {
    const found = problems(env);
    expect(found).toHaveLength(1);
    expect(found[0]?.variable).toBe(variable);
    expect(found[0]?.problem).toContain(problem);
    expect(found[0]?.example).not.toBe("");
  });

  it("GIVEN a bad count beside a list THEN only the count is reported (not a second, derived line)", () => {
    const found = problems({ DISCORD_SHARDS: "0,1", DISCORD_SHARD_COUNT: "zero" });
    expect(found.map((p) => p.variable)).toEqual(["DISCORD_SHARD_COUNT"]);
  });
});

describe("what --check says about the shards", () => {
  it.each([
    [{}, undefined],
    [{ DISCORD_SHARDS: "auto" }, "Discord shards: auto"],
    [{ DISCORD_SHARD_COUNT: "3" }, "Discord shards: all 3 (0-2) in this process."],
    [
      { DISCORD_SHARDS: "0-3,8,10,11", DISCORD_SHARD_COUNT: "16" },
      "Discord shards: 0-3, 8, 10-11 of 16; other replicas must run the other 9 with DISCORD_SHARD_COUNT=16.",
    ],
  ])("GIVEN %j THEN %s", (env, said) => {
    const text = describeShards(shardOptions(loadConfig(env)));
    if (said === undefined) expect(text).toBeUndefined();
    else expect(text).toContain(said);
  });
});
