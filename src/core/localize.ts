import { listOf } from "./format.ts";
import { FALLBACK_LANGUAGES, isLocale, type Locale } from "./locale.ts";
import { messages } from "./messages.ts";
import type { Reply } from "./reply.ts";

/** A story value in several languages, keyed by ISO 639-1 code. */
export type Texts<T = string> = Readonly<Record<string, T>>;

/**
 * The language a value is read in for a reader: theirs when the story has it, else English,
 * else French (the schema guarantees one of those), else any.
 *
 * @example pickLanguage({ fr: "…", en: "…" }, "ru") // "en"
 */
export function pickLanguage(value: Texts<unknown>, locale: Locale): string {
  if (Object.hasOwn(value, locale)) return locale;
  for (const l of FALLBACK_LANGUAGES) if (Object.hasOwn(value, l)) return l;
  const first = Object.keys(value)[0];
  if (first === undefined) throw new Error("a localized value with no language");
  return first;
}

/** A value in the reader's language, or its fallback, when no note can be shown (an image). */
export function textIn<T>(value: Texts<T>, locale: Locale): T {
  return value[pickLanguage(value, locale)] as T;
}

/** The quotation marks of a language: our catalogue's for our languages, English ones otherwise. */
export function quoteMarks(lang: string): { readonly open: string; readonly close: string } {
  return messages[isLocale(lang) ? lang : "en"].translationMarks;
}

/**
 * Reads story texts for one reader and remembers every text that was not in their language,
 * so that the answer can say so, once.
 *
 * @example
 * const l = new Localizer("ru");
 * l.t({ fr: "Erevan", en: "Yerevan" }); // "Yerevan", and l.fallbacks has "en"
 * l.finish(reply); // the reply with one line saying part of it is in English
 */
export class Localizer {
  readonly locale: Locale;
  /** The languages used in place of the reader's. */
  readonly fallbacks = new Set<string>();

  constructor(locale: Locale) {
    this.locale = locale;
  }

  /** The value in the reader's language, or its fallback (remembered). */
  t<T>(value: Texts<T>): T {
    const lang = pickLanguage(value, this.locale);
    if (lang !== this.locale) this.fallbacks.add(lang);
    return value[lang] as T;
  }

  /** The reply, with one line first when some of it is not in the reader's language. */
  finish(reply: Reply): Reply {
    if (this.fallbacks.size === 0) return reply;
    const m = messages[this.locale];
    const names = [...this.fallbacks].map((l) => (isLocale(l) ? m.languageName[l] : l));
    return {
      ...reply,
      blocks: [{ type: "text", text: m.fallbackNote(listOf(names, this.locale)) }, ...reply.blocks],
    };
  }
}
