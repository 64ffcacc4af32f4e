import { isLocale, type Locale } from "../core/locale.ts";
import { type Checked, checkTimezone } from "./schedule.ts";

/** The options of `/digest subscribe`, as strings, the same from both platforms. */
export interface SubscribeOptions {
  readonly time?: string;
  readonly timezone?: string;
  /** The digest's language (fr, en); the reply's language is the caller's. */
  readonly language?: string;
  readonly cron?: string;
  /** Whether the digest carries the day's quote card: "on" or "off" (see `imageSetting`). */
  readonly image?: string;
}

export type DigestSubcommand = "subscribe" | "unsubscribe" | "status" | "preview";
export const DIGEST_SUBCOMMANDS: readonly DigestSubcommand[] = [
  "subscribe",
  "unsubscribe",
  "status",
  "preview",
];

/** A decoded `/digest …` text command (Telegram), or why it could not be decoded. */
export type ParsedDigestText =
  | { readonly kind: "usage" }
  | { readonly kind: "unknown-subcommand"; readonly value: string }
  | { readonly kind: "command"; readonly subcommand: DigestSubcommand; readonly words: string };

/**
 * Splits the text after `/digest` into a subcommand and its words.
 *
 * @example parseDigestText("subscribe 08:00 Europe/Paris en")
 * // { kind: "command", subcommand: "subscribe", words: "08:00 Europe/Paris en" }
 */
export function parseDigestText(text: string): ParsedDigestText {
  const trimmed = text.trim();
  if (!trimmed || /^(help|aide|\?)$/i.test(trimmed)) return { kind: "usage" };
  const [first = "", ...rest] = trimmed.split(/\s+/);
  const name = first.toLowerCase();
  const subcommand = DIGEST_SUBCOMMANDS.find((s) => s === name);
  if (!subcommand) return { kind: "unknown-subcommand", value: first };
  return { kind: "command", subcommand, words: rest.join(" ") };
}

const QUOTED = /"([^"]*)"|'([^']*)'|“([^”]*)”|«\s*([^»]*?)\s*»/;
const TIME_LIKE = /^\d{1,2}([:hH.]\d{1,2})?$/;
const CRON_FIELD = /^(\*|\?|[\d*?LW#,/-]+|[A-Za-z]{3}([,-][A-Za-z]{3})*)(\/\d+)?$/;
/** Keyed by user text: a Map, so that "__proto__" or "constructor" find nothing. */
const LANGUAGES: ReadonlyMap<string, Locale> = new Map([
  ["french", "fr"],
  ["français", "fr"],
  ["francais", "fr"],
  ["французский", "fr"],
  ["english", "en"],
  ["anglais", "en"],
  ["английский", "en"],
  ["russian", "ru"],
  ["russe", "ru"],
  ["русский", "ru"],
]);

/** Keyed by user text: a Map. The values `image:` takes, in the bot's languages. */
const IMAGE_VALUES: ReadonlyMap<string, boolean> = new Map([
  ["on", true],
  ["off", false],
  ["yes", true],
  ["no", false],
  ["oui", true],
  ["non", false],
  ["да", true],
  ["нет", false],
]);

/**
 * The image setting a reader typed ("on", "off", "oui", "нет"…), or undefined when the value
 * is none of them.
 *
 * @example imageSetting("OFF") // false
 */
export function imageSetting(value: string): boolean | undefined {
  return IMAGE_VALUES.get(value.trim().toLowerCase());
}

/** `image:off`, `image=on`: the image setting as one word. */
const IMAGE_WORD = /^image[:=](.*)$/i;

/**
 * Reads `subscribe` words in any order: a time (`08:00`), an IANA zone (`Europe/Paris`), a
 * language (`fr`, `en`), the picture (`image:on`, `image:off`) and a cron expression (in quotes,
 * or 5–6 bare fields in a row).
 * Values are only sorted here; `DigestService.subscribe` validates them.
 *
 * @example parseSubscribeWords("en 08:00 Europe/Paris")
 * // { ok: true, value: { time: "08:00", timezone: "Europe/Paris", language: "en" } }
 */
export function parseSubscribeWords(text: string): Checked<SubscribeOptions> {
  let rest = text.trim();
  let cron: string | undefined;
  const quoted = QUOTED.exec(rest);
  if (quoted) {
    cron = quoted.slice(1).find((g) => g !== undefined) ?? "";
    rest = `${rest.slice(0, quoted.index)} ${rest.slice(quoted.index + quoted[0].length)}`;
  }
  let tokens = rest.split(/\s+/).filter(Boolean);
  if (cron === undefined) {
    const run = cronRun(tokens);
    if (run) {
      cron = tokens.slice(run.start, run.start + run.length).join(" ");
      tokens = [...tokens.slice(0, run.start), ...tokens.slice(run.start + run.length)];
    }
  }
  const options: {
    time?: string;
    timezone?: string;
    language?: string;
    cron?: string;
    image?: string;
  } = { cron };
  for (const token of tokens) {
    const lower = token.toLowerCase();
    const image = IMAGE_WORD.exec(token);
    if (image) {
      const value = image[1] ?? "";
      if (imageSetting(value) === undefined)
        return { ok: false, problem: { kind: "image", value: token } };
      options.image = value;
      continue;
    }
    const language = isLocale(lower) ? lower : LANGUAGES.get(lower);
    if (language) options.language = language;
    else if (TIME_LIKE.test(token) || /^\d/.test(token)) options.time = token;
    else if (token.includes("/") || checkTimezone(token).ok) options.timezone = token;
    else if (/^[a-z]{2}$/i.test(token))
      return { ok: false, problem: { kind: "locale", value: token } };
    else return { ok: false, problem: { kind: "unknown-word", value: token } };
  }
  return { ok: true, value: options };
}

/** The first run of 5 or 6 consecutive tokens that all look like cron fields. */
function cronRun(tokens: readonly string[]): { start: number; length: number } | undefined {
  for (let start = 0; start + 5 <= tokens.length; start++) {
    let length = 0;
    while (
      start + length < tokens.length &&
      length < 6 &&
      CRON_FIELD.test(tokens[start + length] as string)
    )
      length++;
    if (length >= 5) return { start, length };
  }
  return undefined;
}
