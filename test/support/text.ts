/** True when every surrogate in `s` is half of a pair (what UTF-8, hence the platforms, can carry). */
export const wellFormed = (s: string): boolean =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** True when no string anywhere in a JSON value holds a lone surrogate. */
export function wellFormedJson(value: unknown): boolean {
  if (typeof value === "string") return wellFormed(value);
  if (Array.isArray(value)) return value.every(wellFormedJson);
  if (value && typeof value === "object")
    return Object.entries(value).every(([k, v]) => wellFormed(k) && wellFormedJson(v));
  return true;
}
