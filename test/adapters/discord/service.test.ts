import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeButton } from "../../../src/adapters/discord/paging.ts";
import { LIMITS } from "../../../src/adapters/discord/render.ts";
import {
  createDiscordService,
  type DiscordService,
} from "../../../src/adapters/discord/service.ts";
import { createLogger } from "../../../src/log.ts";
import { Metrics } from "../../../src/ops/metrics.ts";
import { type App, prepare } from "../../../src/startup.ts";
import { FakeDiscord, type RecordedCall } from "../../fakes/discord.ts";
import { BIDI_CONTROLS, wellFormedJson } from "../../support/text.ts";
import { expectWithinLimits } from "./limits.ts";

const EPHEMERAL = 1 << 6;
let fake: FakeDiscord;
let service: DiscordService;
let metrics: Metrics;
const logLines: string[] = [];

/** The callback body of an interaction: `{ type, data }` as discord.js sent it. */
async function callbackOf(interaction: { id: string }): Promise<RecordedCall> {
  return fake.waitForCallback(interaction.id);
}

function buttonIds(data: { components?: { components: { custom_id?: string }[] }[] }): string[] {
  return (data.components ?? []).flatMap((r) => r.components.map((b) => b.custom_id ?? ""));
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  const base = prepare(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_ROOT: fake.apiRoot,
      LOG_LEVEL: "info",
      DEFAULT_LOCALE: "fr",
    },
    { dotenv: false },
  );
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const app: App = {
    ...base,
    // Text answers only here; pictures have their own test (pictures.test.ts).
    context: { library: base.context.library, commands: base.context.commands },
    log: createLogger({ level: "info", secrets: [fake.token], pretty: false, destination: sink }),
  };
  metrics = new Metrics();
  service = createDiscordService(app, metrics);
  await service.start();
});

afterAll(async () => {
  await service?.stop();
  await fake?.close();
});

describe("Discord service against a fake Discord", () => {
  it("logs in through gateway/bot, HELLO, IDENTIFY, READY and GUILD_CREATE, with no privileged intent", () => {
    expect(fake.calls.some((c) => c.method === "GET" && c.path === "/gateway/bot")).toBe(true);
    const identify = fake.received.find((p) => p.op === 2)?.d as { token: string; intents: number };
    expect(identify.token).toBe(fake.token);
    expect(identify.intents).toBe(1); // Guilds only
    expect(service.isReady()).toBe(true);
    expect(service.client.guilds.cache.has(fake.guildId)).toBe(true);
  });

  it("answers /summary with an embed in the reader's language, without mentions", async () => {
    const fr = await callbackOf(fake.chatInput("summary", {}, { locale: "fr" }));
    expect(fr.body.type).toBe(4);
    expect(fr.body.data.embeds[0].title).toMatch(/OTSC/);
    expect(fr.body.data.embeds[0].footer.text).toMatch(/^Source :/);
    expect(fr.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(fr.body.data.flags ?? 0).toBe(0);
    expectWithinLimits(fr.body.data);
    const en = await callbackOf(fake.chatInput("summary", {}, { locale: "en-GB" }));
    expect(en.body.data.embeds[0].title).toMatch(/CSTO/);
    expect(en.body.data.embeds[0].footer.text).toMatch(/^Source:/);
  });

  it("answers a Russian client in Russian, within Discord's limits, with Russian buttons", async () => {
    const summary = await callbackOf(fake.chatInput("summary", {}, { locale: "ru" }));
    expect(summary.body.data.embeds[0].title).toMatch(/ОДКБ/);
    expect(summary.body.data.embeds[0].footer.text).toMatch(
      /^Источник: статья на французском языке/,
    );
    expectWithinLimits(summary.body.data);
    const long = await callbackOf(fake.chatInput("summary", { length: "long" }, { locale: "ru" }));
    expectWithinLimits(long.body.data);
    const quote = await callbackOf(
      fake.chatInput("quote", { speaker: "Беларусь" }, { locale: "ru" }),
    );
    const text = JSON.stringify(quote.body.data);
    expect(text).toContain("Перевод наш, не из статьи");
    expect(text).toContain("Александр Лукашенко");
    expectWithinLimits(quote.body.data);
    const members = await callbackOf(fake.chatInput("members", {}, { locale: "ru" }));
    expect(JSON.stringify(members.body.data)).toContain("Кыргызстан");
    expectWithinLimits(members.body.data);
  });

  it("quotes Loukachenko verbatim in French with a labelled English translation", async () => {
    const c = await callbackOf(
      fake.chatInput("quote", { speaker: "Loukachenko" }, { locale: "en-US" }),
    );
    const d: string = c.body.data.embeds[0].description;
    expect(c.body.data.embeds[0].title).toBe("Quote — Alexander Lukashenko");
    expect(d).toContain("> Si la Russie l’emporte, l’OTSC vivra.");
    expect(d).toContain("*Translation (ours, not the article’s)*\nIf Russia");
  });

  it("finds Loukachenko written in Cyrillic, lower case", async () => {
    const c = await callbackOf(fake.chatInput("quote", { speaker: "лукашенко" }, { locale: "fr" }));
    expect(c.body.data.embeds[0].title).toBe("Citation — Alexandre Loukachenko");
    expect(c.body.data.embeds[0].description).not.toContain("Traduction");
  });

  it("tells the reader privately that Poutine is not quoted, with buttons for who is", async () => {
    const c = await callbackOf(fake.chatInput("quote", { speaker: "Poutine" }, { locale: "fr" }));
    expect(c.body.data.flags).toBe(EPHEMERAL);
    expect(c.body.data.embeds[0].title).toBe("Vladimir Poutine n’est pas cité");
    expect(buttonIds(c.body.data).map(decodeButton)).toContainEqual({
      kind: "run",
      command: "quote",
      argument: "lukashenko",
      locale: "fr",
    });
  });

  it("lists the six member states as fields", async () => {
    const c = await callbackOf(fake.chatInput("members", {}, { locale: "fr" }));
    const fields = c.body.data.embeds[0].fields as { name: string; value: string }[];
    expect(fields).toHaveLength(6);
    expect(fields.map((f) => f.name)).toContain("🇦🇲 Arménie");
    expectWithinLimits(c.body.data);
  });

  it("completes louk, lou, luk and лук with at most 25 quoted speakers, best first", async () => {
    for (const typed of ["louk", "lou", "luk", "лук"]) {
      const c = await callbackOf(fake.autocomplete("quote", "speaker", typed, { locale: "fr" }));
      expect(c.body.type).toBe(8);
      const choices = c.body.data.choices as { name: string; value: string }[];
      expect(choices.length).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(25);
      expect(choices[0]?.value).toBe("lukashenko");
      for (const ch of choices) expect(ch.name.length).toBeLessThanOrEqual(100);
    }
  });

  it("turns to the next page when the reader presses Next, even from a fresh process's view", async () => {
    const first = await callbackOf(fake.chatInput("quotes", {}, { locale: "en-US" }));
    expect(first.body.data.embeds[0].footer.text).toMatch(/Page 1\/2$/);
    const next = buttonIds(first.body.data)[1] as string;
    const press = await callbackOf(fake.button(next, first.body.data, { locale: "en-US" }));
    expect(press.body.type).toBe(7); // UPDATE_MESSAGE
    expect(press.body.data.embeds[0].footer.text).toMatch(/Page 2\/2$/);
    expect(press.body.data.embeds[0].description).toContain("Lukashenko");
    expect(press.body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it("runs a follow-up command from an action button", async () => {
    const c = await callbackOf(fake.button("sb1:r:en:0:quote:tokayev"));
    expect(c.body.type).toBe(4);
    expect(c.body.data.embeds[0].title).toMatch(/Tokayev/);
  });

  it("answers a garbage button privately instead of failing", async () => {
    const c = await callbackOf(fake.button("not-ours:%%%", {}, { locale: "fr" }));
    expect(c.body.data.flags).toBe(EPHEMERAL);
    expect(c.body.data.content).toMatch(/ne fonctionne plus/);
  });

  it("answers 10,000 characters of @everyone and markdown within limits and with no mention", async () => {
    const hostile = `@everyone **gras** <@${fake.userId}> # titre ${"x".repeat(10_000)}`;
    const c = await callbackOf(fake.chatInput("quote", { speaker: hostile }, { locale: "fr" }));
    expect(c.body.data.flags).toBe(EPHEMERAL);
    expect(c.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(c.body.data.content ?? "").not.toContain("@everyone");
    expectWithinLimits(c.body.data);
    const d: string = c.body.data.embeds[0].description;
    expect(d).toContain("\\*\\*gras\\*\\*");
    expect(d.length).toBeLessThanOrEqual(LIMITS.description);
  });

  it("GIVEN a speaker of 58 x, three emoji and a bidi override THEN the echo is valid UTF-16 with no override", async () => {
    const typed = `\u202E${"x".repeat(57)}😀😀😀`;
    const c = await callbackOf(fake.chatInput("quote", { speaker: typed }, { locale: "en" }));
    expect(wellFormedJson(c.body)).toBe(true);
    expect(JSON.stringify(c.body.data)).not.toMatch(BIDI_CONTROLS);
    expect(c.body.data.embeds[0].description).toMatch(/x(😀)*…/u);
  });

  it("follows DEFAULT_LOCALE for a locale that is neither French nor English", async () => {
    const c = await callbackOf(fake.chatInput("members", {}, { locale: "de" }));
    expect(c.body.data.embeds[0].title).toMatch(/États membres/);
  });

  it("survives an internal error: short fixed ephemeral message, logged with the interaction id", async () => {
    fake.fail({ method: "POST", path: /\/callback$/, status: 500, code: 0, times: 4 });
    const first = fake.chatInput("summary", {}, { locale: "fr" });
    // discord.js tries a 5xx four times: the answer fails for good, then the apology gets through.
    const apology = await fake.waitForCall(
      (c) => c.path.startsWith(`/interactions/${first.id}/`) && c.body?.data?.content !== undefined,
    );
    expect(apology.body.data).toMatchObject({
      flags: EPHEMERAL,
      content: "Désolé, une erreur interne est survenue. Réessayez dans un instant.",
      allowed_mentions: { parse: [] },
    });
    const line = logLines.find((l) => l.includes('"outcome":"internal_error"'));
    expect(line).toContain(first.id);
    const after = await callbackOf(fake.chatInput("members", {}, { locale: "fr" }));
    expect(after.body.data.embeds[0].fields).toHaveLength(6);
  });

  it("never logs the token", () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("")).not.toContain(fake.token);
  });
});

describe("Discord sender", () => {
  it("posts a reply to a channel without mentions and returns the message id", async () => {
    const result = await service.sender.send(fake.channelId, {
      status: "ok",
      title: "Digest @everyone",
      blocks: [{ type: "text", text: "Hello **world**" }],
    });
    expect(result.ok).toBe(true);
    const [post] = fake.messagesTo(fake.channelId);
    expect(post?.body.allowed_mentions).toEqual({ parse: [] });
    expect(post?.body.embeds[0].description).toBe("Hello \\*\\*world\\*\\*");
  });

  it("maps Unknown Channel and Missing Permissions to permanent failures, 5xx to transient", async () => {
    fake.fail({
      method: "POST",
      path: /^\/channels\/1{17}\//,
      status: 404,
      code: 10003,
      message: "Unknown Channel",
    });
    fake.fail({
      method: "POST",
      path: /^\/channels\/2{17}\//,
      status: 403,
      code: 50013,
      message: "Missing Permissions",
    });
    fake.fail({
      method: "POST",
      path: /^\/channels\/3{17}\//,
      status: 400,
      code: 50001,
      message: "Missing Access",
    });
    fake.fail({
      method: "POST",
      path: /^\/channels\/4{17}\//,
      status: 503,
      code: 0,
      message: "Unavailable",
    });
    const reply = { status: "ok" as const, title: "t", blocks: [] };
    expect(await service.sender.send("1".repeat(17), reply)).toMatchObject({
      ok: false,
      permanent: true,
    });
    expect(await service.sender.send("2".repeat(17), reply)).toMatchObject({
      ok: false,
      permanent: true,
    });
    expect(await service.sender.send("3".repeat(17), reply)).toMatchObject({
      ok: false,
      permanent: true,
    });
    expect(await service.sender.send("4".repeat(17), reply)).toMatchObject({
      ok: false,
      permanent: false,
    });
  });

  it("counts 429 answers in the rate-limit metric", async () => {
    fake.fail({ method: "POST", path: /^\/channels\/5{17}\//, status: 429, code: 0, times: 1 });
    const result = await service.sender.send("5".repeat(17), {
      status: "ok",
      title: "t",
      blocks: [],
    });
    expect(result.ok).toBe(true);
    const metric = await metrics.rateLimited.get();
    expect(metric.values[0]?.value).toBe(1);
  });
});

describe("Discord service shutdown", () => {
  it("destroys the client and closes the gateway on stop, and stop is idempotent", async () => {
    await Promise.all([service.stop(), service.stop()]);
    expect(service.isReady()).toBe(false);
    await fake.waitForGatewayClosed();
    expect(fake.connections).toBe(0);
  });
});
