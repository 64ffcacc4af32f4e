import { type FSWatcher, watch } from "node:fs";
import { StoryDataError } from "../core/errors.ts";
import { StoryLibrary } from "../core/library.ts";
import type { Logger } from "../log.ts";

/** The state of the story data, for /readyz. */
export interface StoryState {
  readonly loadedAt: Date;
  /** The last reload's error, if the last edit was refused (the previous story is still served). */
  readonly error?: { readonly file: string; readonly field: string; readonly message: string };
}

/**
 * Watches the data folder and swaps in a freshly validated library after each edit. An
 * invalid edit keeps the last good library and is logged with its file and field.
 *
 * @example const watcher = new StoryWatcher(dir, app.context, log); watcher.start();
 */
export class StoryWatcher {
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #state: StoryState = { loadedAt: new Date() };

  constructor(
    readonly dir: string,
    private readonly target: { library: StoryLibrary },
    private readonly log: Logger,
    private readonly debounceMs = 150,
  ) {}

  get state(): StoryState {
    return this.#state;
  }

  start(): void {
    // Editors save in several steps (truncate, write, rename): wait for the folder to settle.
    this.#watcher = watch(this.dir, () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.reload(), this.debounceMs);
    });
    this.#watcher.on("error", (error) =>
      this.log.error({ err: error, dir: this.dir }, "cannot watch the data folder"),
    );
  }

  /** Loads the folder now; returns true if the new library is being served. */
  reload(): boolean {
    try {
      const library = StoryLibrary.fromDir(this.dir);
      this.target.library = library;
      this.#state = { loadedAt: new Date() };
      this.log.info(
        { stories: library.stories.map((s) => s.id), default: library.default.id },
        "story data reloaded",
      );
      return true;
    } catch (error) {
      const e = error instanceof StoryDataError ? error : undefined;
      this.#state = {
        ...this.#state,
        error: {
          file: e?.file ?? this.dir,
          field: e?.field ?? "",
          message: (error as Error).message,
        },
      };
      this.log.error(
        { file: e?.file, field: e?.field, problem: e?.problem ?? (error as Error).message },
        "story edit refused; still serving the last good story",
      );
      return false;
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
  }
}
