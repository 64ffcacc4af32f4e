import { type FSWatcher, statSync, watch } from "node:fs";
import { basename, dirname } from "node:path";
import { StoryDataError } from "../core/errors.ts";
import { StoryLibrary } from "../core/library.ts";
import type { Logger } from "../log.ts";

/** The state of the story data, for /readyz. */
export interface StoryState {
  readonly loadedAt: Date;
  /** The last reload's error, if the last edit was refused (the previous story is still served). */
  readonly error?: { readonly file: string; readonly field: string; readonly message: string };
  /** False while the data folder is gone (deleted, or replaced and not yet watched again). */
  readonly watching: boolean;
}

/**
 * Watches the data folder and swaps in a freshly validated library after each edit. An
 * invalid edit keeps the last good library and is logged with its file and field. The parent
 * folder is watched too: when the data folder is deleted the state says so (/readyz), and
 * when it is created again (or replaced by another folder) it is watched again and reloaded.
 *
 * @example const watcher = new StoryWatcher(dir, app.context, log); watcher.start();
 */
export class StoryWatcher {
  #watcher: FSWatcher | undefined;
  #parent: FSWatcher | undefined;
  /** The inode of the folder being watched: a folder re-created at the same path differs. */
  #inode: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #state: StoryState = { loadedAt: new Date(), watching: false };

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
    this.#stopped = false;
    this.#parent = watch(dirname(this.dir), (_event, name) => {
      if (name === null || name === basename(this.dir)) this.#check();
    });
    this.#parent.on("error", (error) =>
      this.log.error({ err: error }, "cannot watch the data folder's parent"),
    );
    this.#arm();
  }

  /** Watches the folder now at `dir`; false (and the state says so) if there is none. */
  #arm(): boolean {
    this.#watcher?.close();
    this.#watcher = undefined;
    const inode = this.#inodeNow();
    if (inode === undefined) return this.#broken();
    try {
      // Editors save in several steps (truncate, write, rename): wait for the folder to settle.
      this.#watcher = watch(this.dir, () => {
        this.#check();
        this.#schedule();
      });
    } catch {
      return this.#broken();
    }
    this.#watcher.on("error", (error) => {
      this.log.error({ err: error }, "the data folder's watch failed");
      this.#check();
    });
    this.#inode = inode;
    this.#state = { ...this.#state, watching: true };
    return true;
  }

  /** The folder is gone, or another folder stands at its path: report, re-arm, reload. */
  #check(): void {
    if (this.#stopped) return;
    const inode = this.#inodeNow();
    if (inode !== undefined && this.#watcher && inode === this.#inode) return;
    if (inode === undefined) {
      if (this.#state.watching) this.#broken();
      return;
    }
    if (this.#arm()) {
      this.log.info("data folder back: watching it again");
      this.#schedule();
    }
  }

  #broken(): false {
    this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#state.watching || this.#inode === undefined)
      this.log.error(
        "data folder missing: live reload paused until it is back (the last good story is served)",
      );
    this.#state = { ...this.#state, watching: false };
    return false;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.reload(), this.debounceMs);
  }

  #inodeNow(): number | undefined {
    try {
      const stat = statSync(this.dir);
      return stat.isDirectory() ? stat.ino : undefined;
    } catch {
      return undefined;
    }
  }

  /** Loads the folder now; returns true if the new library is being served. */
  reload(): boolean {
    try {
      const library = StoryLibrary.fromDir(this.dir);
      this.target.library = library;
      this.#state = { loadedAt: new Date(), watching: this.#state.watching };
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
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#parent?.close();
  }
}
