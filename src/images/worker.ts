import { parentPort } from "node:worker_threads";
import type { Locale } from "../core/locale.ts";
import type { StoryData } from "../core/schema.ts";
import { Story } from "../core/story.ts";
import { drawPng } from "./draw.ts";
import type { CardId } from "./kinds.ts";

/**
 * The image worker's entry (a worker thread started by `drawer.ts`): draws what it is asked,
 * map geometry included, so the serving thread never spends a millisecond on it. One request
 * names a story version by its data; the worker indexes each version once.
 */

export interface DrawRequest {
  readonly id: number;
  readonly version: string;
  readonly file: string;
  readonly data: StoryData;
  readonly card: CardId;
  readonly locale: Locale;
}

export type DrawResponse =
  | {
      readonly id: number;
      readonly ok: true;
      readonly png: Uint8Array<ArrayBuffer>;
      readonly width: number;
      readonly height: number;
    }
  | { readonly id: number; readonly ok: false; readonly error: string };

const port = parentPort;
if (!port) throw new Error("images/worker.ts runs as a worker thread (see drawer.ts)");

const stories = new Map<string, Story>();

function storyOf(request: DrawRequest): Story {
  let story = stories.get(request.version);
  if (!story) {
    story = new Story({ file: request.file, data: request.data });
    // Only the latest versions are asked for: keep a few, not every edit ever made.
    if (stories.size >= 4) stories.clear();
    stories.set(request.version, story);
  }
  return story;
}

port.on("message", (request: DrawRequest) => {
  const answer = async (): Promise<DrawResponse> => {
    try {
      const { png, width, height } = await drawPng(storyOf(request), request.card, request.locale);
      // A copy of its own, so its memory can be handed over rather than copied again.
      return { id: request.id, ok: true, png: new Uint8Array(png), width, height };
    } catch (error) {
      return { id: request.id, ok: false, error: String((error as Error)?.stack ?? error) };
    }
  };
  void answer().then((response) => {
    const transfer = response.ok ? [response.png.buffer] : [];
    port.postMessage(response, transfer);
  });
});
