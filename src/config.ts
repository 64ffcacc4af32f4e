// Every environment variable, validated in one table (name, schema, example, meaning) so each
// problem gets one line. It stays one file (over 300 lines): the table is the documentation.

import { z } from "zod";
import {
  MAX_SHARD_COUNT,
  parseShardSelection,
  shardConfigProblem,
} from "./adapters/discord/shards.ts";
import { isLocale, LOCALES, type Locale } from "./core/locale.ts";
import { canonicalZone } from "./core/timezone.ts";
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

const optional = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/** Each variable: how it is read, what it means (for `.env.example`), and a right example. */
const variables = {
  DISCORD_TOKEN: {
    // A bot token is three base64url segments: the bot's id, a timestamp, an HMAC.
    schema: optional.pipe(
      z
        .string()
        .regex(
          /^[A-Za-z0-9_-]{17,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/,
          "does not look like a Discord bot token (three dot-separated parts, from the Developer Portal, Bot tab)",
        )
        .optional(),
    ),
    example: "MTA5…(the bot token from the Developer Portal)",
  },
  DISCORD_APPLICATION_ID: {
    schema: optional.pipe(
      z
        .string()
        .regex(/^\d{17,20}$/, "must be a numeric snowflake")
        .optional(),
    ),
    example: "1049721932418043954",
  },
  DISCORD_GUILD_ID: {
    schema: optional.pipe(
      z
        .string()
        .regex(/^\d{17,20}$/, "must be a numeric snowflake")
        .optional(),
    ),
    example: "1049721932418043954",
  },
  DISCORD_API_ROOT: {
    schema: optional.pipe(
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    ),
    example: "http://127.0.0.1:8080/api",
  },
  DISCORD_SHARDS: {
    schema: optional.transform((v, ctx) => {
      if (v === undefined) return undefined;
      const parsed = parseShardSelection(v);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return z.NEVER;
    }),
    example: "auto, or 0,1 (or a range, 0-3) with DISCORD_SHARD_COUNT",
  },
  DISCORD_SHARD_COUNT: {
    schema: optional.pipe(
      z
        .string()
        .regex(/^\d+$/, `must be a whole number from 1 to ${MAX_SHARD_COUNT}`)
        .transform(Number)
        .pipe(
          z
            .number()
            .int()
            .min(1, `must be a whole number from 1 to ${MAX_SHARD_COUNT}`)
            .max(MAX_SHARD_COUNT, `must be a whole number from 1 to ${MAX_SHARD_COUNT}`),
        )
        .optional(),
    ),
    example: "2",
  },
  TELEGRAM_BOT_TOKEN: {
    schema: optional.pipe(
      z
        .string()
        .regex(/^\d+:[\w-]{20,}$/, "must look like 123456:ABC-DEF… (from @BotFather)")
        .optional(),
    ),
    example: "123456789:AAE-abcdefghijklmnopqrstuvwxyz",
  },
  TELEGRAM_API_ROOT: {
    schema: optional.pipe(
      z
        .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
        .regex(/[^/]$/, "must not end with a slash")
        .optional(),
    ),
    example: "http://127.0.0.1:8081",
  },
  TELEGRAM_WEBHOOK_URL: {
    schema: optional.pipe(
      z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    ),
    example: "https://bot.example.org/telegram",
  },
  TELEGRAM_WEBHOOK_SECRET: {
    schema: optional.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A-Z a-z 0-9 _ -")
        .optional(),
    ),
    example: "s3cr3t-0123456789abcdef",
  },
  DEFAULT_LOCALE: {
    schema: optional.pipe(
      z.enum(LOCALES, { error: `must be one of ${LOCALES.join(", ")}` }).optional(),
    ),
    example: "fr",
  },
  DATA_DIR: { schema: optional.pipe(z.string().default("data")), example: "data" },
  DATABASE_PATH: {
    schema: optional.pipe(z.string().default("var/summit-brief.sqlite")),
    example: "var/summit-brief.sqlite",
  },
  DATABASE_URL: {
    schema: optional.pipe(
      z
        .string()
        .refine(
          isPostgresUrl,
          "must be a PostgreSQL URL, postgres://user:password@host:5432/database",
        )
        .optional(),
    ),
    example: "postgres://summit:secret@127.0.0.1:5432/summit",
  },
  DIGEST_CRON: {
    schema: optional.pipe(
      z
        .string()
        .refine((v) => cronRunner().validate(v), "is not a valid cron expression")
        .optional(),
    ),
    example: "0 8 * * *",
  },
  DIGEST_TIMEZONE: {
    schema: optional.pipe(
      z.string().refine(isValidTimezone, "is not an IANA time zone").default("Europe/Paris"),
    ),
    example: "Europe/Paris",
  },
  DIGEST_LOCALE: {
    schema: optional.pipe(
      z.enum(LOCALES, { error: `must be one of ${LOCALES.join(", ")}` }).optional(),
    ),
    example: "en",
  },
  DIGEST_IMAGE: {
    schema: optional.pipe(
      z
        .enum(["on", "off"], { error: "must be on or off" })
        .default("on")
        .transform((v) => v === "on"),
    ),
    example: "off",
  },
  DIGEST_DISCORD_CHANNELS: {
    schema: optional
      .transform(list)
      .pipe(
        z.array(
          z.string().regex(/^\d{17,20}$/, "must be channel ids (snowflakes), comma-separated"),
        ),
      ),
    example: "1049721932418043954,1049721932418043955",
  },
  DIGEST_TELEGRAM_CHATS: {
    schema: optional
      .transform(list)
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^(-?\d+|@[A-Za-z]\w{3,31})$/,
              "must be chat ids or @channel names, comma-separated",
            ),
        ),
      ),
    example: "-1001234567890,@summitbrief",
  },
  DIGEST_CATCHUP: {
    schema: optional.pipe(z.string().default("3h")).transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === undefined) {
        ctx.addIssue({ code: "custom", message: "is not a duration" });
        return z.NEVER;
      }
      return ms;
    }),
    example: "3h (or 45m, 0 to disable)",
  },
  LOG_LEVEL: {
    schema: optional.pipe(
      z
        .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
          error: "must be one of fatal, error, warn, info, debug, trace, silent",
        })
        .default("info"),
    ),
    example: "info",
  },
  HTTP_PORT: {
    schema: optional.pipe(
      z
        .string()
        .regex(/^\d+$/, "must be a port number")
        .transform(Number)
        .pipe(z.number().int().min(1, "must be 1–65535").max(65535, "must be 1–65535"))
        .optional(),
    ),
    example: "8080",
  },
  HTTP_HOST: {
    schema: optional.pipe(
      z
        .string()
        .refine(
          (v) =>
            z.ipv4().safeParse(v).success ||
            z.ipv6().safeParse(v).success ||
            /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
              v,
            ),
          "must be an IP address or a host name",
        )
        .optional()
        .transform((v) => v ?? "127.0.0.1"),
    ),
    example: "127.0.0.1",
  },
} as const;

type Variables = typeof variables;
export type Config = { readonly [K in keyof Variables]: z.output<Variables[K]["schema"]> } & {
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
    const parsed = spec.schema.safeParse(env[name]);
    if (parsed.success) out[name] = parsed.data;
    else
      problems.push({
        variable: name,
        problem: parsed.error.issues[0]?.message ?? "is invalid",
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
