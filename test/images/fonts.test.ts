import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { StoryLibrary } from "../../src/core/library.ts";
import { messages } from "../../src/core/messages.ts";
import { fontFiles, fontMetrics } from "../../src/images/fonts.ts";
import { imageMessages, QUOTE_MARKS } from "../../src/images/messages.ts";
import { DATA_DIR } from "../support/paths.ts";

const story = StoryLibrary.fromDir(DATA_DIR).default;

/** Every string in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  if (typeof value === "function") return [];
  return [];
}

describe("fonts", () => {
  it("GIVEN the bundled fonts THEN they are TrueType files inside node_modules, none from the host", () => {
    expect(fontFiles.length).toBeGreaterThan(0);
    for (const file of fontFiles) {
      expect(file).toMatch(/node_modules\/dejavu-fonts-ttf\/ttf\/DejaVu[\w-]+\.ttf$/);
      expect(existsSync(file)).toBe(true);
    }
  });

  it("GIVEN every text of the story (French, English, Russian names) and every fixed wording THEN each face has a glyph for each character", () => {
    const texts = [
      ...strings(story.data).filter((s) => !/^\p{Regional_Indicator}+$/u.test(s)),
      ...strings(imageMessages.fr.borders),
      imageMessages.en.borders,
      messages.fr.translationLabel,
      ...QUOTE_MARKS.fr,
      ...QUOTE_MARKS.en,
      "→",
    ];
    const missing = new Set<string>();
    for (const face of ["sans", "sans-bold", "serif", "serif-italic"] as const) {
      const m = fontMetrics(face);
      for (const text of texts) {
        for (const char of text) if (char.trim() && !m.covers(char)) missing.add(`${face}:${char}`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it("GIVEN a wider text THEN the measured width grows with it and with the size", () => {
    const m = fontMetrics("sans");
    expect(m.width("Лукашенко", 20)).toBeGreaterThan(m.width("Лука", 20));
    expect(m.width("Loukachenko", 40)).toBeCloseTo(2 * m.width("Loukachenko", 20));
  });
});
