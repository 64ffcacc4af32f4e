import type { StoryLibrary } from "../core/library.ts";
import type { Locale } from "../core/locale.ts";
import type { Reply } from "../core/reply.ts";
import { ImageStore, type StoredImage } from "./store.ts";

/**
 * Where a platform keeps the ids it gave our uploads (Telegram's `file_id`), per image key
 * (story version, card, locale): an image is uploaded once, then sent by id.
 */
export interface FileIdCache {
  get(platform: string, key: string): Promise<string | undefined>;
  set(platform: string, key: string, fileId: string): Promise<void>;
}

/** A file id cache in memory, for tests and for processes without a database. */
export class MemoryFileIds implements FileIdCache {
  readonly #ids = new Map<string, string>();
  async get(platform: string, key: string): Promise<string | undefined> {
    return this.#ids.get(`${platform}\n${key}`);
  }
  async set(platform: string, key: string, fileId: string): Promise<void> {
    this.#ids.set(`${platform}\n${key}`, fileId);
  }
}

/**
 * The pictures of replies, for the adapters: the rendered PNG of a reply's `image`, and the
 * platform file ids of earlier uploads.
 *
 * @example const png = await pictures.of(reply, context.library, "fr");
 */
export class Pictures {
  #fileIds: FileIdCache;

  constructor(
    readonly store: ImageStore = new ImageStore(),
    fileIds: FileIdCache = new MemoryFileIds(),
  ) {
    this.#fileIds = fileIds;
  }

  /** The platform file ids of earlier uploads. */
  get fileIds(): FileIdCache {
    return this.#fileIds;
  }

  /**
   * Keeps file ids in `cache` from now on (the database, once it is open), so that a restarted
   * bot sends a picture it uploaded before by its id.
   */
  useFileIds(cache: FileIdCache): void {
    this.#fileIds = cache;
  }

  /** The reply's picture; undefined when it has none, or names a story or card that is gone. */
  of(reply: Reply, library: StoryLibrary, wanted: Locale): Promise<StoredImage | undefined> {
    const locale = imageLocale(reply.image?.locale ?? wanted);
    const story = reply.image && library.get(reply.image.story);
    if (!reply.image || !story) return Promise.resolve(undefined);
    return this.store.get(story, reply.image.card, locale) ?? Promise.resolve(undefined);
  }

  /** Whether the reply's picture is rendered already (so sending it cannot wait on a render). */
  ready(reply: Reply, library: StoryLibrary, wanted: Locale): boolean {
    const locale = imageLocale(reply.image?.locale ?? wanted);
    const story = reply.image && library.get(reply.image.story);
    return !!(reply.image && story && this.store.peek(story, reply.image.card, locale));
  }

  /** Renders every picture of the library ahead (for whoever wants them all at once). */
  warm(library: StoryLibrary): Promise<void> {
    return this.store.warm(library);
  }

  /** Stops the drawing thread, if one runs (rendered pictures stay available). */
  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * What a platform's sender needs to attach pictures: the rendered images (and file ids), and
 * the stories as they are now (the library can be reloaded).
 */
export interface SenderPictures {
  readonly pictures: Pictures;
  library(): StoryLibrary;
}

/** Every reader gets the picture in their own language (the catalogues and the fonts cover them all). */
export function imageLocale(locale: Locale): Locale {
  return locale;
}
