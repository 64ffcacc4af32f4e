import { describe, expect, it } from "vitest";
import * as answers from "../../src/core/answers.ts";
import { parseStory } from "../../src/core/load.ts";
import { Localizer, pickLanguage } from "../../src/core/localize.ts";
import { Story } from "../../src/core/story.ts";
import { replyText } from "../support/context.ts";
import { realStory } from "../support/stories.ts";

/** The shipped story with every text in the given languages taken out. */
function storyWithout(...languages: string[]): Story {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === "object")
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => !languages.includes(k) || k === "id" || k === "country")
          .map(([k, v]) => [k, strip(v)]),
      );
    return value;
  };
  const data = strip(realStory());
  return new Story(parseStory("data/partial.json", JSON.stringify(data)));
}

describe("a story that lacks the reader's language", () => {
  it("GIVEN a value in French and English THEN a Russian reader gets English, then French", () => {
    expect(pickLanguage({ fr: "a", en: "b", ru: "c" }, "ru")).toBe("ru");
    expect(pickLanguage({ fr: "a", en: "b" }, "ru")).toBe("en");
    expect(pickLanguage({ fr: "a" }, "ru")).toBe("fr");
    const l = new Localizer("ru");
    expect(l.t({ fr: "Erevan", en: "Yerevan" })).toBe("Yerevan");
    expect([...l.fallbacks]).toEqual(["en"]);
  });

  it("GIVEN no Russian texts THEN a Russian reader gets the English ones, and one line first says so, in Russian", () => {
    const story = storyWithout("ru");
    const reply = answers.summary(story, "ru", "short");
    expect(reply.title).toBe(story.data.headline.en);
    expect(reply.blocks[0]).toEqual({
      type: "text",
      text: "Часть этого ответа ещё не переведена на русский язык и приводится на английском.",
    });
    // The rest of the answer's own wording stays Russian; the note comes once.
    expect(replyText(reply)).toContain("Коротко");
    expect(replyText(reply).match(/не переведена/g)).toHaveLength(1);
  });

  it("GIVEN neither Russian nor English texts THEN the French ones come, and the note names French", () => {
    const story = storyWithout("ru", "en");
    const reply = answers.members(story, "ru");
    expect(replyText(reply)).toContain("Biélorussie");
    expect(reply.blocks[0]).toMatchObject({ text: expect.stringMatching(/на французском\.$/) });
    const en = answers.outcome(story, "en");
    expect(en.blocks[0]).toMatchObject({
      text: "Part of this answer is not yet available in English; it is given in French.",
    });
  });

  it("GIVEN a quote with no Russian translation THEN a Russian reader gets our English one, labelled as ours, with the note", () => {
    const story = storyWithout("ru");
    const reply = answers.quote(story, "ru", "Лукашенко");
    const block = reply.blocks.find((b) => b.type === "quote");
    expect(block?.type === "quote" && block.translation?.text).toBe(
      story.data.quotes[1]?.translation.en,
    );
    expect(block?.type === "quote" && block.translation?.label).toBe("Перевод наш, не из статьи");
    expect(reply.blocks[0]?.type).toBe("text");
  });

  it("GIVEN the shipped story THEN no answer in any language carries the note", () => {
    const story = new Story(parseStory("data/full.json", JSON.stringify(realStory())));
    for (const locale of ["fr", "en", "ru"] as const) {
      const text = [
        answers.summary(story, locale, "long"),
        answers.members(story, locale),
        answers.context(story, locale),
        answers.allQuotes(story, locale),
        answers.digest(story, locale, 0),
      ]
        .map(replyText)
        .join("\n");
      expect(text).not.toMatch(/not yet available|n’existe pas encore|не переведена/);
    }
  });

  it("GIVEN a story in German too THEN the schema accepts any set of languages", () => {
    const data = realStory();
    (data.headline as Record<string, string>).de = "OVKS-Gipfel in Eriwan";
    expect(() => parseStory("data/de.json", JSON.stringify(data))).not.toThrow();
  });
});
