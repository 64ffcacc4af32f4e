import type { Locale } from "./locale.ts";

const TAGS: Record<Locale, string> = { fr: "fr-FR", en: "en-GB" };

// Building an Intl.DateTimeFormat costs tens of microseconds; build each one once.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, style: "full" | "long" | "month"): Intl.DateTimeFormat {
  const key = `${locale}:${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === "month"
        ? { month: "long", year: "numeric", timeZone: "UTC" }
        : { dateStyle: style, timeZone: "UTC" };
    f = new Intl.DateTimeFormat(TAGS[locale], options);
    formatters.set(key, f);
  }
  return f;
}

// Formatting a date costs about 0.1 ms (ICU) and most replies carry one: keep each text. The
// dates come from the story files, so the set is small and bounded.
const formatted = new Map<string, string>();
function remember(key: string, format: () => string): string {
  let text = formatted.get(key);
  if (text === undefined) {
    text = format();
    if (formatted.size >= 10_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** A calendar date (`YYYY-MM-DD`) in words: "mercredi 23 novembre 2022", "Wednesday 23 November 2022". */
export function longDate(iso: string, locale: Locale): string {
  return remember(`${locale} long ${iso}`, () =>
    formatter(locale, "full").format(new Date(`${iso}T00:00:00Z`)),
  );
}

/** A month or a day (`YYYY-MM` or `YYYY-MM-DD`): "novembre 2022", "23 November 2022". */
export function partialDate(iso: string, locale: Locale): string {
  return remember(`${locale} partial ${iso}`, () => {
    const [y, m, d] = iso.split("-");
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d ?? 1)));
    return formatter(locale, d ? "long" : "month").format(date);
  });
}

/** The longest echo of user input in a reply. */
export const MAX_ECHO = 60;

/**
 * User input as it may appear inside a reply: one line, bounded length. Escaping is the
 * renderer's job; this only keeps a pasted essay from becoming the reply.
 */
export function echo(input: string): string {
  const oneLine = input
    .slice(0, MAX_ECHO * 4)
    .replace(/\s+/g, " ")
    .trim();
  return oneLine.length > MAX_ECHO ? `${oneLine.slice(0, MAX_ECHO - 1)}…` : oneLine;
}
