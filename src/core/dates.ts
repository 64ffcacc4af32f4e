import type { Locale } from "./locale.ts";
import { messages } from "./messages.ts";

/**
 * The story's dates in words, from the message catalogues' month and weekday names rather
 * than `Intl.DateTimeFormat`: the first ICU date formatter of a process costs about 20 ms
 * (ICU's data loaded on first use), paid by the first answer after a start, and these dates
 * need no more than names and an order. The wording is ICU's (CLDR's) for fr-FR, en-GB and
 * ru-RU, whatever the Node.js build: "mercredi 23 novembre 2022", "Wednesday, 23 November
 * 2022", "среда, 23 ноября 2022 г." (the month in the genitive after a day).
 */

/** The parts of `YYYY-MM` or `YYYY-MM-DD`; the weekday only for a day (computed in UTC). */
function parts(iso: string): { year: number; month: number; day?: number; weekday?: number } {
  const [y, m, d] = iso.split("-");
  const year = Number(y);
  const month = Number(m) - 1;
  if (d === undefined) return { year, month };
  const day = Number(d);
  return { year, month, day, weekday: new Date(Date.UTC(year, month, day)).getUTCDay() };
}

/**
 * A calendar date (`YYYY-MM-DD`) in words, with its weekday: "mercredi 23 novembre 2022",
 * "Wednesday, 23 November 2022", "среда, 23 ноября 2022 г.".
 */
export function longDate(iso: string, locale: Locale): string {
  const w = messages[locale].dates;
  const { year, month, day = 1, weekday = 0 } = parts(iso);
  return w.full(w.weekdays[weekday] ?? "", day, w.monthsOfDay[month] ?? "", year);
}

/** A month or a day (`YYYY-MM` or `YYYY-MM-DD`): "novembre 2022", "23 November 2022". */
export function partialDate(iso: string, locale: Locale): string {
  const w = messages[locale].dates;
  const { year, month, day } = parts(iso);
  return day === undefined
    ? w.month(w.months[month] ?? "", year)
    : w.day(day, w.monthsOfDay[month] ?? "", year);
}
