import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { StoryLibrary } from "../../src/core/library.ts";
import { createLogger } from "../../src/log.ts";
import { StoryWatcher } from "../../src/ops/reload.ts";
import { realStory, storyDir } from "../support/stories.ts";
import { waitFor } from "../support/wait.ts";

const lines: string[] = [];
const log = createLogger({
  level: "info",
  pretty: false,
  destination: new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  }),
});

let watcher: StoryWatcher | undefined;
afterEach(() => watcher?.stop());

const until = (condition: () => boolean) => waitFor("the watcher", condition);

describe("live story reload", () => {
  it("GIVEN the data folder is deleted THEN /readyz's state says the watch is broken; WHEN it is created again THEN edits are served again", async () => {
    const dir = storyDir({ "story.json": realStory() });
    const target = { library: StoryLibrary.fromDir(dir) };
    watcher = new StoryWatcher(dir, target, log, 50);
    watcher.start();
    expect(watcher.state.watching).toBe(true);
    rmSync(dir, { recursive: true, force: true });
    await waitFor("the watch reported broken", () => watcher?.state.watching === false);
    mkdirSync(dir);
    const edited = realStory();
    edited.headline.en = "Back after the folder came back";
    writeFileSync(join(dir, "story.json"), JSON.stringify(edited));
    await waitFor(
      "the edit in the re-created folder served",
      () => target.library.default.data.headline.en === "Back after the folder came back",
    );
    expect(watcher.state.watching).toBe(true);
    // And the new folder is watched for the next edit too.
    edited.headline.en = "A second edit";
    writeFileSync(join(dir, "story.json"), JSON.stringify(edited));
    await waitFor(
      "the second edit",
      () => target.library.default.data.headline.en === "A second edit",
    );
  });

  it("GIVEN a valid edit THEN the next answers use it, without a restart", async () => {
    const dir = storyDir({ "story.json": realStory() });
    const target = { library: StoryLibrary.fromDir(dir) };
    watcher = new StoryWatcher(dir, target, log, 50);
    watcher.start();
    const edited = realStory();
    edited.headline.en = "An edited headline";
    writeFileSync(join(dir, "story.json"), JSON.stringify(edited));
    await until(() => target.library.default.data.headline.en === "An edited headline");
    expect(watcher.state.error).toBeUndefined();
  });

  it("GIVEN an added story file with a newer event THEN it becomes the default", async () => {
    const dir = storyDir({ "story.json": realStory() });
    const target = { library: StoryLibrary.fromDir(dir) };
    watcher = new StoryWatcher(dir, target, log, 50);
    watcher.start();
    writeFileSync(
      join(dir, "next.json"),
      JSON.stringify({
        ...realStory(),
        id: "next-summit",
        event: { ...realStory().event, date: "2023-11-23" },
      }),
    );
    await until(() => target.library.default.id === "next-summit");
  });

  it("GIVEN an invalid edit THEN the last good story stays, and the error names the file and field", async () => {
    const dir = storyDir({ "story.json": realStory() });
    const target = { library: StoryLibrary.fromDir(dir) };
    const before = target.library;
    watcher = new StoryWatcher(dir, target, log, 50);
    watcher.start();
    const broken = realStory() as unknown as { quotes: { speaker: string }[] };
    broken.quotes[1] = { ...broken.quotes[1], speaker: "ghost" };
    writeFileSync(join(dir, "story.json"), JSON.stringify(broken));
    await until(() => watcher?.state.error !== undefined);
    expect(target.library).toBe(before);
    expect(watcher.state.error).toMatchObject({ field: "quotes.1.speaker" });
    expect(watcher.state.error?.file).toContain("story.json");
    expect(lines.join("")).toContain('"field":"quotes.1.speaker"');
    // Fixing the file clears the error.
    writeFileSync(join(dir, "story.json"), JSON.stringify(realStory()));
    await until(() => watcher?.state.error === undefined);
    expect(target.library).not.toBe(before);
  });
});
