import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Locale } from "../core/locale.ts";
import type { Story } from "../core/story.ts";
import type { CardId } from "./kinds.ts";
import type { Png } from "./render.ts";
import type { DrawRequest, DrawResponse } from "./worker.ts";

/**
 * Draws images in a worker thread, started on the first request and stopped when it has had
 * nothing to do for `idleMs`: the map data, the fonts and the renderer are loaded only when a
 * picture is first needed, never on the serving thread, and their memory is given back once
 * the pictures are drawn (the PNGs themselves are kept by the image store).
 *
 * @example const png = await new WorkerDrawer().draw(story, "map", "fr", version);
 */
export class WorkerDrawer {
  #worker: Worker | undefined;
  #next = 1;
  readonly #pending = new Map<
    number,
    { resolve: (png: Png) => void; reject: (error: Error) => void }
  >();
  #idle: NodeJS.Timeout | undefined;

  /** @param idleMs how long the worker may wait for work before it is stopped. */
  constructor(private readonly idleMs = 60_000) {}

  /** Whether a worker thread is running now. */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  draw(story: Story, card: CardId, locale: Locale, version: string): Promise<Png> {
    const worker = this.#start();
    clearTimeout(this.#idle);
    const id = this.#next++;
    const request: DrawRequest = { id, version, file: story.file, data: story.data, card, locale };
    return new Promise<Png>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  /** Stops the worker now; pending drawings fail. */
  async close(): Promise<void> {
    clearTimeout(this.#idle);
    const worker = this.#worker;
    this.#worker = undefined;
    this.#fail(new Error("image worker stopped"));
    await worker?.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = spawnWorker();
    // Never the reason the process stays up.
    worker.unref();
    worker.on("message", (response: DrawResponse) => this.#settle(response));
    worker.on("error", (error) => this.#fail(error));
    worker.on("exit", (code) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#fail(new Error(`image worker exited with code ${code}`));
    });
    this.#worker = worker;
    return worker;
  }

  #settle(response: DrawResponse): void {
    const waiting = this.#pending.get(response.id);
    if (!waiting) return;
    this.#pending.delete(response.id);
    if (response.ok) {
      const { png, width, height } = response;
      waiting.resolve({
        png: Buffer.from(png.buffer, png.byteOffset, png.byteLength),
        width,
        height,
      });
    } else waiting.reject(new Error(`image not drawn: ${response.error}`));
    if (this.#pending.size === 0) this.#scheduleStop();
  }

  #fail(error: Error): void {
    const waiting = [...this.#pending.values()];
    this.#pending.clear();
    for (const w of waiting) w.reject(error);
  }

  #scheduleStop(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      if (this.#pending.size === 0) void this.close();
    }, this.idleMs);
    this.#idle.unref();
  }
}

/**
 * The worker runs `worker.js` from the build. Run from the sources (tests, `tsx`), its file is
 * `worker.ts`, which Node 20 cannot load by itself: the thread registers tsx (a development
 * dependency, only ever reached from the sources) before importing it.
 */
function spawnWorker(): Worker {
  const fromSources = import.meta.url.endsWith(".ts");
  const entry = new URL(fromSources ? "./worker.ts" : "./worker.js", import.meta.url);
  if (!fromSources) return new Worker(entry);
  const boot = `import(${JSON.stringify(tsxApi())})
    .then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })
    .catch((error) => { console.error(error); process.exit(1); });`;
  return new Worker(boot, { eval: true });
}

/** tsx's ESM API (`tsx/esm/api`, its `import` condition), as a file URL. */
function tsxApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("tsx/package.json");
  const exports = (
    require(manifest) as { exports: Record<string, { import: { default: string } }> }
  ).exports;
  const api = exports["./esm/api"]?.import.default;
  if (!api) throw new Error("tsx has no ./esm/api export");
  return new URL(api, pathToFileURL(manifest)).href;
}
