import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoryLibrary } from "../../src/core/library.ts";
import type { StoryData } from "../../src/core/schema.ts";
import { DATA_DIR, ROOT } from "./paths.ts";

/** The shipped story, as a fresh mutable object. */
export function realStory(): StoryData {
  return JSON.parse(readFileSync(join(DATA_DIR, "csto-yerevan-2022.json"), "utf8")) as StoryData;
}

/** A temporary data folder holding the given files (name → JSON value or raw text). */
export function storyDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "summit-stories-"));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(
      join(dir, name),
      typeof content === "string" ? content : JSON.stringify(content, null, 2),
    );
  }
  return dir;
}

/** The fixture story's id (test/fixtures/stories/test-fixture-meeting.json). */
export const FIXTURE_STORY = "test-fixture-meeting";

/** data/ and the small fixture story of test/fixtures/stories, loaded from one folder. */
export function twoStoryLibrary(): StoryLibrary {
  const dir = mkdtempSync(join(tmpdir(), "summit-stories-"));
  cpSync(DATA_DIR, dir, { recursive: true });
  cpSync(join(ROOT, "test", "fixtures", "stories"), dir, { recursive: true });
  return StoryLibrary.fromDir(dir);
}
