import { createHash } from "node:crypto";
import type { StoryLibrary } from "../core/library.ts";
import type { Locale } from "../core/locale.ts";
import { LOCALES } from "../core/locale.ts";
import type { Story } from "../core/story.ts";
import type { WorkerDrawer } from "./drawer.ts";
import type { CardId } from "./kinds.ts";
import type { Png } from "./render.ts";

export interface StoredImage extends Png {
  /** Unique per (story, story version, card, locale): the cache key, and the key for file ids. */
  readonly key: string;
  readonly filename: string;
}

const versions = new WeakMap<Story, string>();

/** A short hash of the story's data: any edit to the story makes a new version. */
export function storyVersion(story: Story): string {
  let v = versions.get(story);
  if (!v) {
    v = createHash("sha256").update(JSON.stringify(story.data)).digest("hex").slice(0, 12);
    versions.set(story, v);
  }
  return v;
}

/** Every image a story has: the map, then one card per quote. */
export function cardIds(story: Story): CardId[] {
  return ["map", ...story.data.quotes.map((q) => `quote:${q.id}` as const)];
}

/** Whether the story has this image (the map always; a card for each of its quotes). */
export function hasCard(story: Story, card: CardId): boolean {
  return card === "map" || story.quote(card.slice("quote:".length)) !== undefined;
}

/**
 * Rendered images, once per (story version, card, locale), kept in memory. Each is drawn on
 * first request, SVG and PNG alike, in a worker thread (`drawer.ts`) that loads the map data,
 * fonts and renderer only then, so answers are never blocked by a drawing and a process that
 * never sends a picture never loads them. `warm` renders every image of a library ahead (for
 * whoever wants them all) and forgets older versions.
 *
 * @example const png = await images.get(story, "map", "fr");
 */
export class ImageStore {
  readonly #draw: (story: Story, card: CardId, locale: Locale) => Promise<Png>;
  /** The drawing thread's owner, loaded with the first picture asked for. */
  #drawer: Promise<WorkerDrawer> | undefined;

  /**
   * @param render SVG → PNG, in this thread: tests of the cache may pass a cheap one. Without
   *   it, images are drawn by the worker thread.
   */
  constructor(render?: (svg: string) => Promise<Png>) {
    if (render) {
      this.#draw = async (story, card, locale) => {
        const { imageSvg } = await import("./draw.ts");
        const svg = imageSvg(story, card, locale);
        if (svg === undefined) throw new Error(`story ${story.id} has no image ${card}`);
        return render(svg);
      };
    } else {
      this.#draw = async (story, card, locale) => {
        this.#drawer ??= import("./drawer.ts").then(({ WorkerDrawer }) => new WorkerDrawer());
        return (await this.#drawer).draw(story, card, locale, storyVersion(story));
      };
    }
  }

  readonly #cache = new Map<string, Promise<StoredImage>>();
  readonly #done = new Map<string, StoredImage>();

  key(story: Story, card: CardId, locale: Locale): string {
    return `${story.id}@${storyVersion(story)}/${card}/${locale}`;
  }

  /** The image, rendered now or earlier; undefined if the story has no such card. */
  get(story: Story, card: CardId, locale: Locale): Promise<StoredImage> | undefined {
    const key = this.key(story, card, locale);
    const cached = this.#cache.get(key);
    if (cached) return cached;
    if (!hasCard(story, card)) return undefined;
    this.#forgetOlderVersions(story);
    const filename = `${story.id}-${card.replace(":", "-")}-${locale}.png`;
    const pending = this.#draw(story, card, locale).then((png) => {
      const image = { ...png, key, filename };
      this.#done.set(key, image);
      return image;
    });
    // A failed render is not cached: the next request tries again.
    pending.catch(() => this.#cache.delete(key));
    this.#cache.set(key, pending);
    return pending;
  }

  /** A story edit makes new images: the ones of its earlier versions are dropped. */
  #forgetOlderVersions(story: Story): void {
    const current = `${story.id}@${storyVersion(story)}/`;
    for (const key of [...this.#cache.keys()]) {
      if (key.startsWith(`${story.id}@`) && !key.startsWith(current)) {
        this.#cache.delete(key);
        this.#done.delete(key);
      }
    }
  }

  /** The image if it is already rendered (never starts a render). */
  peek(story: Story, card: CardId, locale: Locale): StoredImage | undefined {
    return this.#done.get(this.key(story, card, locale));
  }

  /** Renders every image of every story in every locale, one at a time; drops stale versions. */
  async warm(library: StoryLibrary): Promise<void> {
    const live = new Set(library.stories.map((s) => `${s.id}@${storyVersion(s)}/`));
    for (const key of [...this.#cache.keys()]) {
      if (![...live].some((prefix) => key.startsWith(prefix))) {
        this.#cache.delete(key);
        this.#done.delete(key);
      }
    }
    for (const story of library.stories) {
      for (const card of cardIds(story)) {
        for (const locale of LOCALES) await this.get(story, card, locale);
      }
    }
  }

  /** How many images are rendered and held. */
  get size(): number {
    return this.#done.size;
  }

  /** Stops the drawing thread, if one runs (the rendered images stay). */
  async close(): Promise<void> {
    await (await this.#drawer)?.close();
  }
}
