import anyAscii from "any-ascii";

/** The longest query the search looks at; the rest of a 10,000-character paste is ignored. */
export const MAX_QUERY_LENGTH = 64;

/**
 * Folds a name to a comparable key: any script to Latin, no accents, lowercase, only letters
 * and digits separated by single spaces.
 *
 * @example normalizeName("Лукашенко") // "lukashenko"
 * @example normalizeName("  Tokaïev! ") // "tokaiev"
 */
export function normalizeName(input: string): string {
  return anyAscii(input.slice(0, MAX_QUERY_LENGTH * 2))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .slice(0, MAX_QUERY_LENGTH);
}

/**
 * A coarser key that forgets the usual differences between French, English and German
 * romanizations (ou/u, ch/sh/sch, ï/y/i, k/kh), so that "Loukachenko" and "Lukashenka" meet.
 *
 * @example phoneticKey("loukachenko") === phoneticKey("lukashenko") // true
 */
export function phoneticKey(normalized: string): string {
  return normalized
    .replace(/sch|sh|ch|sz/g, "s")
    .replace(/kh|ck|q/g, "k")
    .replace(/ou|w/g, "u")
    .replace(/[yj]/g, "i")
    .replace(/ie/g, "i")
    .replace(/(.)\1+/g, "$1")
    .replace(/([^ ])[aeo]( |$)/g, "$1$2");
}
