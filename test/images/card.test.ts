import { describe, expect, it } from "vitest";
import { sourceLine } from "../../src/core/answers.ts";
import { StoryLibrary } from "../../src/core/library.ts";
import { LOCALES } from "../../src/core/locale.ts";
import type { Quote } from "../../src/core/schema.ts";
import {
  CARD_MAX_HEIGHT,
  CARD_MIN_HEIGHT,
  CARD_TEXT_WIDTH,
  CARD_WIDTH,
  cardFootLines,
  cardSvg,
  layoutCard,
  layoutWidth,
  quotedText,
} from "../../src/images/card.ts";
import { QUOTE_MARKS } from "../../src/images/messages.ts";
import { renderPng } from "../../src/images/render.ts";
import { widest, xml } from "../../src/images/svg.ts";
import { DATA_DIR } from "../support/paths.ts";
import { decodePng } from "../support/png.ts";

const story = StoryLibrary.fromDir(DATA_DIR).default;
const quotes = story.data.quotes;
const cases = quotes.flatMap((q) => LOCALES.map((l) => [q.id, l, q] as const));
const [OPEN, CLOSE] = QUOTE_MARKS.fr;

/** The words a layout draws, in order: what the reader sees, line breaks aside. */
function words(lines: readonly string[]): string {
  return lines
    .join(" ")
    .replace(/[ \n]+/g, " ")
    .trim();
}
/** Ordinary spaces squashed; no-break spaces kept, as the card must keep them. */
const squash = (text: string) => text.replace(/[ \n]+/g, " ").trim();

describe("quote cards", () => {
  it.each(cases)(
    "GIVEN quote %s in %s THEN the foot line (date and setting) wraps inside the card, whole",
    (_id, locale, quote) => {
      const lines = cardFootLines(story, quote, locale);
      expect(widest(lines, "sans", 17)).toBeLessThanOrEqual(CARD_TEXT_WIDTH);
      const setting = quote.setting[locale as keyof typeof quote.setting] ?? quote.setting.en;
      expect(words(lines)).toContain(squash(setting ?? ""));
    },
  );

  it.each(cases)(
    "GIVEN quote %s in %s THEN the card is a valid PNG of 1200×675 under 300 KB",
    async (_id, locale, quote) => {
      const { png } = await renderPng(cardSvg(story, quote, locale));
      const image = decodePng(png);
      expect([image.width, image.height]).toEqual([CARD_WIDTH, CARD_MIN_HEIGHT]);
      expect(png.length).toBeLessThan(300 * 1024);
    },
  );

  it.each(cases)(
    "GIVEN quote %s in %s THEN the card draws the verbatim quote in guillemets, whole, and our translation for readers of another language",
    (_id, locale, quote) => {
      const layout = layoutCard(quote, locale);
      expect(words(layout.quoteLines)).toBe(squash(`${OPEN}${quote.text}${CLOSE}`));
      if (locale !== "fr") {
        const [open, close] = QUOTE_MARKS[locale];
        expect(words(layout.translationLines)).toBe(
          squash(`${open}${quote.translation[locale]}${close}`),
        );
      } else expect(layout.translationLines).toEqual([]);
      expect(layoutWidth(layout)).toBeLessThanOrEqual(CARD_TEXT_WIDTH);
    },
  );

  it.each(cases)(
    "GIVEN quote %s in %s THEN speaker, office, date, setting and source come from the story, the translation labelled as ours",
    (_id, locale, quote) => {
      const svg = cardSvg(story, quote, locale);
      const person = story.person(quote.speaker);
      expect(svg).toContain(person.name[locale]);
      expect(svg).toContain((person.office[locale] ?? "?").replaceAll("'", "&apos;"));
      expect(words(cardFootLines(story, quote, locale))).toContain(
        squash(quote.setting[locale] ?? "?"),
      );
      expect(svg).toContain(xml(sourceLine(story, locale)));
      expect(svg).toContain(
        { fr: "23 novembre 2022", en: "23 November 2022", ru: "23 ноября 2022" }[locale],
      );
      if (locale === "en") expect(svg).toContain("TRANSLATION (OURS, NOT THE ARTICLE’S)");
      else if (locale === "ru") expect(svg).toContain("ПЕРЕВОД НАШ, НЕ ИЗ СТАТЬИ");
      else expect(svg).not.toContain("TRADUCTION");
      // Typographic apostrophes stay as written.
      expect(svg).not.toMatch(/l&apos;/);
    },
  );

  it("GIVEN the longest quote of the story THEN it fits the usual card without growing it", () => {
    const longest = [...quotes].sort((a, b) => b.text.length - a.text.length)[0] as Quote;
    expect(layoutCard(longest, "en").height).toBe(CARD_MIN_HEIGHT);
  });

  it("GIVEN a very long quote THEN it shrinks, then the card grows taller; every word is drawn and within the limits", async () => {
    const base = quotes[0] as Quote;
    const long: Quote = {
      ...base,
      id: "synthetic-long",
      text: Array.from(
        { length: 70 },
        (_, i) => `phrase ${i} : l’alliance vivra ou cessera d’exister.`,
      ).join(" "),
      translation: {
        en: Array.from(
          { length: 70 },
          (_, i) => `sentence ${i}: the alliance will live or cease.`,
        ).join(" "),
      },
    };
    const layout = layoutCard(long, "en");
    expect(layout.size).toBe(20);
    expect(layout.height).toBeGreaterThan(CARD_MIN_HEIGHT);
    expect(layout.height).toBeLessThanOrEqual(CARD_MAX_HEIGHT);
    expect(words(layout.quoteLines)).toBe(squash(quotedText(long.text, "fr")));
    expect(words(layout.translationLines)).toBe(
      squash(quotedText(long.translation.en ?? "", "en")),
    );
    expect(layoutWidth(layout)).toBeLessThanOrEqual(CARD_TEXT_WIDTH);
    const image = decodePng((await renderPng(cardSvg(story, long, "en"))).png);
    expect(image.height).toBe(layout.height);
    expect(image.width + image.height).toBeLessThanOrEqual(10_000);
    expect(image.height / image.width).toBeLessThanOrEqual(20);
  });

  it("GIVEN a word wider than the card THEN it is broken across lines, not cut", () => {
    const base = quotes[0] as Quote;
    const word = "anticonstitutionnellement".repeat(8);
    const layout = layoutCard({ ...base, text: word }, "fr");
    expect(layout.quoteLines.length).toBeGreaterThan(1);
    expect(layout.quoteLines.join("")).toBe(`${OPEN}${word}${CLOSE}`);
    expect(layoutWidth(layout)).toBeLessThanOrEqual(CARD_TEXT_WIDTH);
  });
});
