import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { wellFormedJson } from "../support/text.ts";
import { WAIT_LIMIT_MS, waitFor } from "../support/wait.ts";
import { imageSize, parseMultipart, type Upload } from "./multipart.ts";

/** Discord's upload limit for a bot in a server without boosts (10 MiB a request). */
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

/** A file sent as `files[n]`, with the attachment entry of `payload_json` that names it. */
export interface SentFile extends Upload {
  /** The `n` of `files[n]`, which `attachments[].id` refers to. */
  readonly index: string;
}

/** One REST request the fake received, as the bot sent it. */
export interface RecordedCall {
  readonly method: string;
  /** Path under `/api/v10`, e.g. `/interactions/123/tok/callback`. */
  readonly path: string;
  readonly query: URLSearchParams;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are arbitrary JSON; tests narrow them.
  readonly body: any;
  readonly headers: IncomingMessage["headers"];
  /** `performance.now()` when the request arrived. */
  readonly at: number;
  /** Files of a multipart request (`files[n]`); the body is its `payload_json`. */
  readonly files: readonly SentFile[];
}

/** An error the fake should answer a route with, as Discord would. */
export interface InjectedError {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  /** Discord's JSON error code (10003 Unknown Channel, 50013 Missing Permissions…). */
  readonly code: number;
  readonly message?: string;
  /** For a 429: the wait Discord asks for (`Retry-After` header and `retry_after`). Default: 0. */
  readonly retryAfterMs?: number;
  /** How many times to fail; then the route works again. Default: always. */
  times?: number;
}

/** A request the fake holds (`delay`) or answers by dropping the connection (`hangUp`). */
export interface InjectedFault {
  readonly method: string;
  readonly path: RegExp;
  /** Wait this long before doing the work and answering; 0 with `hangUp`: at once. */
  readonly delayMs?: number;
  /** Do the work (post the message), then drop the connection without answering. */
  readonly hangUp?: boolean;
  /** Hold the request until this settles (a test decides when, not a clock); then go on. */
  readonly until?: Promise<unknown>;
  /** How many requests; then the route behaves again. */
  times: number;
}

/** What a test passes to inject a slash command, autocomplete request or button press. */
export interface InteractionOptions {
  readonly locale?: string;
  readonly guildLocale?: string;
  /** Wraps the options in this subcommand (`/digest subscribe …`). */
  readonly subcommand?: string;
  /** The member's permissions in the channel (a bitfield); default: all. */
  readonly memberPermissions?: bigint;
  /** The bot's permissions in the channel (`app_permissions`); default: all. */
  readonly appPermissions?: bigint;
  /** The channel the command is typed in; default: the guild's first channel. */
  readonly channelId?: string;
  /** The guild it comes from (default: `guildId`); `null`: a direct message, no guild. */
  readonly guildId?: string | null;
}

/** A shard as IDENTIFY names it: `[shard_id, num_shards]`. */
export type ShardPair = readonly [id: number, count: number];

/** A guild the fake serves: its text channels, and whether the bot is in it. */
export interface FakeGuild {
  readonly id: string;
  readonly channels: string[];
  member: boolean;
}

/** A message the fake accepted (`POST /channels/:id/messages` answered 200). */
export interface PostedMessage {
  readonly id: string;
  readonly channelId: string;
  // biome-ignore lint/suspicious/noExplicitAny: message bodies are arbitrary JSON; tests narrow them.
  readonly body: any;
  /** `Date.now()` when it was accepted. */
  readonly at: number;
  /** Files uploaded with it. */
  readonly files: readonly SentFile[];
}

const EPOCH = 1_420_070_400_000n;
let sequence = 0n;
/** A fresh snowflake: timestamp and a counter, like Discord's. */
export function snowflake(): string {
  sequence = (sequence + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - EPOCH) << 22n) | sequence).toString();
}

/** The shard a guild's events go to: `(guild_id >> 22) % num_shards` (Discord's formula). */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** A snowflake whose guild would live on `shard` of `count` (its timestamp moved back a little). */
export function snowflakeOnShard(shard: number, count: number): string {
  sequence = (sequence + 1n) & 0xfffn;
  const ms = BigInt(Date.now()) - EPOCH;
  const n = BigInt(count);
  const at = ms - ((((ms - BigInt(shard)) % n) + n) % n);
  return ((at << 22n) | sequence).toString();
}

const ALL_PERMISSIONS = "2251799813685247";
/** The bot's own role: View Channel, Send Messages, Embed Links (and reading history). */
const BOT_ROLE_PERMISSIONS = ((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n)).toString();

/**
 * A small fake Discord on 127.0.0.1: REST under `/api/v10` and a gateway WebSocket (JSON, no
 * compression), enough for the real discord.js client to log in, receive interactions and
 * answer them. It records every REST call and gateway payload, and can be told to fail a
 * route. Start one per test file; `close()` it after.
 *
 * Sharding as Discord does it: a connection whose IDENTIFY names `shard: [id, count]` gets
 * READY and GUILD_CREATE for the guilds of its shard only, and each guild's events only on the
 * connection of shard `(guild_id >> 22) % count`; events without a guild (direct messages) go
 * to shard 0. A connection that names no shard gets everything. `/gateway/bot` recommends
 * `recommendedShards`; a shard id outside its count is closed with 4010 (Invalid shard), a
 * connection that would hold more than `maxGuildsPerShard` guilds with 4011.
 *
 * @example
 * const fake = await FakeDiscord.start();
 * const client = new Client({ intents: [], rest: { api: fake.apiRoot } });
 * await client.login(fake.token);
 * const { id } = fake.chatInput("quote", { speaker: "Loukachenko" });
 * const callback = await fake.waitForCallback(id);
 */
export class FakeDiscord {
  readonly applicationId = snowflake();
  readonly botId = this.applicationId;
  readonly guildId = snowflake();
  readonly channelId = snowflake();
  readonly userId = snowflake();
  /** A token whose first segment decodes to the application id, like a real bot token. */
  readonly token =
    `${Buffer.from(this.applicationId).toString("base64").replace(/=+$/, "")}.GfAkEe.fake-token-for-tests-only_abcdefghij`;
  readonly calls: RecordedCall[] = [];
  /** Gateway payloads received from the bot (IDENTIFY, heartbeats…). */
  readonly received: { op: number; d: unknown }[] = [];
  /** Close codes of gateway connections the bot closed. */
  readonly closes: number[] = [];
  /** Registered commands by scope ("global" or a guild id), as the last PUT left them. */
  readonly commands = new Map<string, unknown[]>();
  readonly errors: InjectedError[] = [];
  readonly faults: InjectedFault[] = [];
  /** Messages accepted by `POST /channels/:id/messages`, in order. */
  readonly posted: PostedMessage[] = [];
  /** The guild's text channels, as GUILD_CREATE lists them (add more before login). */
  readonly channels: string[] = [this.channelId];
  /** Channels where an overwrite denies the bot Send Messages (sent in GUILD_CREATE). */
  readonly mutedFor = new Set<string>();
  readonly botRoleId = snowflake();
  /** The `shards` that `GET /gateway/bot` recommends (what `DISCORD_SHARDS=auto` uses). */
  recommendedShards = 1;
  /** `session_start_limit.max_concurrency`: how many shards may identify at once. */
  maxConcurrency = 1;
  /**
   * The most guilds one connection may hold (Discord: 2,500); a connection that would hold
   * more is closed with 4011 (Sharding required). Default: no limit.
   */
  maxGuildsPerShard = Number.POSITIVE_INFINITY;
  /** Every guild by id; the first is `guildId`, whose channels are `channels`. */
  readonly guilds = new Map<string, FakeGuild>([
    [this.guildId, { id: this.guildId, channels: this.channels, member: true }],
  ]);
  #sockets = new Set<WebSocket>();
  /** Identified connections and their shard (`undefined`: IDENTIFY named none). */
  #sessions = new Map<WebSocket, ShardPair | undefined>();
  /** Every session id READY gave, with its shard, for RESUME. */
  #sessionIds = new Map<string, ShardPair | undefined>();
  /** Shard ids whose IDENTIFY or RESUME is left unanswered until `releaseShard`. */
  #held = new Set<number>();
  /** Connections waiting on a held shard: what answers them on release. */
  #pending = new Map<WebSocket, { shard: number; answer: () => void }>();
  #seq = 0;
  #waiters: { match: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  #readyWaiters: (() => void)[] = [];
  #readyCount = 0;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
  ) {}

  /** Starts the fake on 127.0.0.1 on a free port. */
  static async start(): Promise<FakeDiscord> {
    const server = createServer();
    const wss = new WebSocketServer({ server, path: "/gateway" });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const fake = new FakeDiscord(server, wss, (server.address() as AddressInfo).port);
    server.on("request", (req, res) => void fake.#onRequest(req, res));
    wss.on("connection", (socket) => fake.#onConnection(socket));
    return fake;
  }

  /** The value for discord.js's `rest.api` option / `DISCORD_API_ROOT`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** Open gateway connections. */
  get connections(): number {
    return this.#sockets.size;
  }

  /** Resolves once a client has received READY and GUILD_CREATE (`count` sessions in all). */
  waitForReady(count = 1): Promise<void> {
    if (this.#readyCount >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.#readyCount >= count) resolve();
        else this.#readyWaiters.push(check);
      };
      this.#readyWaiters.push(check);
    });
  }

  /** Resolves when every gateway connection is closed. */
  async waitForGatewayClosed(): Promise<void> {
    await waitFor("every gateway connection to close", () => this.#sockets.size === 0);
  }

  /** Answers matching requests with a Discord error instead of success. */
  fail(error: InjectedError): void {
    this.errors.push(error);
  }

  /** Holds matching requests for a while, or answers them by dropping the connection. */
  fault(fault: InjectedFault): void {
    this.faults.push(fault);
  }

  /** The first recorded (or next) REST call that matches. */
  waitForCall(match: (c: RecordedCall) => boolean): Promise<RecordedCall> {
    const seen = this.calls.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("no matching REST call")),
        WAIT_LIMIT_MS,
      ).unref();
      this.#waiters.push({
        match,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      });
    });
  }

  /** The interaction callback (`POST /interactions/:id/:token/callback`) for one interaction. */
  waitForCallback(interactionId: string): Promise<RecordedCall> {
    return this.waitForCall(
      (c) => c.method === "POST" && c.path.startsWith(`/interactions/${interactionId}/`),
    );
  }

  /** Follow-up messages (`POST /webhooks/:app/:token`) sent for an interaction token. */
  followUps(token: string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.method === "POST" && c.path === `/webhooks/${this.applicationId}/${token}`,
    );
  }

  /** Messages posted to a channel with `POST /channels/:id/messages`. */
  messagesTo(channelId: string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.method === "POST" && c.path === `/channels/${channelId}/messages`,
    );
  }

  /** Accepted messages posted to a channel. */
  postedTo(channelId: string): PostedMessage[] {
    return this.posted.filter((m) => m.channelId === channelId);
  }

  /** The shard pairs of the identified connections, in no particular order. */
  get sessions(): (ShardPair | undefined)[] {
    return [...this.#sessions.values()];
  }

  /**
   * Closes the connections of shard `id` (of any count) with `code`; 4000 (Unknown error) lets
   * the client reconnect and RESUME.
   */
  dropShard(id: number, code = 4000): void {
    for (const [socket, shard] of this.#sessions)
      if ((shard?.[0] ?? 0) === id) {
        this.#sessions.delete(socket);
        socket.close(code);
      }
  }

  /** Leaves shard `id`'s next IDENTIFY or RESUME unanswered, until `releaseShard(id)`. */
  holdShard(id: number): void {
    this.#held.add(id);
  }

  /** Answers what `holdShard` held (READY or RESUMED), and stops holding. */
  releaseShard(id: number): void {
    this.#held.delete(id);
    for (const [socket, waiting] of this.#pending)
      if (waiting.shard === id) {
        this.#pending.delete(socket);
        waiting.answer();
      }
  }

  /**
   * Adds a guild with one text channel, the bot in it; with `shard`, one whose id lands on that
   * shard. Call before the client logs in, or follow with `addBot(guildId)`.
   */
  addGuild(shard?: ShardPair): { guildId: string; channelId: string } {
    const guildId = shard ? snowflakeOnShard(shard[0], shard[1]) : snowflake();
    const channelId = snowflake();
    this.guilds.set(guildId, { id: guildId, channels: [channelId], member: true });
    return { guildId, channelId };
  }

  /** Adds a text channel to a guild; call before the client logs in (or re-adds the bot). */
  addChannel(guildId = this.guildId): string {
    const id = snowflake();
    this.#guildById(guildId).channels.push(id);
    return id;
  }

  /** The bot is kicked from the guild: GUILD_DELETE without `unavailable`. */
  removeBot(guildId = this.guildId): void {
    this.#guildById(guildId).member = false;
    this.dispatch("GUILD_DELETE", { id: guildId });
  }

  /** The bot is added (back) to the guild: GUILD_CREATE with its channels and member. */
  addBot(guildId = this.guildId): void {
    const guild = this.#guildById(guildId);
    guild.member = true;
    this.dispatch("GUILD_CREATE", this.#guild(guild));
  }

  /** A channel is deleted: CHANNEL_DELETE, on its guild's shard. */
  deleteChannel(channelId: string): void {
    const guild =
      [...this.guilds.values()].find((g) => g.channels.includes(channelId)) ??
      this.#guildById(this.guildId);
    const index = guild.channels.indexOf(channelId);
    if (index >= 0) guild.channels.splice(index, 1);
    this.dispatch("CHANNEL_DELETE", {
      id: channelId,
      type: 0,
      guild_id: guild.id,
      name: "gone",
      position: 0,
      permission_overwrites: [],
      flags: 0,
    });
  }

  /**
   * Sends a dispatch to the identified connections that own it: its guild's shard (`guild_id`,
   * or `id` for GUILD_CREATE/UPDATE/DELETE), shard 0 without a guild, everything to a
   * connection without a shard.
   */
  dispatch(t: string, d: unknown): void {
    const payload = JSON.stringify({ op: 0, t, s: ++this.#seq, d });
    const body = (d ?? {}) as { guild_id?: unknown; id?: unknown };
    const guildId =
      typeof body.guild_id === "string"
        ? body.guild_id
        : /^GUILD_(CREATE|UPDATE|DELETE)$/.test(t) && typeof body.id === "string"
          ? body.id
          : undefined;
    for (const [socket, shard] of this.#sessions) if (owns(shard, guildId)) socket.send(payload);
  }

  /** Injects a slash command; `options` are string option values by name. */
  chatInput(
    name: string,
    options: Record<string, string> = {},
    how: InteractionOptions = {},
  ): { id: string; token: string } {
    const strings = Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value }));
    return this.#interaction(2, how, {
      id: snowflake(),
      name,
      type: 1,
      ...this.#guildField(how),
      options: how.subcommand ? [{ name: how.subcommand, type: 1, options: strings }] : strings,
    });
  }

  /**
   * Injects an autocomplete request with `value` typed into option `focused`; `filled`: the
   * other options the reader has filled in already, by name.
   */
  autocomplete(
    name: string,
    focused: string,
    value: string,
    how: InteractionOptions = {},
    filled: Record<string, string> = {},
  ): { id: string; token: string } {
    const options = [
      ...Object.entries(filled).map(([n, v]) => ({ name: n, type: 3, value: v })),
      { name: focused, type: 3, value, focused: true },
    ];
    return this.#interaction(4, how, {
      id: snowflake(),
      name,
      type: 1,
      ...this.#guildField(how),
      options: how.subcommand ? [{ name: how.subcommand, type: 1, options }] : options,
    });
  }

  /** Injects a button press on a message the bot sent (`message` as its callback carried). */
  button(
    customId: string,
    message: { embeds?: unknown[]; components?: unknown[]; flags?: number } = {},
    how: InteractionOptions = {},
  ): { id: string; token: string } {
    return this.#interaction(
      3,
      how,
      { custom_id: customId, component_type: 2 },
      {
        ...this.#message({ data: message }),
        type: 20,
        webhook_id: undefined,
        interaction_metadata: {
          id: snowflake(),
          type: 2,
          user: this.#user(),
          authorizing_integration_owners: this.#owners(how),
        },
      },
    );
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #user() {
    return {
      id: this.userId,
      username: "reader",
      discriminator: "0",
      global_name: "Reader",
      avatar: null,
    };
  }

  #botUser() {
    return {
      id: this.botId,
      username: "SummitBrief",
      discriminator: "0",
      global_name: null,
      avatar: null,
      bot: true,
    };
  }

  #interaction(
    type: number,
    how: InteractionOptions,
    data: unknown,
    message?: unknown,
  ): { id: string; token: string } {
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${Math.random().toString(36).slice(2)}`;
    const guildId = how.guildId === undefined ? this.guildId : how.guildId;
    // What every interaction carries, in a guild or in a direct message.
    const common = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      locale: how.locale ?? "en-US",
      app_permissions: (how.appPermissions ?? BigInt(ALL_PERMISSIONS)).toString(),
      entitlements: [],
      authorizing_integration_owners: this.#owners(how),
      attachment_size_limit: 10_485_760,
      data,
      ...(message ? { message } : {}),
    };
    if (guildId === null) {
      // A direct message: a user instead of a member, a DM channel, no guild.
      const channelId = how.channelId ?? snowflake();
      this.dispatch("INTERACTION_CREATE", {
        ...common,
        channel_id: channelId,
        channel: { id: channelId, type: 1, flags: 0 },
        user: this.#user(),
        context: 1,
      });
      return { id, token };
    }
    const channelId = how.channelId ?? this.#guildById(guildId).channels[0] ?? this.channelId;
    this.dispatch("INTERACTION_CREATE", {
      ...common,
      guild_locale: how.guildLocale ?? "fr",
      guild_id: guildId,
      guild: { id: guildId, locale: how.guildLocale ?? "fr", features: [] },
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guildId, name: "news", flags: 0 },
      member: {
        user: this.#user(),
        roles: [],
        joined_at: "2022-11-23T00:00:00.000Z",
        permissions: (how.memberPermissions ?? BigInt(ALL_PERMISSIONS)).toString(),
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        nick: null,
        avatar: null,
        premium_since: null,
      },
      context: 0,
    });
    return { id, token };
  }

  /** A guild by id; an unknown id is the test's mistake. */
  #guildById(guildId: string): FakeGuild {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`the fake has no guild ${guildId}`);
    return guild;
  }

  /** `guild_id` of a command's data, unless it is a direct message. */
  #guildField(how: InteractionOptions): { guild_id?: string } {
    return how.guildId === null ? {} : { guild_id: how.guildId ?? this.guildId };
  }

  /** Who installed the app for this interaction: the guild (0), or the user in a DM (1). */
  #owners(how: InteractionOptions): Record<string, string> {
    return how.guildId === null ? { "1": this.userId } : { "0": how.guildId ?? this.guildId };
  }

  #onConnection(socket: WebSocket): void {
    this.#sockets.add(socket);
    socket.on("close", (code) => {
      this.#sockets.delete(socket);
      this.#sessions.delete(socket);
      this.#pending.delete(socket);
      this.closes.push(code);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      this.received.push(payload);
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (payload.op === 2) this.#identify(socket, payload.d);
      if (payload.op === 6) this.#resume(socket, payload.d);
    });
  }

  #identify(socket: WebSocket, d: unknown): void {
    const requested = (d as { shard?: unknown } | null)?.shard;
    let shard: ShardPair | undefined;
    if (requested !== undefined) {
      const [id, count] = Array.isArray(requested) ? requested : [];
      if (!Number.isInteger(id) || !Number.isInteger(count) || id < 0 || count < 1 || id >= count) {
        socket.close(4010, "Invalid shard");
        return;
      }
      shard = [id, count];
    }
    if (this.#held.has(shard?.[0] ?? 0)) {
      this.#pending.set(socket, {
        shard: shard?.[0] ?? 0,
        answer: () => this.#identify(socket, d),
      });
      return;
    }
    const guilds = [...this.guilds.values()].filter((g) => g.member && owns(shard, g.id));
    if (guilds.length > this.maxGuildsPerShard) {
      socket.close(4011, "Sharding required");
      return;
    }
    this.#sessions.set(socket, shard);
    const sessionId = `session-${snowflake()}`;
    this.#sessionIds.set(sessionId, shard);
    const send = (t: string, data: unknown) =>
      socket.send(JSON.stringify({ op: 0, t, s: ++this.#seq, d: data }));
    send("READY", {
      v: 10,
      user: { ...this.#botUser(), verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: sessionId,
      resume_gateway_url: this.gatewayUrl,
      shard: shard ?? [0, 1],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
    });
    for (const g of guilds) send("GUILD_CREATE", this.#guild(g));
    this.#readyCount++;
    const waiters = this.#readyWaiters.splice(0);
    for (const w of waiters) w();
  }

  /** RESUME: a known session gets RESUMED (no replay); an unknown one INVALID_SESSION. */
  #resume(socket: WebSocket, d: unknown): void {
    const sessionId = String((d as { session_id?: unknown } | null)?.session_id);
    if (!this.#sessionIds.has(sessionId)) {
      socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return;
    }
    const shard = this.#sessionIds.get(sessionId);
    if (this.#held.has(shard?.[0] ?? 0)) {
      this.#pending.set(socket, { shard: shard?.[0] ?? 0, answer: () => this.#resume(socket, d) });
      return;
    }
    this.#sessions.set(socket, shard);
    socket.send(JSON.stringify({ op: 0, t: "RESUMED", s: ++this.#seq, d: {} }));
  }

  /** The guild as GUILD_CREATE carries it: channels, roles, and the bot's own member. */
  #guild(guild: FakeGuild) {
    return {
      id: guild.id,
      name: "Summit test guild",
      icon: null,
      owner_id: this.userId,
      unavailable: false,
      member_count: 2,
      large: false,
      joined_at: "2022-11-23T00:00:00.000Z",
      preferred_locale: "fr",
      features: [],
      roles: [
        {
          id: guild.id,
          name: "@everyone",
          permissions: "1071698660929",
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
        {
          id: this.botRoleId,
          name: "SummitBrief",
          permissions: BOT_ROLE_PERMISSIONS,
          position: 1,
          color: 0,
          hoist: false,
          managed: true,
          mentionable: false,
          flags: 0,
        },
      ],
      channels: guild.channels.map((id, position) => ({
        id,
        type: 0,
        name: `news-${position}`,
        position,
        permission_overwrites: this.mutedFor.has(id)
          ? [{ id: this.botId, type: 1, allow: "0", deny: String(1n << 11n) }]
          : [],
        flags: 0,
      })),
      members: [
        {
          user: this.#botUser(),
          roles: [this.botRoleId],
          joined_at: "2022-11-23T00:00:00.000Z",
          deaf: false,
          mute: false,
          flags: 0,
          pending: false,
          nick: null,
          avatar: null,
          premium_since: null,
        },
      ],
      emojis: [],
      stickers: [],
      voice_states: [],
      presences: [],
      threads: [],
      stage_instances: [],
      guild_scheduled_events: [],
      premium_tier: 0,
      system_channel_flags: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
    };
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const contentType = req.headers["content-type"] ?? "";
    const multipart = contentType.includes("multipart/form-data");
    let files: SentFile[] = [];
    let raw = bytes.toString("utf8");
    if (multipart) {
      // Uploads: `payload_json` is the JSON body; each `files[n]` part is one file.
      try {
        const parts = parseMultipart(bytes, contentType);
        raw = parts.find((p) => p.name === "payload_json")?.data.toString("utf8") ?? "";
        files = parts.flatMap((p) => {
          const index = /^files\[(\d+)\]$/.exec(p.name)?.[1];
          return index !== undefined ? [{ index, filename: p.filename ?? "", data: p.data }] : [];
        });
      } catch {
        raw = "";
      }
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (status: number, body?: unknown) => {
      if (body === undefined) res.writeHead(status).end();
      else res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (!url.pathname.startsWith("/api/v10/"))
      return send(404, { message: "404: Not Found", code: 0 });
    const path = url.pathname.slice("/api/v10".length);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const call: RecordedCall = {
      method: req.method ?? "GET",
      path,
      query: url.searchParams,
      body,
      headers: req.headers,
      at: performance.now(),
      files,
    };
    this.calls.push(call);
    for (const w of this.#waiters.filter((w) => w.match(call))) {
      this.#waiters.splice(this.#waiters.indexOf(w), 1);
      w.resolve(call);
    }

    if (!wellFormedJson(body)) {
      // Discord reads UTF-8: a lone surrogate (half an emoji) makes the body invalid.
      return send(400, { message: "The request body contains invalid JSON.", code: 50109 });
    }
    const error = this.errors.find(
      (e) =>
        e.method === call.method && e.path.test(path) && (e.times === undefined || e.times > 0),
    );
    if (error) {
      if (error.times !== undefined) error.times--;
      if (error.status === 429) {
        const seconds = (error.retryAfterMs ?? 0) / 1000;
        res.setHeader("retry-after", String(seconds));
        res.setHeader("x-ratelimit-remaining", "0");
        res.setHeader("x-ratelimit-reset-after", String(seconds));
        res.setHeader("x-ratelimit-scope", "user");
        return send(429, {
          message: "You are being rate limited.",
          retry_after: seconds || 0.01,
          global: false,
          code: error.code,
        });
      }
      return send(error.status, { message: error.message ?? "Error", code: error.code });
    }
    const fault = this.faults.find(
      (f) => f.method === call.method && f.path.test(path) && f.times > 0,
    );
    if (fault) {
      fault.times--;
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.until) await fault.until.catch(() => {});
      if (fault.hangUp) {
        // The work is done (the message is posted) but the answer never arrives.
        res.writeHead = (() => res) as unknown as typeof res.writeHead;
        res.end = (() => {
          req.socket.destroy();
          return res;
        }) as unknown as typeof res.end;
      }
    }
    const isBot = req.headers.authorization === `Bot ${this.token}`;
    const needsAuth = !path.startsWith("/interactions/") && !path.startsWith("/webhooks/");
    if (needsAuth && !isBot) return send(401, { message: "401: Unauthorized", code: 0 });

    if (files.length > 0 || multipart) {
      const problem = checkUploads(body, files);
      if (problem) return send(problem.status, { message: problem.message, code: problem.code });
    }
    const route = `${call.method} ${path}`;
    if (route === "GET /gateway/bot")
      return send(200, {
        url: this.gatewayUrl,
        shards: this.recommendedShards,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: this.maxConcurrency,
        },
      });
    if (route === "GET /users/@me") return send(200, this.#botUser());
    const callback = /^POST \/interactions\/(\d+)\/[^/]+\/callback$/.exec(route);
    if (callback) {
      if (url.searchParams.get("with_response") !== "true") return send(204);
      return send(200, {
        interaction: {
          id: callback[1],
          type: 2,
          activity_instance_id: null,
          response_message_id: null,
        },
        resource: {
          type: (body as { type: number }).type,
          message: this.#message(body, files),
        },
      });
    }
    if (/^(POST|PATCH|GET) \/webhooks\/\d+\/[^/]+(\/messages\/[^/]+)?$/.test(route))
      return send(200, this.#message({ data: body }, files));
    const post = /^POST \/channels\/(\d+)\/messages$/.exec(route);
    if (post) {
      const message = {
        ...this.#message({ data: body }, files),
        channel_id: post[1] as string,
      };
      this.posted.push({
        id: message.id,
        channelId: message.channel_id,
        body,
        at: Date.now(),
        files,
      });
      return send(200, message);
    }
    const put = /^PUT \/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(route);
    if (put) {
      const [, appId, guildId] = put;
      if (appId !== this.applicationId)
        return send(403, { message: "Missing Access", code: 50001 });
      const list = (body as { name: string }[]).map((c) => ({
        ...c,
        id: snowflake(),
        application_id: this.applicationId,
        version: snowflake(),
        ...(guildId ? { guild_id: guildId } : {}),
      }));
      this.commands.set(guildId ?? "global", list);
      return send(200, list);
    }
    send(404, { message: "404: Not Found", code: 0 });
  }

  #message(payload: unknown, files: readonly SentFile[] = []) {
    const data = ((payload as { data?: Record<string, unknown> })?.data ?? {}) as Record<
      string,
      unknown
    >;
    const attachments = files.map((f) => {
      const id = snowflake();
      const size = imageSize(f.data);
      return {
        id,
        filename: f.filename,
        size: f.data.length,
        url: `https://cdn.discordapp.com/attachments/${this.channelId}/${id}/${f.filename}`,
        proxy_url: `https://media.discordapp.net/attachments/${this.channelId}/${id}/${f.filename}`,
        ...(size ? { width: size.width, height: size.height, content_type: "image/png" } : {}),
      };
    });
    // Discord rewrites attachment:// references into the uploaded file's URL.
    const embeds = ((data.embeds ?? []) as { image?: { url?: string } }[]).map((e) => {
      const name = e.image?.url?.replace(/^attachment:\/\//, "");
      const file = attachments.find(
        (a) => e.image?.url?.startsWith("attachment://") && a.filename === name,
      );
      return file
        ? {
            ...e,
            image: {
              url: file.url,
              proxy_url: file.proxy_url,
              width: file.width,
              height: file.height,
            },
          }
        : e;
    });
    return {
      id: snowflake(),
      type: 0,
      channel_id: this.channelId,
      author: this.#botUser(),
      content: data.content ?? "",
      embeds,
      components: data.components ?? [],
      attachments,
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: data.flags ?? 0,
      webhook_id: this.applicationId,
      application_id: this.applicationId,
    };
  }
}

/** Whether a connection on `shard` gets an event of `guildId` (no guild: shard 0's). */
function owns(shard: ShardPair | undefined, guildId: string | undefined): boolean {
  if (!shard) return true;
  return guildId === undefined ? shard[0] === 0 : shardOf(guildId, shard[1]) === shard[0];
}

/**
 * Checks an upload as Discord does: every `attachments[].id` names a `files[n]` part, every
 * file is listed, the request stays under the upload limit, and an embed's
 * `attachment://name` refers to an uploaded file.
 */
function checkUploads(
  body: unknown,
  files: readonly SentFile[],
): { status: number; code: number; message: string } | undefined {
  const invalid = (message: string) => ({
    status: 400,
    code: 50035,
    message: `Invalid Form Body: ${message}`,
  });
  const total = files.reduce((n, f) => n + f.data.length, 0);
  if (total > UPLOAD_LIMIT)
    return { status: 413, code: 40005, message: "Request entity too large" };
  const data = ((body as { data?: unknown })?.data ?? body) as
    | {
        attachments?: { id: string | number; filename?: string }[];
        embeds?: { image?: { url?: string } }[];
      }
    | undefined;
  if (!data) return invalid("no payload_json");
  const listed = data.attachments ?? [];
  for (const a of listed) {
    if (!files.some((f) => f.index === String(a.id)))
      return invalid(`attachments.${a.id}: no files[${a.id}]`);
  }
  for (const f of files) {
    if (!listed.some((a) => String(a.id) === f.index))
      return invalid(`files[${f.index}] is not in attachments`);
    if (!f.filename) return invalid(`files[${f.index}] has no filename`);
  }
  for (const e of data.embeds ?? []) {
    const url = e.image?.url;
    if (url?.startsWith("attachment://")) {
      const name = url.slice("attachment://".length);
      const named = (f: SentFile) =>
        (listed.find((a) => String(a.id) === f.index)?.filename ?? f.filename) === name;
      if (!files.some(named)) return invalid(`embeds.image.url: no attachment named ${name}`);
    }
  }
  return undefined;
}
