import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSender } from "../../../src/adapters/telegram/sender.ts";
import { members } from "../../../src/core/answers.ts";
import { StoryLibrary } from "../../../src/core/library.ts";
import { MemoryFileIds, Pictures } from "../../../src/images/pictures.ts";
import { FakeTelegram } from "../../fakes/telegram/server.ts";
import { DATA_DIR } from "../../support/paths.ts";

const library = StoryLibrary.fromDir(DATA_DIR);

/** A stored file id Telegram refuses (a database copied from another bot): upload again, once. */
describe("a stored file_id Telegram no longer takes", () => {
  const fake = new FakeTelegram();

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it("GIVEN a stale file_id in the cache THEN the picture is uploaded in its place, posted once, and the new id replaces the stale one", async () => {
    const ids = new MemoryFileIds();
    const pictures = new Pictures(undefined, ids);
    const reply = members(library.default, "en");
    const key = pictures.store.key(library.default, "map", "en");
    await ids.set("telegram", key, "AgAC-from-another-bot");
    const sender = createSender(new Api(fake.token, { apiRoot: fake.apiRoot }), {
      pictures,
      library: () => library,
    });

    const result = await sender.send("4343", reply, "en");

    expect(result.ok).toBe(true);
    const attempts = fake.callsTo("sendPhoto");
    expect(attempts.map((c) => c.ok)).toEqual([false, true]);
    expect(attempts[0]?.params.photo).toBe("AgAC-from-another-bot");
    expect(fake.photosTo(4343)).toHaveLength(1);
    expect(fake.uploads).toHaveLength(1);
    expect(await ids.get("telegram", key)).toBe(fake.uploads[0]?.fileId);
  });
});
