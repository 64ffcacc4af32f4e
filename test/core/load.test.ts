import { describe, expect, it } from "vitest";
import { StoryDataError } from "../../src/core/errors.ts";
import { StoryLibrary } from "../../src/core/library.ts";
import { loadStoryDir, parseStory } from "../../src/core/load.ts";
import { DATA_DIR } from "../support/paths.ts";
import { realStory, storyDir } from "../support/stories.ts";

function refusal(mutate: (story: ReturnType<typeof realStory>) => void): StoryDataError {
  const story = realStory();
  mutate(story);
  try {
    parseStory("data/broken.json", JSON.stringify(story));
  } catch (error) {
    if (error instanceof StoryDataError) return error;
    throw error;
  }
  throw new Error("the broken story was accepted");
}

describe("story loading", () => {
  it("GIVEN the shipped data THEN it loads one valid story", () => {
    const stories = loadStoryDir(DATA_DIR);
    expect(stories.map((s) => s.data.id)).toEqual(["csto-yerevan-2022"]);
    expect(stories[0]?.data.countries).toHaveLength(6);
  });

  const DELETE = Symbol("delete");
  const cases: [string, string, unknown, string][] = [
    ["a missing headline", "headline", DELETE, "headline"],
    ["a headline in neither English nor French", "headline", { ru: "Заголовок" }, "headline"],
    ["a text under something not a language code", "headline.russian", "x", "headline.russian"],
    ["an empty quote", "quotes.0.text", "  ", "quotes.0.text"],
    ["a quote by an unknown person", "quotes.1.speaker", "bob", "quotes.1.speaker"],
    ["a person from an unknown country", "people.0.country", "zz", "people.0.country"],
    ["a bad date", "event.date", "23/11/2022", "event.date"],
    [
      "a short summary too long for a phone screen",
      "summary.short.fr",
      "x".repeat(700),
      "summary.short.fr",
    ],
    ["a duplicate country", "countries.6", realStory().countries[0], "countries.6.id"],
    ["an unknown field", "extra", 1, ""],
    ["a flag that is not a flag", "countries.2.flag", "BY", "countries.2.flag"],
  ];
  it.each(cases)(
    "GIVEN %s THEN the load fails naming the file and the field",
    (_what, path, value, field) => {
      const error = refusal((story) => {
        const keys = path.split(".");
        const last = keys.pop() as string;
        let node = story as unknown as Record<string, unknown>;
        for (const key of keys) node = node[key] as Record<string, unknown>;
        if (value === DELETE) delete node[last];
        else node[last] = value;
      });
      expect(error.file).toBe("data/broken.json");
      expect(error.field).toBe(field);
      expect(error.message).toContain("data/broken.json");
      if (field) expect(error.message).toContain(field);
    },
  );

  it("GIVEN a file that is not JSON THEN the error names the file", () => {
    const dir = storyDir({ "a.json": "{ not json" });
    expect(() => loadStoryDir(dir)).toThrow(/a\.json: \(file\): is not valid JSON/);
  });

  it("GIVEN an empty folder THEN the load fails", () => {
    expect(() => loadStoryDir(storyDir({}))).toThrow(/holds no story file/);
  });

  it("GIVEN two stories THEN both load and the newest event is the default", () => {
    const older = realStory();
    const newer = {
      ...realStory(),
      id: "later-summit",
      event: { ...realStory().event, date: "2023-05-01" },
    };
    const library = StoryLibrary.fromDir(storyDir({ "a.json": newer, "b.json": older }));
    expect(library.stories.map((s) => s.id)).toEqual(["later-summit", "csto-yerevan-2022"]);
    expect(library.default.id).toBe("later-summit");
    expect(library.get("csto-yerevan-2022")?.data.event.date).toBe("2022-11-23");
  });

  it("GIVEN two files with the same story id THEN the load fails naming both files", () => {
    const dir = storyDir({ "a.json": realStory(), "b.json": realStory() });
    expect(() => StoryLibrary.fromDir(dir)).toThrow(/csto-yerevan-2022.*a\.json.*b\.json/);
  });

  it("GIVEN one broken file among good ones THEN the whole load fails", () => {
    const broken = realStory() as Record<string, unknown>;
    delete broken.outcome;
    const dir = storyDir({ "a.json": realStory(), "z.json": broken });
    expect(() => loadStoryDir(dir)).toThrow(/z\.json: outcome:/);
  });
});
