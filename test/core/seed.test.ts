import { describe, expect, it } from "vitest";
import { loadStoryDir } from "../../src/core/load.ts";
import { DATA_DIR } from "../support/paths.ts";
import { seedArticle } from "../support/seed.ts";

const [story] = loadStoryDir(DATA_DIR);
if (!story) throw new Error("no story in data/");
const article = seedArticle(story.data.source.file) ?? "";
const paragraphs = article
  .split(/\n\s*\n/)
  .map((p) => p.trim())
  .filter(Boolean);

describe.skipIf(!article)("the story against its seed article", () => {
  it.each(story.data.quotes.map((q) => [q.id, q] as const))(
    "GIVEN quote %s THEN its French text stands character for character in the article, in the paragraph it names",
    (_id, quote) => {
      expect(article.includes(quote.text)).toBe(true);
      expect(paragraphs[quote.location.paragraph - 1]).toContain(quote.text);
      // The quote is the whole text between the guillemets, not a fragment of it.
      const paragraph = paragraphs[quote.location.paragraph - 1] ?? "";
      const inner = [...paragraph.matchAll(/«\s*([^»]*?)\s*»/g)].map((m) => m[1]);
      expect(inner).toContain(quote.text);
      expect(paragraphs).toContain(quote.location.section);
    },
  );

  it("GIVEN the source THEN its title is a heading of the article", () => {
    expect(paragraphs).toContain(story.data.source.title);
  });

  it("GIVEN the people THEN every French name is written as the article writes it", () => {
    for (const person of story.data.people) expect(article).toContain(person.name.fr);
  });

  it("GIVEN the member states THEN the article names each of them", () => {
    for (const country of story.data.countries) expect(article).toContain(country.name.fr);
  });

  it("GIVEN the event THEN its date and place are the article's", () => {
    expect(article).toContain("mercredi 23 novembre 2022");
    expect(article).toContain(story.data.event.place.city.fr);
    expect(article).toContain(story.data.event.organisation.name.fr);
    expect(article).toContain(`(${story.data.event.organisation.acronym.fr})`);
  });
});
