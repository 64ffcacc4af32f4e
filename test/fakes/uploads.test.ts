import { REST } from "discord.js";
import { Api, GrammyError, InputFile } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoryLibrary } from "../../src/core/library.ts";
import { ImageStore } from "../../src/images/store.ts";
import { DATA_DIR } from "../support/paths.ts";
import { FakeDiscord } from "./discord.ts";
import { FakeTelegram } from "./telegram/server.ts";

const story = StoryLibrary.fromDir(DATA_DIR).default;
let png: Buffer;

beforeAll(async () => {
  const image = await new ImageStore().get(story, "quote:tokayev-peace", "fr");
  if (!image) throw new Error("no card");
  png = image.png;
});

describe("the fake Telegram takes photos as Telegram does", () => {
  let tg: FakeTelegram;
  let api: Api;
  const chat = 501;

  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    api = new Api(tg.token, { apiRoot: tg.apiRoot });
  });
  afterAll(() => tg.stop());

  it("GIVEN a multipart sendPhoto with an HTML caption THEN it stores the photo, answers its file_id and shows the caption parsed", async () => {
    const sent = await api.sendPhoto(chat, new InputFile(png, "card.png"), {
      caption: "<b>Tokaïev</b> &amp; la paix",
      parse_mode: "HTML",
    });
    expect(sent.photo.at(-1)?.width).toBe(1200);
    expect(sent.caption).toBe("Tokaïev & la paix");
    expect(tg.uploads).toHaveLength(1);
    expect(tg.uploads[0]?.data.equals(png)).toBe(true);
    const [shown] = tg.photosTo(chat);
    expect(shown?.photo).toMatchObject({ width: 1200, height: 675, size: png.length });
    expect(shown?.entities).toEqual([{ type: "bold", offset: 0, length: 7 }]);
  });

  it("GIVEN a known file_id THEN the photo is sent again without any upload; an unknown one is refused", async () => {
    const fileId = tg.photosTo(chat)[0]?.photo.fileId as string;
    const before = tg.uploads.length;
    await api.sendPhoto(chat, fileId, { caption: "again" });
    expect(tg.uploads).toHaveLength(before);
    await expect(api.sendPhoto(chat, "nope")).rejects.toThrow(/wrong file identifier/);
  });

  it("GIVEN a caption of 1024 characters once its tags are parsed THEN it passes; 1025 is refused; broken HTML too", async () => {
    const long = `<b>${"é".repeat(1000)}</b>${"x".repeat(24)}`;
    await expect(
      api.sendPhoto(chat, new InputFile(png, "a.png"), { caption: long, parse_mode: "HTML" }),
    ).resolves.toBeDefined();
    await expect(
      api.sendPhoto(chat, new InputFile(png, "b.png"), { caption: `${long}y`, parse_mode: "HTML" }),
    ).rejects.toThrow(/caption is too long/);
    await expect(
      api.sendPhoto(chat, new InputFile(png, "c.png"), { caption: "<b>x", parse_mode: "HTML" }),
    ).rejects.toThrow(GrammyError);
  });

  it("GIVEN something that is not a picture, or too many pixels on a side THEN it is refused", async () => {
    await expect(api.sendPhoto(chat, new InputFile(Buffer.from("hello"), "x.png"))).rejects.toThrow(
      /IMAGE_PROCESS_FAILED/,
    );
    const tall = Buffer.from(png);
    tall.writeUInt32BE(9_000, 20); // 1200 × 9000: width + height over 10,000
    await expect(api.sendPhoto(chat, new InputFile(tall, "t.png"))).rejects.toThrow(
      /PHOTO_INVALID_DIMENSIONS/,
    );
  });

  it("GIVEN inline photo results THEN cached file ids pass and unknown ones are refused", async () => {
    const fileId = tg.photosTo(chat)[0]?.photo.fileId as string;
    const query = "1";
    await expect(
      api.answerInlineQuery(query, [{ type: "photo", id: "card", photo_file_id: fileId }]),
    ).resolves.toBe(true);
    await expect(
      api.answerInlineQuery(query, [{ type: "photo", id: "card", photo_file_id: "unknown" }]),
    ).rejects.toThrow(/wrong file identifier/);
  });
});

describe("the fake Discord takes files as Discord does", () => {
  let discord: FakeDiscord;
  let rest: REST;

  beforeAll(async () => {
    discord = await FakeDiscord.start();
    rest = new REST({ api: discord.apiRoot }).setToken(discord.token);
  });
  afterAll(() => discord.close());

  it("GIVEN files[0] listed in attachments and an embed image attachment:// THEN it posts the message with the file, the embed pointing at it", async () => {
    const message = (await rest.post(`/channels/${discord.channelId}/messages`, {
      body: {
        embeds: [{ title: "Carte", image: { url: "attachment://map.png" } }],
        attachments: [{ id: 0, filename: "map.png" }],
      },
      files: [{ name: "map.png", data: png, contentType: "image/png" }],
    })) as {
      attachments: { filename: string; width: number }[];
      embeds: { image: { url: string } }[];
    };
    expect(message.attachments).toMatchObject([{ filename: "map.png", width: 1200 }]);
    expect(message.embeds[0]?.image.url).toMatch(/^https:\/\/cdn\.discordapp\.com\/.*\/map\.png$/);
    const posted = discord.postedTo(discord.channelId).at(-1);
    expect(posted?.files[0]?.data.equals(png)).toBe(true);
  });

  it("GIVEN an embed naming a file that was not sent, or a file not listed THEN it is refused as Discord refuses a bad form", async () => {
    await expect(
      rest.post(`/channels/${discord.channelId}/messages`, {
        body: {
          embeds: [{ image: { url: "attachment://other.png" } }],
          attachments: [{ id: 0, filename: "map.png" }],
        },
        files: [{ name: "map.png", data: png }],
      }),
    ).rejects.toThrow(/Invalid Form Body/);
    await expect(
      rest.post(`/channels/${discord.channelId}/messages`, {
        body: { content: "x", attachments: [] },
        files: [{ name: "map.png", data: png }],
      }),
    ).rejects.toThrow(/not in attachments/);
  });
});
