import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeButton } from "../../../src/adapters/discord/paging.ts";
import {
  createDiscordService,
  type DiscordService,
} from "../../../src/adapters/discord/service.ts";
import type { StoryLibrary } from "../../../src/core/library.ts";
import { Pictures } from "../../../src/images/pictures.ts";
import { createLogger } from "../../../src/log.ts";
import { Metrics } from "../../../src/ops/metrics.ts";
import { type App, prepare } from "../../../src/startup.ts";
import { FakeDiscord, type RecordedCall } from "../../fakes/discord.ts";

let fake: FakeDiscord;
let service: DiscordService;
const pictures = new Pictures();
let library: StoryLibrary;

/** The first embed and the attachments a reply carried (in its callback or its edit). */
function picturePart(call: RecordedCall) {
  const data = call.body.data ?? call.body;
  return {
    image: data.embeds?.[0]?.image?.url as string | undefined,
    attachments: (data.attachments ?? []) as { id: string | number; filename: string }[],
    files: call.files,
  };
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  const base = prepare(
    { DISCORD_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, DEFAULT_LOCALE: "fr" },
    { dotenv: false },
  );
  library = base.context.library;
  const app: App = {
    ...base,
    context: { library, commands: base.context.commands, pictures },
    log: createLogger({
      level: "warn",
      pretty: false,
      destination: new Writable({ write: (_c, _e, done) => done() }),
    }),
  };
  // The English map is rendered ahead; the French one is left to render on demand.
  await pictures.store.get(library.default, "map", "en");
  service = createDiscordService(app, new Metrics());
  await service.start();
});

afterAll(async () => {
  await service?.stop();
  await fake?.close();
});

describe("pictures on Discord, against the fake", () => {
  it("GIVEN /members with the map rendered THEN the answer carries it as files[0], shown by the embed through attachment://", async () => {
    const { id } = fake.chatInput("members", {}, { locale: "en-GB" });
    const callback = await fake.waitForCallback(id);
    expect(callback.body.type).toBe(4);
    const { image, attachments, files } = picturePart(callback);
    const filename = `${library.default.id}-map-en.png`;
    expect(image).toBe(`attachment://${filename}`);
    expect(attachments).toMatchObject([{ id: "0" }]);
    expect(files.map((f) => f.filename)).toEqual([filename]);
    expect(files[0]?.data.subarray(1, 4).toString()).toBe("PNG");
    expect(callback.body.data.embeds[0].title).toContain("member states");
  });

  it("GIVEN a map not rendered yet THEN the answer is deferred, then the edit carries the map", async () => {
    const { id, token } = fake.chatInput("members", {}, { locale: "fr" });
    const callback = await fake.waitForCallback(id);
    expect(callback.body.type).toBe(5);
    const edit = await fake.waitForCall(
      (c) =>
        c.method === "PATCH" &&
        decodeURIComponent(c.path) ===
          `/webhooks/${fake.applicationId}/${token}/messages/@original`,
    );
    const { image, files } = picturePart(edit);
    expect(image).toBe(`attachment://${library.default.id}-map-fr.png`);
    expect(files).toHaveLength(1);
    expect(edit.body.embeds[0].title).toContain("États membres");
  });

  it("GIVEN /quote with card on THEN the quote card is attached", async () => {
    const { id, token } = fake.chatInput(
      "quote",
      { speaker: "lukashenko", card: "on" },
      { locale: "en-US" },
    );
    const call = await fake.waitForCallback(id);
    const edit =
      call.body.type === 5
        ? await fake.waitForCall(
            (c) =>
              c.method === "PATCH" &&
              decodeURIComponent(c.path).endsWith(`/${token}/messages/@original`),
          )
        : call;
    const { image, files } = picturePart(edit);
    expect(image).toBe(`attachment://${library.default.id}-quote-lukashenko-russia-wins-en.png`);
    expect(files[0]?.data.readUInt32BE(20)).toBe(675);
  });

  it("GIVEN /quote without card THEN text only, with an Image button that asks for the card", async () => {
    const { id } = fake.chatInput("quote", { speaker: "tokayev" }, { locale: "en-US" });
    const callback = await fake.waitForCallback(id);
    expect(callback.files).toEqual([]);
    const buttons = (callback.body.data.components ?? []).flatMap(
      (r: { components: { label: string; custom_id: string }[] }) => r.components,
    );
    const image = buttons.find((b: { label: string }) => b.label === "Image");
    expect(decodeButton(image?.custom_id)).toMatchObject({
      kind: "run",
      command: "quote",
      argument: "tokayev card:on",
    });
  });
});
