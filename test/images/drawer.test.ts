import { afterEach, describe, expect, it } from "vitest";
import { StoryLibrary } from "../../src/core/library.ts";
import { WorkerDrawer } from "../../src/images/drawer.ts";
import { storyVersion } from "../../src/images/store.ts";
import { DATA_DIR } from "../support/paths.ts";
import { decodePng } from "../support/png.ts";
import { waitFor } from "../support/wait.ts";

const story = StoryLibrary.fromDir(DATA_DIR).default;
const version = storyVersion(story);
const quote = `quote:${story.data.quotes[0]?.id}` as const;

describe("the image worker", () => {
  const drawers: WorkerDrawer[] = [];
  const drawer = (idleMs?: number) => {
    const d = new WorkerDrawer(idleMs);
    drawers.push(d);
    return d;
  };
  afterEach(async () => {
    await Promise.all(drawers.splice(0).map((d) => d.close()));
  });

  it("GIVEN no request yet THEN no thread runs; GIVEN one THEN it draws a PNG and stops once idle, and starts again for the next", async () => {
    const d = drawer(0);
    expect(d.running).toBe(false);
    const first = d.draw(story, quote, "en", version);
    expect(d.running).toBe(true);
    const png = await first;
    const decoded = decodePng(png.png);
    expect([decoded.width, decoded.height]).toEqual([png.width, png.height]);
    await waitFor("the idle worker to stop", () => !d.running);
    const again = await d.draw(story, quote, "fr", version);
    expect(again.png.subarray(1, 4).toString()).toBe("PNG");
  });

  it("GIVEN drawings asked at once THEN each gets its own image", async () => {
    const d = drawer();
    const [fr, en, ru] = await Promise.all(
      (["fr", "en", "ru"] as const).map((locale) => d.draw(story, quote, locale, version)),
    );
    expect(
      new Set([fr?.png.toString("base64"), en?.png.toString("base64"), ru?.png.toString("base64")])
        .size,
    ).toBe(3);
  });

  it("GIVEN a card the story does not have THEN that drawing fails with a clear error, and the worker still draws", async () => {
    const d = drawer();
    await expect(d.draw(story, "quote:nobody", "en", version)).rejects.toThrow(
      /has no image quote:nobody/,
    );
    expect((await d.draw(story, quote, "en", version)).png.length).toBeGreaterThan(0);
  });

  it("GIVEN the worker is stopped mid-drawing THEN the pending drawing fails instead of hanging", async () => {
    const d = drawer();
    const failed = expect(d.draw(story, "map", "en", version)).rejects.toThrow(/stopped/);
    await d.close();
    await failed;
    expect(d.running).toBe(false);
  });
});
