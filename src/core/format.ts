import type { Locale } from "./locale.ts";

/** The BCP 47 tag each locale formats lists, plurals and digest times with. */
export const TAGS: Readonly<Record<Locale, string>> = { fr: "fr-FR", en: "en-GB", ru: "ru-RU" };

/** The longest echo of user input in a reply, in UTF-16 code units. */
export const MAX_ECHO = 60;

/**
 * Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): echoed, they
 * would reorder the rest of our reply ("\u202Egnp.exe" shows as "exe.png").
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** A surrogate that is not half of a pair: UTF-8 cannot carry it, the platforms refuse it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Built on first use: ICU's break rules cost about 30 ms of start-up, and few echoes need them. */
let graphemes: Intl.Segmenter | undefined;

/**
 * User input as it may appear inside a reply: one line, no control or bidi characters, at
 * most `MAX_ECHO` code units, cut between graphemes (an emoji, a flag or a letter with its
 * accents is kept whole or dropped whole). Escaping is the renderer's job; this only keeps a
 * pasted essay, or a trick with the writing direction, from becoming the reply.
 *
 * @example echo(`${"x".repeat(58)}😀😀😀`) // "xxx…x…" (58 x, then "…": no half emoji)
 */
export function echo(input: string): string {
  const oneLine = input
    // Bound the work first; the cut may split a pair, which the next step removes.
    .slice(0, MAX_ECHO * 4)
    .replace(LONE_SURROGATE, "")
    .replace(BIDI_CONTROLS, "")
    .replace(/[\s\p{Cc}]+/gu, " ")
    .trim();
  if (oneLine.length <= MAX_ECHO) return oneLine;
  let cut = "";
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { segment } of graphemes.segment(oneLine)) {
    if (cut.length + segment.length > MAX_ECHO - 1) break;
    cut += segment;
  }
  // One grapheme longer than the whole echo (a flood of accents): keep its first code points.
  if (!cut) for (const point of oneLine) if (cut.length + point.length < MAX_ECHO) cut += point;
  return `${cut.trimEnd()}…`;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
const listFormats = new Map<string, Intl.ListFormat>();

/**
 * The form of a word for a count, by the language's plural rules (`Intl.PluralRules`); a rule
 * without its own form ("many" in Russian when only `other` is given) takes `other`.
 *
 * @example plural("ru", 5, { one: "цитата", few: "цитаты", many: "цитат", other: "цитаты" }) // "цитат"
 */
export function plural(
  locale: Locale,
  n: number,
  forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string },
): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(TAGS[locale]);
    pluralRules.set(locale, rules);
  }
  return forms[rules.select(n)] ?? forms.other;
}

/**
 * Items joined as the language joins a list (`Intl.ListFormat`): "fr, en ou ru",
 * "fr, en, or ru", "fr, en или ru".
 */
export function listOf(
  items: readonly string[],
  locale: Locale,
  type: "conjunction" | "disjunction" = "conjunction",
): string {
  const key = `${locale}:${type}`;
  let f = listFormats.get(key);
  if (!f) {
    f = new Intl.ListFormat(TAGS[locale], { type, style: "long" });
    listFormats.set(key, f);
  }
  return f.format(items);
}
