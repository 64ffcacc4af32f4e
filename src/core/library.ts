import { type LoadedStory, loadStoryDir } from "./load.ts";
import { Story } from "./story.ts";

/**
 * Every story the bot knows, newest event first. The newest is the default story.
 */
export class StoryLibrary {
  readonly stories: readonly Story[];
  readonly #byId: Map<string, Story>;

  constructor(loaded: readonly LoadedStory[]) {
    if (loaded.length === 0) throw new Error("a story library needs at least one story");
    this.stories = loaded
      .map((l) => new Story(l))
      .sort(
        (a, b) => b.data.event.date.localeCompare(a.data.event.date) || a.id.localeCompare(b.id),
      );
    this.#byId = new Map(this.stories.map((s) => [s.id, s]));
    if (this.#byId.size !== this.stories.length) {
      const seen = new Set<string>();
      const dup = this.stories.find((s) => seen.size === seen.add(s.id).size);
      throw new Error(
        `two story files share the id "${dup?.id}": ${this.stories
          .filter((s) => s.id === dup?.id)
          .map((s) => s.file)
          .join(", ")}`,
      );
    }
  }

  /** Loads and validates every story in a folder (throws `StoryDataError` on a broken file). */
  static fromDir(dir: string): StoryLibrary {
    return new StoryLibrary(loadStoryDir(dir));
  }

  get default(): Story {
    // The constructor guarantees at least one story.
    return this.stories[0] as Story;
  }

  get(id: string | undefined): Story | undefined {
    return id === undefined ? this.default : this.#byId.get(id);
  }
}
