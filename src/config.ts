// Every environment variable, validated in one table (name, schema, example, meaning) so each
// problem gets one line. It stays one file (over 300 lines): the table is the documentation.

import * as v from "valibot";
import {
  MAX_SHARD_COUNT,
  parseShardSelection,
  shardConfigProblem,
} from "./adapters/discord/shards.ts";
import { isLocale, LOCALES, type Locale } from "./core/locale.ts";
import { canonicalZone } from "./core/timezone.ts";
import { firstProblem, VALIDATION } from "./core/validation.ts";
import { cronRunner } from "./digest/cron.ts";
import { isPostgresUrl, urlPassword } from "./storage/url.ts";

/** One problem per variable: its name, what is wrong, and an example of a right value. */
export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
  readonly example: string;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.problem} (example: ${p.example})`).join("\n")}`,
    );
  }
}

/** Parses "90s", "45m", "3h", "1d" or "0" into milliseconds; undefined if malformed. */
export function parseDuration(value: string): number | undefined {
  const m = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(value.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? "s"] ?? 1_000;
  return Number(m[1]) * unit;
}

/** An IANA zone name (the one check, shared with `/digest subscribe`). */
export function isValidTimezone(tz: string): boolean {
  return canonicalZone(tz) !== undefined;
}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** A variable's text, trimmed; unset when empty or blank. */
const unset = v.pipe(
  v.optional(v.string()),
  v.transform((value) => (value?.trim() ? value.trim() : undefined)),
);

/** Unset, or a text that matches `pattern` (else `problem`). */
const matching = (pattern: RegExp, problem: string) =>
  v.pipe(unset, v.optional(v.pipe(v.string(), v.regex(pattern, problem))));
/** Unset, or a text that passes `test` (else `problem`). */
const passing = (test: (value: string) => boolean, problem: string) =>
  v.pipe(unset, v.optional(v.pipe(v.string(), v.check(test, problem))));

const SNOWFLAKE = /^\d{17,20}$/;
const HTTP_URL = "must be an http(s) URL";
/** An http:// or https:// URL (tabs and newlines inside are dropped, as the URL parser does). */
const httpUrl = v.pipe(
  v.string(),
  v.regex(/^https?:\/\//i, HTTP_URL),
  v.url(HTTP_URL),
  v.transform((url) => url.replace(/[\t\n\r]/g, "")),
);
/** A whole number from `min` to `max`, given in decimal digits. */
const wholeNumber = (min: number, max: number, notDigits: string, outOfRange: string) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, notDigits),
    v.transform(Number),
    v.finite(),
    v.safeInteger(),
    v.minValue(min, outOfRange),
    v.maxValue(max, outOfRange),
  );
const ipAddress = v.pipe(v.string(), v.ip());
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Each variable: how it is read, what it means (for `.env.example`), and a right example. */
const variables = {
  DISCORD_TOKEN: {
    // A bot token is three base64url segments: the bot's id, a timestamp, an HMAC.
    schema: matching(
      /^[A-Za-z0-9_-]{17,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/,
      "does not look like a Discord bot token (three dot-separated parts, from the Developer Portal, Bot tab)",
    ),
    example: "MTA5…(the bot token from the Developer Portal)",
  },
  DISCORD_APPLICATION_ID: {
    schema: matching(SNOWFLAKE, "must be a numeric snowflake"),
    example: "1049721932418043954",
  },
  DISCORD_GUILD_ID: {
    schema: matching(SNOWFLAKE, "must be a numeric snowflake"),
    example: "1049721932418043954",
  },
  DISCORD_API_ROOT: {
    schema: v.pipe(unset, v.optional(httpUrl)),
    example: "http://127.0.0.1:8080/api",
  },
  DISCORD_SHARDS: {
    schema: v.pipe(
      unset,
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        if (dataset.value === undefined) return undefined;
        const parsed = parseShardSelection(dataset.value);
        if (parsed.ok) return parsed.value;
        addIssue({ message: parsed.problem });
        return NEVER;
      }),
    ),
    example: "auto, or 0,1 (or a range, 0-3) with DISCORD_SHARD_COUNT",
  },
  DISCORD_SHARD_COUNT: {
    schema: v.pipe(
      unset,
      v.optional(
        wholeNumber(
          1,
          MAX_SHARD_COUNT,
          `must be a whole number from 1 to ${MAX_SHARD_COUNT}`,
          `must be a whole number from 1 to ${MAX_SHARD_COUNT}`,
        ),
      ),
    ),
    example: "2",
  },
  TELEGRAM_BOT_TOKEN: {
    schema: matching(/^\d+:[\w-]{20,}$/, "must look like 123456:ABC-DEF… (from @BotFather)"),
    example: "123456789:AAE-abcdefghijklmnopqrstuvwxyz",
  },
  TELEGRAM_API_ROOT: {
    schema: v.pipe(
      unset,
      v.optional(v.pipe(httpUrl, v.regex(/[^/]$/, "must not end with a slash"))),
    ),
    example: "http://127.0.0.1:8081",
  },
  TELEGRAM_WEBHOOK_URL: {
    schema: v.pipe(unset, v.optional(httpUrl)),
    example: "https://bot.example.org/telegram",
  },
  TELEGRAM_WEBHOOK_SECRET: {
    schema: matching(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A-Z a-z 0-9 _ -"),
    example: "s3cr3t-0123456789abcdef",
  },
  DEFAULT_LOCALE: {
    schema: v.pipe(unset, v.optional(v.picklist(LOCALES, `must be one of ${LOCALES.join(", ")}`))),
    example: "fr",
  },
  DATA_DIR: { schema: v.pipe(unset, v.optional(v.string(), "data")), example: "data" },
  DATABASE_PATH: {
    schema: v.pipe(unset, v.optional(v.string(), "var/summit-brief.sqlite")),
    example: "var/summit-brief.sqlite",
  },
  DATABASE_URL: {
    schema: passing(
      isPostgresUrl,
      "must be a PostgreSQL URL, postgres://user:password@host:5432/database",
    ),
    example: "postgres://summit:secret@127.0.0.1:5432/summit",
  },
  DIGEST_CRON: {
    schema: passing((cron) => cronRunner().validate(cron), "is not a valid cron expression"),
    example: "0 8 * * *",
  },
  DIGEST_TIMEZONE: {
    // The default is not checked (it is a zone); only what the operator wrote is.
    schema: v.pipe(
      passing(isValidTimezone, "is not an IANA time zone"),
      v.transform((zone) => zone ?? "Europe/Paris"),
    ),
    example: "Europe/Paris",
  },
  DIGEST_LOCALE: {
    schema: v.pipe(unset, v.optional(v.picklist(LOCALES, `must be one of ${LOCALES.join(", ")}`))),
    example: "en",
  },
  DIGEST_IMAGE: {
    schema: v.pipe(
      unset,
      v.optional(v.picklist(["on", "off"], "must be on or off"), "on"),
      v.transform((value) => value === "on"),
    ),
    example: "off",
  },
  DIGEST_DISCORD_CHANNELS: {
    schema: v.pipe(
      unset,
      v.transform(list),
      v.array(
        v.pipe(v.string(), v.regex(SNOWFLAKE, "must be channel ids (snowflakes), comma-separated")),
      ),
    ),
    example: "1049721932418043954,1049721932418043955",
  },
  DIGEST_TELEGRAM_CHATS: {
    schema: v.pipe(
      unset,
      v.transform(list),
      v.array(
        v.pipe(
          v.string(),
          v.regex(
            /^(-?\d+|@[A-Za-z]\w{3,31})$/,
            "must be chat ids or @channel names, comma-separated",
          ),
        ),
      ),
    ),
    example: "-1001234567890,@summitbrief",
  },
  DIGEST_CATCHUP: {
    schema: v.pipe(
      unset,
      v.optional(v.string(), "3h"),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const ms = parseDuration(dataset.value);
        if (ms !== undefined) return ms;
        addIssue({ message: "is not a duration" });
        return NEVER;
      }),
    ),
    example: "3h (or 45m, 0 to disable)",
  },
  LOG_LEVEL: {
    schema: v.pipe(
      unset,
      v.optional(
        v.picklist(
          ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
          "must be one of fatal, error, warn, info, debug, trace, silent",
        ),
        "info",
      ),
    ),
    example: "info",
  },
  HTTP_PORT: {
    schema: v.pipe(
      unset,
      v.optional(wholeNumber(1, 65535, "must be a port number", "must be 1–65535")),
    ),
    example: "8080",
  },
  HTTP_HOST: {
    schema: v.pipe(
      passing(
        (host) => v.is(ipAddress, host) || HOST_NAME.test(host),
        "must be an IP address or a host name",
      ),
      v.transform((host) => host ?? "127.0.0.1"),
    ),
    example: "127.0.0.1",
  },
} as const;

type Variables = typeof variables;
export type Config = { readonly [K in keyof Variables]: v.InferOutput<Variables[K]["schema"]> } & {
  /** The console's and the operator's language: DEFAULT_LOCALE, French if unset. */
  readonly defaultLocale: Locale;
  /** For a reader whose language is neither French nor English: DEFAULT_LOCALE, English if unset. */
  readonly readerFallbackLocale: Locale;
};

/**
 * Reads and validates the whole configuration. Collects every problem before failing, so
 * an operator fixes them in one pass.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: ConfigProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(variables)) {
    const parsed = v.safeParse(spec.schema, env[name], VALIDATION);
    if (parsed.success) out[name] = parsed.output;
    else
      problems.push({
        variable: name,
        problem: firstProblem(parsed.issues).message,
        example: spec.example,
      });
  }
  if (
    out.TELEGRAM_WEBHOOK_URL &&
    !out.TELEGRAM_WEBHOOK_SECRET &&
    !problems.some((p) => p.variable === "TELEGRAM_WEBHOOK_SECRET")
  ) {
    problems.push({
      variable: "TELEGRAM_WEBHOOK_SECRET",
      problem: "is required when TELEGRAM_WEBHOOK_URL is set",
      example: variables.TELEGRAM_WEBHOOK_SECRET.example,
    });
  }
  if (
    out.TELEGRAM_WEBHOOK_URL &&
    out.HTTP_PORT === undefined &&
    !problems.some((p) => p.variable === "HTTP_PORT")
  ) {
    problems.push({
      variable: "HTTP_PORT",
      problem: "is required when TELEGRAM_WEBHOOK_URL is set (the webhook server listens there)",
      example: variables.HTTP_PORT.example,
    });
  }
  // Telegram's servers only call HTTPS webhooks; a local Bot API server (TELEGRAM_API_ROOT) may
  // call plain http.
  if (
    typeof out.TELEGRAM_WEBHOOK_URL === "string" &&
    out.TELEGRAM_WEBHOOK_URL.startsWith("http:") &&
    !out.TELEGRAM_API_ROOT
  ) {
    problems.push({
      variable: "TELEGRAM_WEBHOOK_URL",
      problem:
        "must be https:// (Telegram calls webhooks over HTTPS only; http:// only with a local Bot API server, TELEGRAM_API_ROOT)",
      example: variables.TELEGRAM_WEBHOOK_URL.example,
    });
  }
  // Operator targets without a schedule would never be posted to.
  const targets = [out.DIGEST_DISCORD_CHANNELS, out.DIGEST_TELEGRAM_CHATS].some(
    (l) => Array.isArray(l) && l.length > 0,
  );
  if (targets && !out.DIGEST_CRON && !problems.some((p) => p.variable === "DIGEST_CRON")) {
    problems.push({
      variable: "DIGEST_CRON",
      problem:
        "is required when DIGEST_DISCORD_CHANNELS or DIGEST_TELEGRAM_CHATS is set (without it nothing is ever posted)",
      example: variables.DIGEST_CRON.example,
    });
  }
  // A list of shards needs the total, and its ids must exist in it (see shards.ts).
  if (!problems.some((p) => p.variable.startsWith("DISCORD_SHARD"))) {
    const shards = shardConfigProblem(
      out.DISCORD_SHARDS as Config["DISCORD_SHARDS"],
      out.DISCORD_SHARD_COUNT as Config["DISCORD_SHARD_COUNT"],
    );
    if (shards) problems.push({ ...shards, example: variables[shards.variable].example });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const locale = isLocale(out.DEFAULT_LOCALE) ? out.DEFAULT_LOCALE : undefined;
  return {
    ...(out as Omit<Config, "defaultLocale" | "readerFallbackLocale">),
    defaultLocale: locale ?? "fr",
    readerFallbackLocale: locale ?? "en",
  };
}

/** The values that must never be logged or shown. */
export function secretsOf(config: Config): string[] {
  return [
    config.DISCORD_TOKEN,
    config.TELEGRAM_BOT_TOKEN,
    config.TELEGRAM_WEBHOOK_SECRET,
    urlPassword(config.DATABASE_URL),
  ].filter((s): s is string => !!s);
}
