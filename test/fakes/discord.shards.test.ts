import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { waitFor } from "../support/wait.ts";
import { FakeDiscord, type ShardPair, shardOf, snowflakeOnShard } from "./discord.ts";

/** One raw gateway connection: what it received, in order. */
interface Connection {
  readonly socket: WebSocket;
  readonly dispatches: { t: string; d: { id?: string; guild_id?: string; guilds?: unknown } }[];
  closedWith?: number;
}

let fake: FakeDiscord;
const open: Connection[] = [];

/** Connects, waits for HELLO, sends IDENTIFY (with `shard` unless undefined). */
async function connect(shard: ShardPair | readonly unknown[] | undefined): Promise<Connection> {
  const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  const connection: Connection = { socket, dispatches: [] };
  open.push(connection);
  let hello = false;
  socket.on("message", (raw) => {
    const payload = JSON.parse(String(raw));
    if (payload.op === 10) hello = true;
    if (payload.op === 0) connection.dispatches.push({ t: payload.t, d: payload.d });
  });
  socket.on("close", (code) => {
    connection.closedWith = code;
  });
  await waitFor("HELLO", () => hello);
  socket.send(
    JSON.stringify({
      op: 2,
      d: { token: fake.token, intents: 1, properties: {}, ...(shard ? { shard } : {}) },
    }),
  );
  return connection;
}

const readyGuilds = (c: Connection) =>
  ((c.dispatches.find((p) => p.t === "READY")?.d.guilds ?? []) as { id: string }[]).map(
    (g) => g.id,
  );
const created = (c: Connection) =>
  c.dispatches.filter((p) => p.t === "GUILD_CREATE").map((p) => p.d.id);
const interactions = (c: Connection) =>
  c.dispatches.filter((p) => p.t === "INTERACTION_CREATE").map((p) => p.d.id);

let on0: { guildId: string; channelId: string };
let on1: { guildId: string; channelId: string };

beforeAll(async () => {
  fake = await FakeDiscord.start();
  on0 = fake.addGuild([0, 2]);
  on1 = fake.addGuild([1, 2]);
});

afterEach(async () => {
  for (const c of open.splice(0)) c.socket.terminate();
  await fake.waitForGatewayClosed();
});

afterAll(async () => {
  await fake?.close();
});

describe("the fake Discord gateway shards as Discord does", () => {
  it("GIVEN snowflakes made for a shard THEN (id >> 22) % count is that shard", () => {
    for (const count of [1, 2, 3, 16])
      for (let shard = 0; shard < count; shard++)
        expect(shardOf(snowflakeOnShard(shard, count), count)).toBe(shard);
    expect(shardOf(on0.guildId, 2)).toBe(0);
    expect(shardOf(on1.guildId, 2)).toBe(1);
    // The formula reads the timestamp bits, not the worker and sequence bits below them.
    expect(shardOf(((5n << 22n) | 0xfffn).toString(), 4)).toBe(1);
  });

  it("GIVEN IDENTIFY with [0, 2] and [1, 2] THEN each READY and GUILD_CREATE carries only its shard's guilds", async () => {
    const zero = await connect([0, 2]);
    const one = await connect([1, 2]);
    await waitFor("both sessions", () => fake.sessions.length === 2);
    const all = [...fake.guilds.keys()];
    const mine = (shard: number) => all.filter((id) => shardOf(id, 2) === shard).sort();
    await waitFor("the guilds of shard 0", () => created(zero).length === mine(0).length);
    await waitFor("the guilds of shard 1", () => created(one).length === mine(1).length);
    expect(readyGuilds(zero).sort()).toEqual(mine(0));
    expect(created(zero).sort()).toEqual(mine(0));
    expect(readyGuilds(one).sort()).toEqual(mine(1));
    expect(created(one).sort()).toEqual(mine(1));
    expect(zero.dispatches.find((p) => p.t === "READY")?.d).toMatchObject({ shard: [0, 2] });
    expect(one.dispatches.find((p) => p.t === "READY")?.d).toMatchObject({ shard: [1, 2] });
    expect(fake.sessions).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
  });

  it("GIVEN two shards THEN a guild's interactions and membership events reach its shard only; a DM reaches shard 0", async () => {
    const zero = await connect([0, 2]);
    const one = await connect([1, 2]);
    await waitFor("both sessions", () => fake.sessions.length === 2);
    const a = fake.chatInput("summary", {}, { guildId: on1.guildId });
    const b = fake.autocomplete("quote", "speaker", "louk", { guildId: on0.guildId });
    const c = fake.button("sb1:r:en:0:quote:tokayev", {}, { guildId: on1.guildId });
    const dm = fake.chatInput("summary", {}, { guildId: null });
    fake.removeBot(on1.guildId);
    fake.addBot(on1.guildId);
    // A marker on each shard, dispatched last: once it arrives, everything before it has.
    const last0 = fake.chatInput("help", {}, { guildId: on0.guildId });
    const last1 = fake.chatInput("help", {}, { guildId: on1.guildId });
    await waitFor("shard 0's marker", () => interactions(zero).includes(last0.id));
    await waitFor("shard 1's marker", () => interactions(one).includes(last1.id));
    expect(interactions(zero)).toEqual([b.id, dm.id, last0.id]);
    expect(interactions(one)).toEqual([a.id, c.id, last1.id]);
    const dmPayload = zero.dispatches.find((p) => p.d.id === dm.id)?.d;
    expect(dmPayload).not.toHaveProperty("guild_id");
    expect(dmPayload).toHaveProperty("user");
    expect(one.dispatches.some((p) => p.t === "GUILD_DELETE" && p.d.id === on1.guildId)).toBe(true);
    expect(zero.dispatches.some((p) => p.t === "GUILD_DELETE")).toBe(false);
    expect(created(one).filter((id) => id === on1.guildId)).toHaveLength(2);
    expect(created(zero)).not.toContain(on1.guildId);
  });

  it("GIVEN a channel deleted THEN CHANNEL_DELETE goes to its guild's shard", async () => {
    const extra = fake.addChannel(on0.guildId);
    const zero = await connect([0, 2]);
    const one = await connect([1, 2]);
    await waitFor("both sessions", () => fake.sessions.length === 2);
    fake.deleteChannel(extra);
    const last1 = fake.chatInput("help", {}, { guildId: on1.guildId });
    await waitFor("the delete on shard 0", () =>
      zero.dispatches.some((p) => p.t === "CHANNEL_DELETE" && p.d.id === extra),
    );
    await waitFor("shard 1's marker", () => interactions(one).includes(last1.id));
    expect(one.dispatches.some((p) => p.t === "CHANNEL_DELETE")).toBe(false);
    expect(fake.guilds.get(on0.guildId)?.channels).not.toContain(extra);
  });

  it("GIVEN IDENTIFY without a shard THEN that one connection gets every guild and every event", async () => {
    const solo = await connect(undefined);
    await waitFor("every guild", () => created(solo).length === fake.guilds.size);
    const a = fake.chatInput("summary", {}, { guildId: on0.guildId });
    const b = fake.chatInput("summary", {}, { guildId: on1.guildId });
    const dm = fake.chatInput("summary", {}, { guildId: null });
    await waitFor("three interactions", () => interactions(solo).length === 3);
    expect(interactions(solo)).toEqual([a.id, b.id, dm.id]);
    expect(fake.sessions).toEqual([undefined]);
  });

  it.each([[[2, 2]], [[-1, 2]], [[0, 0]], [["0", "2"]], [[0]]])(
    "GIVEN IDENTIFY with shard %j THEN the fake closes with 4010 Invalid shard",
    async (shard) => {
      const bad = await connect(shard);
      await waitFor("the close", () => bad.closedWith !== undefined);
      expect(bad.closedWith).toBe(4010);
      expect(bad.dispatches).toEqual([]);
    },
  );

  it("GIVEN maxGuildsPerShard THEN a connection that would hold more is closed with 4011, a shard that holds fewer is not", async () => {
    fake.maxGuildsPerShard = fake.guilds.size - 1;
    const solo = await connect(undefined);
    await waitFor("the close", () => solo.closedWith !== undefined);
    expect(solo.closedWith).toBe(4011);
    expect(solo.dispatches).toEqual([]);
    const zero = await connect([0, 2]);
    await waitFor("READY on shard 0", () => readyGuilds(zero).length > 0);
    expect(zero.closedWith).toBeUndefined();
    fake.maxGuildsPerShard = Number.POSITIVE_INFINITY;
  });

  it("GIVEN recommendedShards and maxConcurrency THEN /gateway/bot answers them", async () => {
    fake.recommendedShards = 3;
    fake.maxConcurrency = 4;
    const response = await fetch(`${fake.apiRoot}/v10/gateway/bot`, {
      headers: { authorization: `Bot ${fake.token}` },
    });
    expect(await response.json()).toMatchObject({
      shards: 3,
      session_start_limit: { max_concurrency: 4 },
    });
    fake.recommendedShards = 1;
    fake.maxConcurrency = 1;
  });
});
