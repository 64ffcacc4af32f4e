import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAPTION_MAX } from "../../../src/adapters/telegram/render.ts";
import { Pictures } from "../../../src/images/pictures.ts";
import { FakeTelegram, type Json } from "../../fakes/telegram/server.ts";
import { waitFor } from "../../support/wait.ts";
import { english, french, privateChat, type Running, startBot } from "./harness.ts";

/** Inline mode offers the quote cards Telegram already has, as photo results by file_id. */
describe("inline mode with cached cards, against the fake Bot API", () => {
  const fake = new FakeTelegram();
  const pictures = new Pictures();
  let bot: Running;

  /** Asks inline as `from` and returns the results the bot answered with (accepted by the fake). */
  async function inline(from: typeof english, query: string): Promise<Json[]> {
    const { id } = fake.inlineQuery(from, query).inline_query;
    const call = await fake.waitForCall("answerInlineQuery", (p) => p.inline_query_id === id);
    expect(call.ok).toBe(true);
    return call.params.results as Json[];
  }

  beforeAll(async () => {
    await fake.start();
    bot = await startBot(fake, { pictures });
  });
  afterAll(async () => {
    await bot?.service.stop();
    await fake.stop();
  });

  it("GIVEN no card uploaded yet THEN inline mode answers with articles only, and uploads nothing", async () => {
    const results = await inline(english, "louk");
    expect(results.map((r) => r.type)).toEqual(["article", "article", "article"]);
    expect(fake.uploads).toHaveLength(0);
  });

  it("GIVEN the English card uploaded by /quote card:on THEN an English reader gets it as a photo result by its file_id, before the article; nothing is uploaded again", async () => {
    const before = fake.photosTo(english.id).length;
    fake.sendText(privateChat(english.id), english, "/quote Lukashenko card:on");
    await waitFor("the card", () => fake.photosTo(english.id).length > before);
    const [upload, ...more] = fake.uploads;
    expect(more).toEqual([]);

    const results = await inline(english, "louk");
    expect(results.map((r) => r.id)).toEqual([
      "card:lukashenko-russia-wins",
      "quote:lukashenko",
      "summary",
      "members",
    ]);
    const [photo] = results;
    expect(photo).toMatchObject({
      type: "photo",
      photo_file_id: upload?.fileId,
      parse_mode: "HTML",
    });
    expect(photo?.title).toContain("Lukashenko");
    // The whole answer fits a caption here: the quote, our labelled translation, the source.
    expect(photo?.caption).toContain("If Russia wins, the CSTO will live.");
    expect(photo?.caption).toContain("<blockquote>");
    expect(String(photo?.caption).replace(/<[^>]*>/g, "").length).toBeLessThanOrEqual(CAPTION_MAX);
    expect(fake.uploads).toHaveLength(1);
  });

  it("GIVEN only the English card uploaded THEN a French reader gets articles only (results stay in the reader's language)", async () => {
    const results = await inline(french, "louk");
    expect(results.map((r) => r.type)).toEqual(["article", "article", "article"]);
    expect(results[0]?.title).toContain("Loukachenko");
  });

  it("GIVEN an empty query THEN the cached card comes with every quoted speaker, within 50 results", async () => {
    const results = await inline(english, "");
    expect(results.filter((r) => r.type === "photo").map((r) => r.id)).toEqual([
      "card:lukashenko-russia-wins",
    ]);
    expect(results.length).toBeLessThanOrEqual(50);
  });
});
