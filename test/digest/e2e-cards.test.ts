import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReply } from "../../src/adapters/discord/render.ts";
import { renderTelegram, renderWithCaption } from "../../src/adapters/telegram/render.ts";
import { digest } from "../../src/core/answers.ts";
import { StoryLibrary } from "../../src/core/library.ts";
import type { DigestService } from "../../src/digest/service.ts";
import { Pictures } from "../../src/images/pictures.ts";
import { privateChat, type Running, startBot } from "../adapters/telegram/harness.ts";
import { imageSize } from "../fakes/multipart.ts";
import { FakeTelegram } from "../fakes/telegram/server.ts";
import {
  type DiscordDigests,
  digestCommand,
  PERMISSION,
  startDiscordDigests,
} from "../support/discord-digests.ts";
import { DATA_DIR } from "../support/paths.ts";
import { telegramDigests, tempTelegramDb } from "../support/telegram-digests.ts";
import { waitFor } from "../support/wait.ts";

const story = StoryLibrary.fromDir(DATA_DIR).default;
/** Every subscription here is daily at 08:00 UTC; slots are delivered directly, never waited for. */
const DAILY = { cron: "0 8 * * *", timezone: "UTC" };
let slots = 0;
/** A slot after every subscription of the test (the engine skips slots older than one). */
const nextSlot = () => new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000 * ++slots);
const quoteOf = (rotation: number) =>
  story.data.quotes[rotation % story.data.quotes.length]?.id ?? "";

describe("digests with the day's quote card on Telegram (real grammY bot, fake Bot API)", () => {
  const fake = new FakeTelegram();
  const pictures = new Pictures();
  let bot: Running;
  let digests: DigestService;

  /** Types a command in a private chat and returns the text of the answer. */
  async function say(chatId: number, text: string): Promise<string> {
    const before = fake.sentTo(chatId).length;
    fake.sendText(privateChat(chatId), { id: chatId, language_code: "en" }, text);
    await waitFor(`an answer in ${chatId}`, () => fake.sentTo(chatId).length > before);
    return fake.sentTo(chatId).at(-1)?.text ?? "";
  }

  beforeAll(async () => {
    await fake.start();
    const make = telegramDigests(tempTelegramDb());
    bot = await startBot(fake, {
      pictures,
      digests: (log, metrics) => {
        digests = make(log, metrics);
        // As main.ts wires it: file ids in the database.
        pictures.useFileIds(digests.store.fileIds);
        return digests;
      },
    });
  });
  afterAll(async () => {
    await digests.close(1_000);
    await bot.service.stop();
    await fake.stop();
  });

  it("GIVEN a chat subscribed without saying (image on) WHEN its slot is delivered THEN the card comes as a photo, the digest's start as its caption and the rest after it, recorded once", async () => {
    const chat = 5001;
    expect(await say(chat, "/digest subscribe 08:00 UTC en")).toContain(
      "Picture\nthe day’s quote card, with the brief",
    );
    const messagesBefore = fake.sentTo(chat).length;
    const report = await digests.deliverSlot(DAILY, nextSlot());
    expect(report.count.sent).toBe(1);

    const expected = renderWithCaption(digest(story, "en", 0, { image: true }));
    const [photo, ...morePhotos] = fake.photosTo(chat);
    expect(morePhotos).toEqual([]);
    expect(photo?.params.caption).toBe(expected.caption);
    expect(photo?.text.length).toBeLessThanOrEqual(1024);
    expect(photo?.photo).toMatchObject({ width: 1200, height: 675 });
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]?.filename).toBe(`${story.id}-quote-${quoteOf(0)}-en.png`);
    // Nothing of the digest is lost: the rest follows the photo, in order.
    expect(
      fake
        .sentTo(chat)
        .slice(messagesBefore)
        .map((m) => m.html),
    ).toEqual(expected.rest);
    // One slot, one ledger row, whose message is the photo.
    const [row, ...others] = await digests.store.ledger.history("telegram", String(chat));
    expect(others).toEqual([]);
    const photoCall = fake.callsTo("sendPhoto").find((c) => Number(c.params.chat_id) === chat);
    expect(row).toMatchObject({ status: "sent", messageId: String(photoCall?.result.message_id) });
    // The upload's file id is kept in the database, under the card's key.
    const key = pictures.store.key(story, `quote:${quoteOf(0)}`, "en");
    expect(await digests.store.fileIds.get("telegram", key)).toBe(fake.uploads[0]?.fileId);
  });

  it("GIVEN a second chat whose day's card was uploaded already THEN it gets the card by file_id, and only the new card is uploaded", async () => {
    const chat = 5002;
    await say(chat, "/digest subscribe 08:00 UTC en");
    const uploads = fake.uploads.length;
    const report = await digests.deliverSlot(DAILY, nextSlot());
    expect(report.count.sent).toBe(2);
    // 5002 starts at rotation 0 (the card 5001 got yesterday); 5001 moves on to the next quote.
    const [photo] = fake.photosTo(chat);
    const firstUpload = fake.uploads[0]?.fileId;
    expect(photo?.params.photo).toBe(firstUpload);
    expect(fake.uploads).toHaveLength(uploads + 1);
    expect(fake.uploads.at(-1)?.filename).toBe(`${story.id}-quote-${quoteOf(1)}-en.png`);
    expect(fake.photosTo(5001).at(-1)?.photo.fileId).toBe(fake.uploads.at(-1)?.fileId);
  });

  it("GIVEN image:off THEN the digest is the text-only digest exactly as before, and status says so", async () => {
    const chat = 5003;
    expect(await say(chat, "/digest subscribe 08:00 UTC en image:off")).toContain(
      "Picture\nnone, text only",
    );
    expect(await say(chat, "/digest status")).toContain("Picture\nnone, text only");
    const messagesBefore = fake.sentTo(chat).length;
    const uploads = fake.uploads.length;
    await digests.deliverSlot(DAILY, nextSlot());
    expect(fake.photosTo(chat)).toEqual([]);
    expect(fake.uploads).toHaveLength(uploads);
    expect(
      fake
        .sentTo(chat)
        .slice(messagesBefore)
        .map((m) => m.html),
    ).toEqual(renderTelegram(digest(story, "en", 0)));
  });

  it("GIVEN the photo posted and a later part whose answer is lost THEN the slot is uncertain, and delivering it again posts nothing twice", async () => {
    const chat = 5004;
    await say(chat, "/digest subscribe 08:00 UTC en");
    // Only this chat is on the schedule now (the others are unsubscribed first).
    for (const other of [5001, 5002, 5003]) await say(other, "/digest unsubscribe");
    fake.hangUp("sendMessage");
    const slot = nextSlot();
    const report = await digests.deliverSlot(DAILY, slot);
    expect(report.outcomes.map((o) => [o.target, o.result])).toEqual([[String(chat), "uncertain"]]);
    expect(report.outcomes[0]?.reason).toMatch(/^part 2 of \d+ not delivered after part 1 was/);
    expect(fake.photosTo(chat)).toHaveLength(1);
    const again = await digests.deliverSlot(DAILY, slot);
    expect(again.count.skipped).toBe(1);
    expect(fake.photosTo(chat)).toHaveLength(1);
    expect((await digests.store.ledger.history("telegram", String(chat)))[0]?.status).toBe(
      "uncertain",
    );
  });
});

describe("digests with the day's quote card on Discord (real discord.js client, fake Discord)", () => {
  let h: DiscordDigests;
  const admin = { locale: "en-US", memberPermissions: PERMISSION.ManageChannels };

  beforeAll(async () => {
    h = await startDiscordDigests();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("GIVEN a channel subscribed (image on) WHEN its slot is delivered THEN the card is attached to the first message and shown by its embed; with image off the digest is text only", async () => {
    const channel = h.fake.channelId;
    const subscribed = await digestCommand(
      h.fake,
      "subscribe",
      { time: "08:00", timezone: "UTC", language: "en" },
      admin,
    );
    expect(JSON.stringify(subscribed.body.data.embeds)).toContain("the day’s quote card");
    expect((await h.digests.deliverSlot(DAILY, nextSlot())).count.sent).toBe(1);

    const [message, ...rest] = h.fake.postedTo(channel);
    const filename = `${story.id}-quote-${quoteOf(0)}-en.png`;
    expect(message?.files.map((f) => f.filename)).toEqual([filename]);
    const file = message?.files[0];
    expect(file && imageSize(file.data)).toEqual({ width: 1200, height: 675 });
    expect(message?.body.attachments).toMatchObject([{ id: 0, filename }]);
    expect(message?.body.embeds[0].image).toEqual({ url: `attachment://${filename}` });
    expect(message?.body.embeds[0].title).toMatch(/^Today’s brief/);
    // The text is the text-only digest's, page for page; later pages carry no file.
    const pages = renderReply(digest(story, "en", 0), "en").pages;
    expect(rest).toHaveLength(pages.length - 1);
    for (const m of rest) expect(m.files).toEqual([]);
    const { image: _card, ...firstEmbed } = message?.body.embeds[0] ?? {};
    expect(firstEmbed).toEqual(JSON.parse(JSON.stringify(pages[0]?.embeds[0])));
    const row = (await h.digests.store.ledger.history("discord", channel))[0];
    expect(row).toMatchObject({ status: "sent", messageId: message?.id });

    await digestCommand(
      h.fake,
      "subscribe",
      { time: "08:00", timezone: "UTC", language: "en", image: "off" },
      admin,
    );
    const before = h.fake.postedTo(channel).length;
    expect((await h.digests.deliverSlot(DAILY, nextSlot())).count.sent).toBe(1);
    const textOnly = h.fake.postedTo(channel).slice(before);
    expect(textOnly.flatMap((m) => m.files)).toEqual([]);
    expect(textOnly.map((m) => m.body.attachments)).toEqual(textOnly.map(() => undefined));
    expect(textOnly.map((m) => m.body.embeds)).toEqual(
      JSON.parse(
        JSON.stringify(renderReply(digest(story, "en", 1), "en").pages.map((p) => p.embeds)),
      ),
    );
  });
});
