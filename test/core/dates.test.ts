import { describe, expect, it } from "vitest";
import { longDate, partialDate } from "../../src/core/dates.ts";
import { TAGS } from "../../src/core/format.ts";
import { LOCALES } from "../../src/core/locale.ts";

describe("the story's dates in words", () => {
  it.each([
    ["fr", "mercredi 23 novembre 2022", "23 novembre 2022", "novembre 2022"],
    ["en", "Wednesday, 23 November 2022", "23 November 2022", "November 2022"],
    ["ru", "среда, 23 ноября 2022 г.", "23 ноября 2022 г.", "ноябрь 2022 г."],
  ] as const)(
    "GIVEN %s THEN the summit's day and the article's month read as before",
    (locale, full, day, month) => {
      expect(longDate("2022-11-23", locale)).toBe(full);
      expect(partialDate("2022-11-23", locale)).toBe(day);
      expect(partialDate("2022-11", locale)).toBe(month);
    },
  );

  it("GIVEN a date creates no Intl.DateTimeFormat (ICU's first one costs the first answer ~20 ms)", () => {
    const Original = Intl.DateTimeFormat;
    let built = 0;
    const words: string[] = [];
    Intl.DateTimeFormat = new Proxy(Original, {
      construct(target, args) {
        built++;
        return Reflect.construct(target, args);
      },
    });
    try {
      for (const locale of LOCALES)
        words.push(longDate("2024-02-29", locale), partialDate("2024-02", locale));
    } finally {
      Intl.DateTimeFormat = Original;
    }
    expect(built).toBe(0);
    expect(words).toContain("четверг, 29 февраля 2024 г.");
  });

  // Every month name (alone and after a day, Russian genitive) and every weekday, against the
  // wording ICU gives for the same tags: the catalogues must not drift from CLDR.
  it.each(LOCALES)("GIVEN every month and weekday in %s THEN the words are ICU's", (locale) => {
    const icu = (options: Intl.DateTimeFormatOptions, date: Date) =>
      new Intl.DateTimeFormat(TAGS[locale], { ...options, timeZone: "UTC" }).format(date);
    for (let m = 0; m < 12; m++)
      for (const day of [1, 9 + m, 28]) {
        const date = new Date(Date.UTC(2022 + (m % 3), m, day));
        const iso = date.toISOString().slice(0, 10);
        expect(longDate(iso, locale), iso).toBe(icu({ dateStyle: "full" }, date));
        expect(partialDate(iso, locale), iso).toBe(icu({ dateStyle: "long" }, date));
        expect(partialDate(iso.slice(0, 7), locale), iso).toBe(
          icu({ month: "long", year: "numeric" }, date),
        );
      }
  });
});
