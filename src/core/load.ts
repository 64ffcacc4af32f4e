import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { StoryDataError } from "./errors.ts";
import { type StoryData, storySchema } from "./schema.ts";
import { firstProblem, VALIDATION } from "./validation.ts";

/** A validated story, with the file it came from. */
export interface LoadedStory {
  readonly file: string;
  readonly data: StoryData;
}

/**
 * Parses and validates one story file's text. Throws a `StoryDataError` naming the file and
 * the first offending field.
 */
export function parseStory(file: string, raw: string): LoadedStory {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new StoryDataError(file, "", `is not valid JSON (${(error as Error).message})`);
  }
  const parsed = v.safeParse(storySchema, json, VALIDATION);
  if (!parsed.success) {
    const problem = firstProblem(parsed.issues);
    throw new StoryDataError(file, problem.path, problem.message);
  }
  checkReferences(file, parsed.output);
  return { file, data: parsed.output };
}

/** Cross-references that a schema cannot express: ids are unique and every reference resolves. */
function checkReferences(file: string, story: StoryData): void {
  const unique = (items: { id: string }[], field: string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id))
        throw new StoryDataError(file, `${field}.${i}.id`, `duplicate id "${item.id}"`);
      seen.add(item.id);
    });
    return seen;
  };
  const countries = unique(story.countries, "countries");
  const people = unique(story.people, "people");
  unique(story.quotes, "quotes");
  const country = (value: string | null, field: string) => {
    if (value !== null && !countries.has(value)) {
      throw new StoryDataError(
        file,
        field,
        `unknown country "${value}" (known: ${[...countries].join(", ")})`,
      );
    }
  };
  country(story.event.place.country, "event.place.country");
  country(story.outcome.blockedBy, "outcome.blockedBy");
  story.people.forEach((p, i) => {
    country(p.country, `people.${i}.country`);
  });
  story.quotes.forEach((q, i) => {
    if (!people.has(q.speaker)) {
      throw new StoryDataError(
        file,
        `quotes.${i}.speaker`,
        `unknown person "${q.speaker}" (known: ${[...people].join(", ")})`,
      );
    }
  });
}

/**
 * Loads every `*.json` story in a folder. A broken file stops the load with a
 * `StoryDataError`; an empty folder is an error too.
 */
export function loadStoryDir(dir: string): LoadedStory[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".json"))
      .sort();
  } catch (error) {
    throw new StoryDataError(
      dir,
      "",
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  if (names.length === 0) throw new StoryDataError(dir, "", "holds no story file (*.json)");
  return names.map((name) => {
    const file = join(dir, name);
    return parseStory(file, readFileSync(file, "utf8"));
  });
}
