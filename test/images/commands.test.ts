import { describe, expect, it } from "vitest";
import { StoryLibrary } from "../../src/core/library.ts";
import { imagesFor } from "../../src/images/commands.ts";
import { DATA_DIR } from "../support/paths.ts";

const story = StoryLibrary.fromDir(DATA_DIR).default;

describe("which images go with an answer", () => {
  it("GIVEN /members THEN the map", () => {
    expect(imagesFor(story, "members", "")).toEqual(["map"]);
  });

  it("GIVEN /quote with a quoted speaker in any spelling THEN that speaker's cards", () => {
    expect(imagesFor(story, "quote", "Лукашенко")).toEqual(["quote:lukashenko-russia-wins"]);
    expect(imagesFor(story, "quote", "Tokayev")).toEqual(["quote:tokayev-peace"]);
  });

  it("GIVEN /quote with an unquoted or unknown name, or another command THEN no image", () => {
    expect(imagesFor(story, "quote", "Poutine")).toEqual([]);
    expect(imagesFor(story, "quote", "zzz")).toEqual([]);
    expect(imagesFor(story, "summary", "")).toEqual([]);
  });
});
