/**
 * The one time-zone check: an IANA zone name (`Europe/Paris`, `UTC`), given back in its
 * canonical spelling; `undefined` for anything else, offsets (`+03:00`) included, since a
 * schedule must follow a zone's daylight-saving rules.
 *
 * @example canonicalZone("europe/paris") // "Europe/Paris"
 * @example canonicalZone("+03:00") // undefined
 */
export function canonicalZone(text: string): string | undefined {
  const value = text.trim();
  if (!value || /^[+-]?\d/.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
