/** The languages the bot answers in. */
export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return value === "fr" || value === "en";
}

/**
 * Picks the reply language from a platform's language tag.
 *
 * @example resolveLocale("fr-CA", "en") // "fr"
 * @example resolveLocale("de", "fr") // "fr" (the configured default)
 */
export function resolveLocale(tag: string | null | undefined, fallback: Locale): Locale {
  const primary = tag?.toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : fallback;
}
