import { Events } from "discord.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PAUSE_REASONS } from "../../../src/adapters/discord/digest-events.ts";
import { createDiscordService } from "../../../src/adapters/discord/service.ts";
import { createLogger } from "../../../src/log.ts";
import { Metrics } from "../../../src/ops/metrics.ts";
import { prepare } from "../../../src/startup.ts";
import { FakeDiscord, type RecordedCall, shardOf } from "../../fakes/discord.ts";
import { type DiscordDigests, startDiscordDigests } from "../../support/discord-digests.ts";
import { waitFor } from "../../support/wait.ts";

/**
 * Two bots with the same token on one fake Discord, as two replicas run them: DISCORD_SHARDS=0
 * and DISCORD_SHARDS=1 with DISCORD_SHARD_COUNT=2. Each has a database of its own holding the
 * same subscriptions, so that what one instance did (a pause, a resume) shows in its own
 * database only.
 */
let fake: FakeDiscord;
/** Instance by shard id. */
const bots: DiscordDigests[] = [];
/** Interaction ids each instance's client received, by shard id. */
const received: string[][] = [[], []];
/** A guild and its channel on each shard, by shard id. */
const guilds: { guildId: string; channelId: string }[] = [];

/** Channels of more guilds on shard 1. */
const crowd: string[] = [];
const instance = (shard: number) => bots[shard] as DiscordDigests;
const guild = (shard: number) => guilds[shard] as { guildId: string; channelId: string };

beforeAll(async () => {
  fake = await FakeDiscord.start();
  guilds.push(fake.addGuild([0, 2]), fake.addGuild([1, 2]));
  // Shard 1 holds many servers: a reconnect brings them all at once.
  for (let i = 0; i < 30; i++) crowd.push(fake.addGuild([1, 2]).channelId);
  for (const shard of [0, 1]) {
    const bot = await startDiscordDigests({
      fake,
      env: () => ({ DISCORD_SHARDS: String(shard), DISCORD_SHARD_COUNT: "2" }),
    });
    bot.discord.client.on(Events.InteractionCreate, (i) => received[shard]?.push(i.id));
    bots.push(bot);
  }
  for (const bot of bots)
    for (const g of guilds)
      await bot.digests.subscribe({ platform: "discord", target: g.channelId, locale: "en" });
});

afterAll(async () => {
  for (const bot of bots) await bot.close();
  await fake?.close();
});

/** Interactions answered with a callback, counted by interaction id. */
const callbacks = (id: string) =>
  fake.calls.filter((c) => c.method === "POST" && c.path.startsWith(`/interactions/${id}/`));

/**
 * Waits for a marker command on each shard to be answered: the gateway delivers a connection's
 * events in order, so every event dispatched before the markers has reached its instance.
 */
async function settle(): Promise<void> {
  const markers = [0, 1].map((shard) =>
    fake.chatInput("help", {}, { guildId: guild(shard).guildId }),
  );
  for (const m of markers) await fake.waitForCallback(m.id);
}

describe("Discord shards: two instances, DISCORD_SHARDS=0 and =1 of 2, one token", () => {
  it("each identifies its own shard, holds its own guilds only and logs its shards when ready", () => {
    const identified = fake.received
      .filter((p) => p.op === 2)
      .map((p) => (p.d as { shard?: number[] }).shard);
    expect(identified).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    for (const shard of [0, 1]) {
      const cache = instance(shard).discord.client.guilds.cache;
      for (const id of fake.guilds.keys()) expect(cache.has(id)).toBe(shardOf(id, 2) === shard);
      expect(instance(shard).discord.isReady()).toBe(true);
      expect(instance(shard).discord.problem?.()).toBeUndefined();
      const ready = instance(shard)
        .lines.map((l) => JSON.parse(l) as { msg: string; shards?: number[] })
        .find((l) => l.msg === "discord ready");
      expect(ready).toMatchObject({ shards: [shard], shardCount: 2 });
    }
  });

  it("answers a slash command, an autocomplete and a button only on the instance of the guild's shard", async () => {
    const sent: { shard: number; ids: string[] }[] = [];
    for (const shard of [0, 1]) {
      const on = { guildId: guild(shard).guildId, locale: "en-GB" };
      const command = fake.chatInput("quote", { speaker: "Loukachenko" }, on);
      const complete = fake.autocomplete("quote", "speaker", "louk", on);
      const button = fake.button("sb1:r:en:0:quote:tokayev", {}, on);
      sent.push({ shard, ids: [command.id, complete.id, button.id] });
      const [answer, choices, pressed] = await Promise.all(
        [command, complete, button].map((i) => fake.waitForCallback(i.id)),
      );
      expect((answer as RecordedCall).body.data.embeds[0].title).toBe(
        "Quote — Alexander Lukashenko",
      );
      expect((choices as RecordedCall).body.data.choices[0].value).toBe("lukashenko");
      expect((pressed as RecordedCall).body.data.embeds[0].title).toMatch(/Tokayev/);
    }
    await settle();
    for (const { shard, ids } of sent) {
      const other = 1 - shard;
      for (const id of ids) {
        expect(received[shard]).toContain(id);
        expect(received[other]).not.toContain(id);
        expect(callbacks(id)).toHaveLength(1);
      }
      // The command and the button were served, and logged, by the shard's instance only.
      const served = (bot: DiscordDigests, id: string) =>
        bot.lines.some((l) => l.includes('"command served"') && l.includes(id));
      for (const id of [ids[0], ids[2]] as string[]) {
        expect(served(instance(shard), id)).toBe(true);
        expect(served(instance(other), id)).toBe(false);
      }
    }
  });

  it("answers a direct message on shard 0's instance", async () => {
    const dm = fake.chatInput("summary", {}, { guildId: null, locale: "en-GB" });
    const answer = await fake.waitForCallback(dm.id);
    expect(answer.body.data.embeds[0].title).toMatch(/CSTO/);
    await settle();
    expect(received[0]).toContain(dm.id);
    expect(received[1]).not.toContain(dm.id);
  });

  it("pauses a removed server's subscriptions on the instance of its shard, and resumes them there when re-added", async () => {
    const paused = async (shard: number, channelId: string) =>
      (await instance(shard).digests.store.subscriptions.get("discord", channelId))?.pausedReason;
    fake.removeBot(guild(1).guildId);
    await waitFor("shard 1's instance to pause", async () => await paused(1, guild(1).channelId));
    expect(await paused(1, guild(1).channelId)).toBe(PAUSE_REASONS.removed);
    expect(instance(1).discord.client.guilds.cache.has(guild(1).guildId)).toBe(false);

    fake.removeBot(guild(0).guildId);
    await waitFor("shard 0's instance to pause", async () => await paused(0, guild(0).channelId));
    // Each instance paused its own guild's channel only.
    expect(await paused(0, guild(1).channelId)).toBeNull();
    expect(await paused(1, guild(0).channelId)).toBeNull();

    fake.addBot(guild(1).guildId);
    await waitFor(
      "shard 1's instance to resume",
      async () => (await paused(1, guild(1).channelId)) === null,
    );
    expect(instance(1).discord.client.guilds.cache.has(guild(1).guildId)).toBe(true);
    expect(instance(0).discord.client.guilds.cache.has(guild(1).guildId)).toBe(false);
    fake.addBot(guild(0).guildId);
    await waitFor(
      "shard 0's instance to resume",
      async () => (await paused(0, guild(0).channelId)) === null,
    );
  });

  it("posts a digest over REST to a channel whatever its shard", async () => {
    const result = await instance(0).discord.sender.send(guild(1).channelId, {
      status: "ok",
      title: "Digest",
      blocks: [{ type: "text", text: "From shard 0's instance to a guild of shard 1" }],
    });
    expect(result.ok).toBe(true);
    expect(fake.postedTo(guild(1).channelId)).toHaveLength(1);
  });
});

describe("Discord shards: readiness", () => {
  it("is not ready while one of its shards reconnects, names that shard, and is ready again once it resumes", async () => {
    const bot = instance(1);
    fake.holdShard(1);
    fake.dropShard(1);
    await waitFor("shard 1's instance to be unready", () => !bot.discord.isReady());
    expect(bot.discord.problem?.()).toMatch(/^shard 1 (connecting|resuming|identifying)$/);
    // The client itself still says ready: only the shard's status tells.
    expect(bot.discord.client.isReady()).toBe(true);
    expect(instance(0).discord.isReady()).toBe(true);
    expect(bot.lines.some((l) => l.includes("discord shard reconnecting"))).toBe(true);

    fake.releaseShard(1);
    await waitFor("shard 1 to resume", () => bot.discord.isReady());
    expect(bot.discord.problem?.()).toBeUndefined();
    await waitFor("the resume log line", () =>
      bot.lines.some((l) => l.includes("discord shard resumed") && l.includes('"shard":1')),
    );
    const after = fake.chatInput("summary", {}, { guildId: guild(1).guildId, locale: "en-GB" });
    expect((await fake.waitForCallback(after.id)).body.data.embeds[0].title).toMatch(/CSTO/);
  });
});

describe("Discord shards: a shard that identifies again", () => {
  it("reads the subscriptions once for all its guilds, and resumes what it can post to", async () => {
    const bot = instance(1);
    const target = crowd[17] as string;
    await bot.digests.subscribe({ platform: "discord", target, locale: "en" });
    await bot.digests.pause("discord", target, PAUSE_REASONS.removed);
    const subscriptions = bot.digests.store.subscriptions;
    // Counts the reads; the real method still answers.
    const reads = vi.spyOn(subscriptions, "all");
    const readyLines = () =>
      bot.lines.filter((l) => l.includes('"discord shard ready"') && l.includes('"shard":1'))
        .length;
    const before = readyLines();
    // 4007 (Invalid seq): the client cannot resume, it identifies again and gets READY.
    fake.dropShard(1, 4007);
    await waitFor("shard 1 ready again", () => readyLines() > before);
    // Its 32 guilds became available together: one read of the subscriptions, not 32.
    expect(reads).toHaveBeenCalledTimes(1);
    await waitFor(
      "the paused subscription to resume",
      async () => (await subscriptions.get("discord", target))?.pausedReason === null,
    );
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
  });
});

describe("Discord shards: DISCORD_SHARDS=auto", () => {
  let auto: FakeDiscord;
  let bot: DiscordDigests;
  const on: { guildId: string; channelId: string }[] = [];

  beforeAll(async () => {
    auto = await FakeDiscord.start();
    auto.recommendedShards = 2;
    // Both shards identify at once, as Discord lets a large bot do.
    auto.maxConcurrency = 2;
    on.push(auto.addGuild([0, 2]), auto.addGuild([1, 2]));
    bot = await startDiscordDigests({ fake: auto, env: () => ({ DISCORD_SHARDS: "auto" }) });
  });

  afterAll(async () => {
    await bot?.close();
    await auto?.close();
  });

  it("runs the count /gateway/bot recommends, every shard in one process, and answers on each", async () => {
    const identified = auto.received
      .filter((p) => p.op === 2)
      .map((p) => (p.d as { shard?: number[] }).shard);
    expect(identified).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(identified).toHaveLength(2);
    for (const id of auto.guilds.keys()) expect(bot.discord.client.guilds.cache.has(id)).toBe(true);
    expect(bot.discord.isReady()).toBe(true);
    for (const g of on) {
      const command = auto.chatInput("summary", {}, { guildId: g.guildId, locale: "en-GB" });
      const answer = await auto.waitForCallback(command.id);
      expect(answer.body.data.embeds[0].title).toMatch(/CSTO/);
    }
    const ready = bot.lines
      .map((l) => JSON.parse(l) as { msg: string })
      .find((l) => l.msg === "discord ready");
    expect(ready).toMatchObject({ shards: [0, 1], shardCount: 2 });
  });
});

describe("Discord shards: a gateway that refuses the shard settings", () => {
  let small: FakeDiscord;

  beforeAll(async () => {
    small = await FakeDiscord.start();
    // Three guilds, at most two a connection: one connection is refused, two shards are not.
    small.addGuild([0, 2]);
    small.addGuild([1, 2]);
    small.maxGuildsPerShard = 2;
    small.maxConcurrency = 2;
  });

  afterAll(async () => {
    await small?.close();
  });

  /** Starts a Discord service with these shard settings; resolves to its start error, if any. */
  async function startWith(env: Record<string, string>): Promise<Error | undefined> {
    const app = prepare(
      { DISCORD_TOKEN: small.token, DISCORD_API_ROOT: small.apiRoot, LOG_LEVEL: "silent", ...env },
      { dotenv: false },
    );
    const service = createDiscordService(
      { ...app, log: createLogger({ level: "silent", secrets: [], pretty: false }) },
      new Metrics(),
    );
    try {
      await service.start();
      expect(service.isReady()).toBe(true);
      return undefined;
    } catch (error) {
      return error as Error;
    } finally {
      await service.stop();
    }
  }

  it("GIVEN no shards and too many servers for one connection (4011) THEN start fails saying to set DISCORD_SHARDS", async () => {
    const error = await startWith({});
    expect(error?.message).toMatch(/^Discord requires sharding: .* Set DISCORD_SHARDS=auto/);
  });

  it("GIVEN a count too small (4011) THEN start fails saying to raise DISCORD_SHARD_COUNT", async () => {
    const error = await startWith({ DISCORD_SHARD_COUNT: "1" });
    expect(error?.message).toMatch(/^Discord requires more shards: .* Raise DISCORD_SHARD_COUNT/);
  });

  it("GIVEN two shards THEN each holds few enough servers and it starts", async () => {
    expect(await startWith({ DISCORD_SHARDS: "0,1", DISCORD_SHARD_COUNT: "2" })).toBeUndefined();
  });
});
