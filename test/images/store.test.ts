import { describe, expect, it } from "vitest";
import { StoryLibrary } from "../../src/core/library.ts";
import { loadStoryDir } from "../../src/core/load.ts";
import { LOCALES } from "../../src/core/locale.ts";
import { cardIds, ImageStore, storyVersion } from "../../src/images/store.ts";
import { DATA_DIR } from "../support/paths.ts";
import { realStory, storyDir } from "../support/stories.ts";

const library = StoryLibrary.fromDir(DATA_DIR);
const story = library.default;

/** A renderer that only counts: the cache is under test here, not the drawing. */
function countingRenderer() {
  const rendered: string[] = [];
  const render = async (svg: string) => {
    rendered.push(svg);
    return { png: Buffer.from(svg.slice(0, 16)), width: 1, height: 1 };
  };
  return { rendered, render };
}

describe("the image store", () => {
  it("GIVEN the same (story version, card, locale) twice THEN it renders once and serves the same image", async () => {
    const { rendered, render } = countingRenderer();
    const images = new ImageStore(render);
    const first = images.get(story, "quote:tokayev-peace", "fr");
    const second = images.get(story, "quote:tokayev-peace", "fr");
    expect(second).toBe(first);
    const image = await first;
    expect(images.peek(story, "quote:tokayev-peace", "fr")).toBe(image);
    expect(image?.key).toBe(`${story.id}@${storyVersion(story)}/quote:tokayev-peace/fr`);
    expect(image?.filename).toBe(`${story.id}-quote-tokayev-peace-fr.png`);
    expect(images.size).toBe(1);
    expect(rendered).toHaveLength(1);
  });

  it("GIVEN a card the story does not have THEN there is no image, and no error", () => {
    const images = new ImageStore(countingRenderer().render);
    expect(images.get(story, "quote:nobody", "en")).toBeUndefined();
    expect(images.peek(story, "map", "en")).toBeUndefined();
  });

  it("GIVEN an edited story THEN its version changes, and warming renders every image of it and forgets the old ones", async () => {
    const data = realStory();
    const edited = realStory();
    const q = edited.quotes[0];
    if (!q) throw new Error("no quote");
    q.setting.en = `${q.setting.en} (edited)`;
    const before = new StoryLibrary(loadStoryDir(storyDir({ "story.json": data })));
    const after = new StoryLibrary(loadStoryDir(storyDir({ "story.json": edited })));
    expect(storyVersion(before.default)).not.toBe(storyVersion(after.default));
    expect(storyVersion(before.default)).toBe(storyVersion(story));

    const { rendered, render } = countingRenderer();
    const images = new ImageStore(render);
    await images.warm(before);
    // One of each image per language.
    const all = cardIds(before.default).length * LOCALES.length;
    expect(images.size).toBe(all);
    await images.warm(before);
    expect(rendered).toHaveLength(all);
    await images.warm(after);
    expect(rendered).toHaveLength(2 * all);
    expect(images.size).toBe(all);
    expect(images.peek(before.default, "map", "en")).toBeUndefined();
    expect(images.peek(after.default, "map", "en")?.key).toContain(storyVersion(after.default));
  });
});

describe("the image store with the real renderer", () => {
  it("GIVEN a render THEN the event loop keeps turning while it runs (it is off the main thread)", async () => {
    const images = new ImageStore();
    const pending = images.get(story, "quote:lukashenko-russia-wins", "en");
    let turns = 0;
    let done = false;
    void pending?.then(() => {
      done = true;
    });
    while (!done) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      turns++;
    }
    expect(turns).toBeGreaterThan(1);
    expect((await pending)?.png.subarray(1, 4).toString()).toBe("PNG");
  });
});
