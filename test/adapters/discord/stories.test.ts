import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import { commandsFor } from "../../../commands/story.ts";
import { decodeButton } from "../../../src/adapters/discord/paging.ts";
import {
  createDiscordService,
  type DiscordService,
} from "../../../src/adapters/discord/service.ts";
import { createLogger } from "../../../src/log.ts";
import { Metrics } from "../../../src/ops/metrics.ts";
import { type App, prepare } from "../../../src/startup.ts";
import { FakeDiscord } from "../../fakes/discord.ts";
import { FIXTURE_STORY, twoStoryLibrary } from "../../support/stories.ts";

type Message = { embeds: { title?: string; description?: string; footer?: { text: string } }[] };
type Buttons = { components?: { components: { label?: string; custom_id?: string }[] }[] };

/** The buttons of a message, decoded: [label, state]. */
function buttonsOf(data: Buttons) {
  return (data.components ?? [])
    .flatMap((r) => r.components)
    .map((b) => [b.label, decodeButton(b.custom_id)] as const);
}

describe("a second story on Discord: buttons and suggestions keep the story chosen", () => {
  let fake: FakeDiscord;
  let service: DiscordService;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    const base = prepare(
      { DISCORD_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, LOG_LEVEL: "silent" },
      { dotenv: false },
    );
    const library = twoStoryLibrary();
    const app: App = {
      ...base,
      context: { library, commands: commandsFor(commands, library) },
      log: createLogger({ level: "silent", pretty: false }),
    };
    service = createDiscordService(app, new Metrics());
    await service.start();
  });

  afterAll(async () => {
    await service?.stop();
    await fake?.close();
  });

  it("GIVEN /quote story:<fixture> alone THEN its speaker buttons run /quote in that story, and a press answers from it", async () => {
    const prompt = await fake.waitForCallback(
      fake.chatInput("quote", { story: FIXTURE_STORY }, { locale: "en-US" }).id,
    );
    const speakers = buttonsOf(prompt.body.data);
    expect(speakers).toEqual([
      [
        "Ada Testa",
        {
          kind: "run",
          command: "quote",
          argument: `testa story:${FIXTURE_STORY}`,
          locale: "en",
        },
      ],
    ]);
    const id = prompt.body.data.components[0].components[0].custom_id as string;
    const answer = await fake.waitForCallback(fake.button(id, prompt.body.data).id);
    const data = answer.body.data as Message & Buttons;
    expect(data.embeds[0]?.title).toBe("Quote — Ada Testa");
    expect(data.embeds[0]?.description).toContain("Ceci est une citation de test.");
    // The Image button asks for the card of the same quote, in the same story.
    expect(buttonsOf(data).map(([, state]) => state?.kind === "run" && state.argument)).toEqual([
      `testa card:on story:${FIXTURE_STORY}`,
    ]);
  });

  it("GIVEN /summary story:<fixture> THEN the full-story button runs in that story", async () => {
    const short = await fake.waitForCallback(
      fake.chatInput("summary", { story: FIXTURE_STORY }, { locale: "en-US" }).id,
    );
    const [[, state] = []] = buttonsOf(short.body.data);
    expect(state).toMatchObject({ command: "summary", argument: `long story:${FIXTURE_STORY}` });
    const id = short.body.data.components[0].components[0].custom_id as string;
    const long = await fake.waitForCallback(fake.button(id, short.body.data).id);
    expect((long.body.data as Message).embeds[0]?.description).toContain(
      "It describes no real event.",
    );
  });

  it("GIVEN a story named in the command THEN its page buttons carry it, and Next turns to that story's page", async () => {
    const story = "csto-yerevan-2022";
    const first = await fake.waitForCallback(
      fake.chatInput("quotes", { story }, { locale: "en-US" }).id,
    );
    const nav = buttonsOf(first.body.data).filter(([, s]) => s?.kind === "page");
    expect(nav.length).toBe(2);
    // /quotes has no option but the story: the story is its first option, typed as it is.
    for (const [, s] of nav) expect(s).toMatchObject({ command: "quotes", argument: story });
    const next = first.body.data.components[0].components[1].custom_id as string;
    const press = await fake.waitForCallback(fake.button(next, first.body.data).id);
    expect((press.body.data as Message).embeds[0]?.footer?.text).toMatch(/Page 2\/2$/);
  });

  it("GIVEN /quote autocomplete with story:<fixture> filled in THEN it suggests that story's speakers", async () => {
    const inFixture = await fake.waitForCallback(
      fake.autocomplete("quote", "speaker", "tes", { locale: "en-US" }, { story: FIXTURE_STORY })
        .id,
    );
    expect(inFixture.body.data.choices).toEqual([
      { name: "Ada Testa — test character", value: "testa" },
    ]);
    const newest = await fake.waitForCallback(
      fake.autocomplete("quote", "speaker", "tes", { locale: "en-US" }).id,
    );
    expect(newest.body.data.choices).not.toContainEqual(
      expect.objectContaining({ value: "testa" }),
    );
    const luk = await fake.waitForCallback(
      fake.autocomplete("quote", "speaker", "luk", { locale: "en-US" }).id,
    );
    expect(luk.body.data.choices[0]?.value).toBe("lukashenko");
  });
});
