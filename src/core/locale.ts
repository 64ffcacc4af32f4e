/** The languages the bot answers in. Adding one: its catalogue in `messages/`, its texts in `data/`. */
export const LOCALES = ["fr", "en", "ru"] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Where a story text missing in the reader's language is taken from, in order: English, then
 * French (the language of the source). The answer then says so in one line.
 */
export const FALLBACK_LANGUAGES = ["en", "fr"] as const satisfies readonly Locale[];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the reply language from a platform's language tag.
 *
 * @example resolveLocale("fr-CA", "en") // "fr"
 * @example resolveLocale("ru", "en") // "ru"
 * @example resolveLocale("de", "fr") // "fr" (the configured default)
 */
export function resolveLocale(tag: string | null | undefined, fallback: Locale): Locale {
  const primary = tag?.toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : fallback;
}
