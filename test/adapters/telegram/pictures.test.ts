import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CAPTION_MAX } from "../../../src/adapters/telegram/render.ts";
import { StoryLibrary } from "../../../src/core/library.ts";
import { Pictures } from "../../../src/images/pictures.ts";
import { FakeTelegram } from "../../fakes/telegram/server.ts";
import { DATA_DIR } from "../../support/paths.ts";
import { waitFor } from "../../support/wait.ts";
import { buttons, english, french, privateChat, type Running, startBot } from "./harness.ts";

const story = StoryLibrary.fromDir(DATA_DIR).default;

describe("pictures on Telegram, against the fake Bot API", () => {
  const fake = new FakeTelegram();
  const pictures = new Pictures();
  let bot: Running;

  /** Sends `text` and waits until the chat has `photos` more photos and `messages` more texts. */
  async function exchange(from: typeof english, text: string, photos: number, messages: number) {
    const [p0, m0] = [fake.photosTo(from.id).length, fake.sentTo(from.id).length];
    fake.sendText(privateChat(from.id), from, text);
    await waitFor(
      `${photos} photo(s) and ${messages} message(s) to ${from.id}`,
      () =>
        fake.photosTo(from.id).length >= p0 + photos &&
        fake.sentTo(from.id).length >= m0 + messages,
    );
    return { photos: fake.photosTo(from.id).slice(p0), messages: fake.sentTo(from.id).slice(m0) };
  }

  beforeAll(async () => {
    await fake.start();
    await pictures.warm(new StoryLibrary([{ file: "x", data: story.data }]));
    bot = await startBot(fake, {
      pictures,
      extraCommands: [
        {
          name: "longmap",
          description: { fr: "Carte et long texte", en: "Map and long text", ru: "Карта" },
          options: [],
          run: () => ({
            status: "ok",
            title: "A long answer with the map",
            blocks: Array.from({ length: 12 }, (_, i) => ({
              type: "text" as const,
              text: `Paragraph ${i}: ${"words & more words <kept> ".repeat(20)}`,
            })),
            image: { story: story.id, card: "map", alt: "map" },
          }),
        },
      ],
    });
  });
  afterAll(async () => {
    await bot?.service.stop();
    await fake.stop();
  });

  it("GIVEN /members THEN the map arrives as a photo with the whole answer as its HTML caption", async () => {
    const { photos, messages } = await exchange(english, "/members", 1, 0);
    const [photo] = photos;
    expect(photo?.photo).toMatchObject({ width: 1200, height: 900 });
    expect(photo?.text).toContain("member states of the CSTO");
    expect(photo?.text.length).toBeLessThanOrEqual(CAPTION_MAX);
    expect(photo?.entities.some((e) => e.type === "bold")).toBe(true);
    // Everything the text answer says is still said: the members after the caption.
    const all = `${photo?.text}\n${messages.map((m) => m.text).join("\n")}`;
    for (const c of story.data.countries) expect(all).toContain(c.name.en);
    expect(fake.uploads).toHaveLength(1);
  });

  it("GIVEN /members again THEN the same photo is sent by its file_id, never uploaded again", async () => {
    const before = fake.uploads.length;
    const { photos } = await exchange(english, "/members", 1, 0);
    expect(fake.uploads).toHaveLength(before);
    expect(photos[0]?.params.photo).toBe(fake.uploads[0]?.fileId);
  });

  it("GIVEN a French reader THEN the French map is its own upload", async () => {
    const before = fake.uploads.length;
    const { photos } = await exchange(french, "/members", 1, 0);
    expect(photos[0]?.text).toContain("États membres de l’OTSC");
    expect(fake.uploads).toHaveLength(before + 1);
  });

  it("GIVEN an answer longer than a caption THEN the caption holds its start, the rest follows as messages, nothing lost", async () => {
    const m0 = fake.sentTo(english.id).length;
    const { photos } = await exchange(english, "/longmap", 1, 0);
    const all = () =>
      [
        photos[0]?.text,
        ...fake
          .sentTo(english.id)
          .slice(m0)
          .map((m) => m.text),
      ].join("\n");
    await waitFor("the last paragraph after the photo", () => all().includes("Paragraph 11:"));
    expect(photos[0]?.text.length).toBeLessThanOrEqual(CAPTION_MAX);
    expect(photos[0]?.text).toContain("A long answer with the map");
    for (let i = 0; i < 12; i++)
      expect(all()).toContain(`Paragraph ${i}: words & more words <kept>`);
    for (const m of fake.sentTo(english.id).slice(m0))
      expect(m.text.length).toBeLessThanOrEqual(4096);
  });

  it("GIVEN /quote THEN the text has an Image button; pressing it sends the quote card as a photo", async () => {
    const { messages } = await exchange(english, "/quote Lukashenko", 0, 1);
    const [reply] = messages;
    expect(buttons(reply as never)).toEqual([["Image", "quote:lukashenko card:on"]]);
    const before = fake.photosTo(english.id).length;
    fake.pressButton(
      { message_id: 1, chat: privateChat(english.id), date: 0 },
      english,
      "quote:lukashenko card:on",
    );
    await waitFor("the quote card", () => fake.photosTo(english.id).length > before);
    const card = fake.photosTo(english.id).at(-1);
    expect(card?.photo).toMatchObject({ width: 1200, height: 675 });
    expect(card?.text).toContain("If Russia wins, the CSTO will live.");
    expect(card?.text.length).toBeLessThanOrEqual(CAPTION_MAX);
  });

  it("GIVEN /quote with card:on THEN the card comes at once", async () => {
    const { photos } = await exchange(english, "/quote Tokayev card:on", 1, 0);
    expect(photos[0]?.text).toContain("Kassym-Jomart Tokayev");
    expect(photos[0]?.photo.height).toBe(675);
  });
});
