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
/** The article's subheadings, in order (the text has no title line). */
const HEADINGS = [
  "Vladimir Poutine esseulé par ses alliés?",
  "Le chef du Kremlin soutenu par son homologue biélorusse",
];

describe.skipIf(!article)("the story against its seed article", () => {
  it.each(story.data.quotes.map((q) => [q.id, q] as const))(
    "GIVEN quote %s THEN its French text stands character for character in the article, in the paragraph it names within the part it names",
    (_id, quote) => {
      expect(article.includes(quote.text)).toBe(true);
      // A part is a subheading and the paragraphs up to the next one.
      const heading = paragraphs.indexOf(quote.location.section);
      expect(heading).toBeGreaterThan(0);
      expect(HEADINGS).toContain(quote.location.section);
      const paragraph = paragraphs[heading + quote.location.paragraph] ?? "";
      expect(HEADINGS).not.toContain(paragraph);
      expect(paragraph).toContain(quote.text);
      // The quote is the whole text between the guillemets, not a fragment of it.
      const inner = [...paragraph.matchAll(/«\s*([^»]*?)\s*»/g)].map((m) => m[1]);
      expect(inner).toContain(quote.text);
    },
  );

  it("GIVEN the source THEN it claims no title: the text has none, its two headings are subheadings", () => {
    expect(story.data.source.title).toBeNull();
    expect(paragraphs.filter((p) => HEADINGS.includes(p))).toEqual(HEADINGS);
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

  it("GIVEN the map THEN the neighbours and far places it shows are named in the article", () => {
    const lower = article.toLowerCase();
    for (const neighbour of story.data.map?.neighbours ?? []) {
      expect(lower).toContain((neighbour.name.fr ?? "").toLowerCase());
    }
    for (const place of story.data.map?.places ?? []) {
      for (const word of place.name.fr?.match(/\p{L}+/gu) ?? []) expect(article).toContain(word);
    }
  });
});
