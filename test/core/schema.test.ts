import { describe, expect, it } from "vitest";
import { StoryDataError } from "../../src/core/errors.ts";
import { parseStory } from "../../src/core/load.ts";
import { realStory } from "../support/stories.ts";

type Json = Record<string, unknown>;

/** The shipped story, changed by `mutate`, as the text of a file. */
function storyText(mutate: (story: Json) => void): string {
  const story = realStory() as unknown as Json;
  mutate(story);
  return JSON.stringify(story);
}

/** Where and why the story is refused: `field: problem`. */
function refusal(text: string): string {
  try {
    parseStory("data/broken.json", text);
  } catch (error) {
    if (error instanceof StoryDataError) return `${error.field}: ${error.problem}`;
    throw error;
  }
  throw new Error("the broken story was accepted");
}

const at = (story: Json, path: string): Json =>
  path.split(".").reduce<Json>((node, key) => node[key] as Json, story);

describe("the story schema, as an editor reads its problems", () => {
  it("GIVEN an unknown key in a nested object THEN it is named at that object", () => {
    const text = storyText((s) => {
      at(s, "quotes.0.location").page = 12;
    });
    expect(refusal(text)).toBe('quotes.0.location: Unrecognized key: "page"');
  });

  it("GIVEN several unknown keys THEN they are listed together, at the top for the file", () => {
    const text = storyText((s) => {
      s.author = "x";
      s.draft = true;
    });
    expect(refusal(text)).toBe(': Unrecognized keys: "author", "draft"');
  });

  it("GIVEN a key that is not a language code in a text by language THEN the key is named", () => {
    const text = storyText((s) => {
      at(s, "headline").english = "A headline";
    });
    expect(refusal(text)).toBe("headline.english: Invalid key in record");
  });

  it("GIVEN a language key named constructor THEN it is refused like any other bad key", () => {
    // valibot's record skips `constructor` on its own; the schema must not let it through.
    const text = storyText(() => {}).replace(
      '"translation":{',
      '"translation":{"constructor":"x",',
    );
    expect(refusal(text)).toBe("quotes.0.translation.constructor: Invalid key in record");
  });

  it.each([
    [
      "a missing required text",
      "people.0.id",
      undefined,
      "people.0.id: Invalid input: expected string, received undefined",
    ],
    [
      "a missing text by language",
      "outcome.reading",
      undefined,
      "outcome.reading: Invalid input: expected record, received undefined",
    ],
    [
      "a list where an object belongs",
      "outcome",
      [],
      "outcome: Invalid input: expected object, received array",
    ],
    [
      "a list where a text by language belongs",
      "headline",
      ["x"],
      "headline: Invalid input: expected record, received array",
    ],
    ["another schema version", "schemaVersion", 2, "schemaVersion: Invalid input: expected 1"],
    ["a day that does not exist", "event.date", "2022-02-30", "event.date: Invalid ISO date"],
    [
      "a paragraph that is not whole",
      "quotes.0.location.paragraph",
      1.5,
      "quotes.0.location.paragraph: Invalid input: expected int, received number",
    ],
    [
      "a paragraph 0",
      "quotes.0.location.paragraph",
      0,
      "quotes.0.location.paragraph: Too small: expected number to be >0",
    ],
    [
      "a longitude past 180",
      "map.venue.lon",
      181,
      "map.venue.lon: Too big: expected number to be <=180",
    ],
    [
      "a frame of three numbers",
      "map.frame",
      [20, 31, 94],
      "map.frame: Too small: expected array to have >=4 items",
    ],
    [
      "a frame of five numbers",
      "map.frame",
      [20, 31, 94, 58, 1],
      "map.frame: Too big: expected array to have <=4 items",
    ],
    [
      "a frame that is text",
      "map.frame",
      "20,31,94,58",
      "map.frame: Invalid input: expected tuple, received string",
    ],
    ["no country", "countries", [], "countries: Too small: expected array to have >=1 items"],
    [
      "a blocking country that is a number",
      "outcome.blockedBy",
      1,
      "outcome.blockedBy: Invalid input: expected string, received number",
    ],
  ])("GIVEN %s THEN the field and the problem are named", (_what, path, value, expected) => {
    const text = storyText((s) => {
      const keys = path.split(".");
      const last = keys.pop() as string;
      const node = keys.length ? at(s, keys.join(".")) : s;
      if (value === undefined) delete node[last];
      else node[last] = value;
    });
    expect(refusal(text)).toBe(expected);
  });

  it("GIVEN a number too large for JSON (1e999) THEN it is refused as not a number", () => {
    const text = storyText((s) => {
      at(s, "map.venue").lat = "INFINITY";
    }).replace('"INFINITY"', "1e999");
    expect(refusal(text)).toBe("map.venue.lat: Invalid input: expected number, received Infinity");
  });

  it("GIVEN optional lists left out and texts with spaces around THEN defaults apply and texts are trimmed", () => {
    const text = storyText((s) => {
      delete (at(s, "countries") as unknown as Json[])[0]?.aliases;
      delete at(s, "map").neighbours;
      at(s, "headline").fr = `  ${at(s, "headline").fr as string}  `;
    });
    const { data } = parseStory("data/ok.json", text);
    expect(data.countries[0]?.aliases).toEqual([]);
    expect(data.map?.neighbours).toEqual([]);
    expect(data.headline.fr).toBe(realStory().headline.fr);
  });

  it("GIVEN a record with a __proto__ key THEN the key is dropped, as it always was, and nothing else changes", () => {
    const text = storyText(() => {}).replace('"headline":{', '"headline":{"__proto__":"x",');
    const { data } = parseStory("data/ok.json", text);
    expect(Object.hasOwn(data.headline, "__proto__")).toBe(false);
    expect(data.headline).toEqual(realStory().headline);
  });
});
