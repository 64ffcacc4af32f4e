import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { wellFormedJson } from "../../support/text.ts";
import { WAIT_LIMIT_MS } from "../../support/wait.ts";
import { imageSize, parseMultipart, type Upload } from "../multipart.ts";
import { HtmlParseError, type ParsedHtml, parseTelegramHtml } from "./html.ts";

/** A JSON value as the Bot API exchanges it. */
// biome-ignore lint/suspicious/noExplicitAny: Bot API payloads are free-form JSON; tests read them as such.
export type Json = any;

/** One recorded Bot API call. */
export interface Call {
  readonly method: string;
  readonly params: Json;
  readonly at: number;
  /** Whether the fake answered ok (unset while the call is in progress). */
  ok?: boolean;
  /** The `result` it answered with, when ok. */
  result?: Json;
}

/** A Bot API error, as Telegram sends it. */
export interface ApiError {
  readonly error_code: number;
  readonly description: string;
  readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

interface Window {
  readonly max: number;
  readonly windowMs: number;
}

export interface FakeTelegramOptions {
  readonly token?: string;
  readonly username?: string;
  /** Answer 429 with retry_after once a chat, or the whole bot, sends more than this. */
  readonly rateLimit?: { readonly perChat?: Window; readonly global?: Window };
  /** Added to every answer but getUpdates, to play a distant API (benchmarks). */
  readonly latencyMs?: number;
}

export interface ChatSpec {
  readonly id: number;
  readonly type: "private" | "group" | "supergroup" | "channel";
  readonly title?: string;
}

export type MemberStatus =
  | "creator"
  | "administrator"
  | "member"
  | "restricted"
  | "left"
  | "kicked";

/** The user id Telegram gives anonymous group administrators' messages. */
export const GROUP_ANONYMOUS_BOT = 1087968824;

export interface UserSpec {
  readonly id: number;
  readonly language_code?: string;
  readonly first_name?: string;
}

class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.description);
  }
}

const bad = (description: string) => new ApiFailure({ error_code: 400, description });
const SENDING = new Set(["sendMessage", "editMessageText", "sendPhoto"]);

/** Telegram's limits for photos sent by bots (Bot API, sendPhoto). */
export const PHOTO_LIMITS = { bytes: 10 * 1000 * 1000, sides: 10_000, ratio: 20, caption: 1024 };

/** A photo the fake accepted, by file id. */
export interface StoredPhoto {
  readonly fileId: string;
  readonly width: number;
  readonly height: number;
  readonly size: number;
}

/**
 * A small fake Telegram Bot API on 127.0.0.1 for tests and benchmarks: serves
 * `/bot<token>/<method>` with JSON or form bodies, records every call, lets a test inject
 * updates and script errors, and refuses what Telegram refuses (bad HTML, text over 4096
 * characters, callback data over 64 bytes, more than 50 inline results). Photos arrive as
 * multipart uploads (`sendPhoto`, checked against Telegram's size, side and caption limits)
 * or as a `file_id` the fake handed out before; `uploads` records every upload.
 *
 * @example
 * const tg = await new FakeTelegram().start();
 * const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
 * tg.sendText({ id: 1, type: "private" }, { id: 7, language_code: "fr" }, "/summary");
 */
export class FakeTelegram {
  readonly token: string;
  readonly username: string;
  readonly botId: number;
  readonly calls: Call[] = [];
  /** The highest `offset` a getUpdates call has sent: updates below it are confirmed. */
  confirmedOffset = 0;
  webhook: { url: string; secret?: string } | undefined;
  readonly commands = new Map<string, Json[]>();
  /** Every file uploaded (multipart), in order: a re-upload of the same picture shows here. */
  readonly uploads: (Upload & { readonly method: string; readonly fileId?: string })[] = [];
  readonly photos = new Map<string, StoredPhoto>();
  readonly #server: Server;
  #updates: Json[] = [];
  #nextUpdateId = 1000;
  #nextMessageId = new Map<number | string, number>();
  readonly #messages = new Map<string, Json>();
  #wakers: (() => void)[] = [];
  #callWaiters: { test: (c: Call) => boolean; resolve: (c: Call) => void }[] = [];
  #scripted: { method: string; error: ApiError; times: number; when?: (p: Json) => boolean }[] = [];
  #delays: { method: string; ms: number; times: number }[] = [];
  /** Methods whose calls wait at the door (`hold`), and the calls waiting there. */
  readonly #holds = new Set<string>();
  #held: { method: string; go: () => void }[] = [];
  #hangUps: { method: string; times: number }[] = [];
  #refusals: { method: string; times: number }[] = [];
  readonly #sent = new Map<string, number[]>();
  readonly #members = new Map<string, string>();
  readonly #options: FakeTelegramOptions;
  #apiRoot = "";

  constructor(options: FakeTelegramOptions = {}) {
    this.#options = options;
    this.token = options.token ?? "123456789:FAKE-token-for-tests_abcdefghij";
    this.username = options.username ?? "SummitBriefBot";
    this.botId = Number(this.token.split(":")[0]);
    this.#server = createServer((req, res) => void this.#serve(req, res));
  }

  /** Starts listening on 127.0.0.1 (a free port). */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.#apiRoot = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** For grammy's `client.apiRoot`. */
  get apiRoot(): string {
    return this.#apiRoot;
  }

  async stop(): Promise<void> {
    for (const wake of this.#wakers.splice(0)) wake();
    this.#holds.clear();
    for (const h of this.#held.splice(0)) h.go();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ---- Test helpers -------------------------------------------------------------------

  /** Queues an update (its `update_id` is assigned here) and wakes a waiting getUpdates. */
  inject(update: Json): Json {
    const full = { update_id: this.#nextUpdateId++, ...update };
    this.#updates.push(full);
    for (const wake of this.#wakers.splice(0)) wake();
    return full;
  }

  /** A text message as a Telegram client sends it, with a bot_command entity for "/…". */
  message(chat: ChatSpec, from: UserSpec, text: string): Json {
    const command = /^\/\S+/.exec(text);
    return {
      message_id: this.#messageId(chat.id),
      date: Math.floor(Date.now() / 1000),
      chat: { ...chat, ...(chat.type === "private" ? { first_name: "Reader" } : {}) },
      from: { is_bot: false, first_name: "Reader", ...from },
      text,
      ...(command
        ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }
        : {}),
    };
  }

  /** Injects a text message; returns the update. */
  sendText(chat: ChatSpec, from: UserSpec, text: string): Json {
    return this.inject({ message: this.message(chat, from, text) });
  }

  /** Sets what getChatMember answers for a user in a chat (default: "member"). */
  setMember(chatId: number, userId: number, status: MemberStatus): void {
    this.#members.set(`${chatId}:${userId}`, status);
  }

  /**
   * Injects a message from an anonymous group administrator: sent on behalf of the group
   * (`sender_chat` is the chat), from GroupAnonymousBot, as Telegram does.
   */
  sendAsAnonymousAdmin(chat: ChatSpec, text: string): Json {
    const message = this.message(chat, { id: GROUP_ANONYMOUS_BOT }, text);
    message.from = {
      id: GROUP_ANONYMOUS_BOT,
      is_bot: true,
      first_name: "Group",
      username: "GroupAnonymousBot",
    };
    message.sender_chat = { id: chat.id, type: chat.type, title: chat.title ?? "Group" };
    return this.inject({ message });
  }

  /** Injects `my_chat_member`: the bot's own status in a chat changed (added, kicked, …). */
  botStatus(chat: ChatSpec, status: MemberStatus, old: MemberStatus = "member"): Json {
    const bot = {
      id: this.botId,
      is_bot: true,
      first_name: "Summit Brief",
      username: this.username,
    };
    const member = (s: MemberStatus) =>
      s === "restricted"
        ? { user: bot, status: s, is_member: true, until_date: 0 }
        : { user: bot, status: s };
    return this.inject({
      my_chat_member: {
        chat: { ...chat, ...(chat.type === "private" ? { first_name: "Reader" } : {}) },
        from: { id: 1, is_bot: false, first_name: "Admin" },
        date: Math.floor(Date.now() / 1000),
        old_chat_member: member(old),
        new_chat_member: member(status),
      },
    });
  }

  /**
   * Upgrades a group to a supergroup as Telegram tells a bot: a service message in the old
   * group (`migrate_to_chat_id`), then one in the new supergroup (`migrate_from_chat_id`).
   */
  migrate(group: ChatSpec, supergroupId: number): void {
    const service = (chat: ChatSpec, field: Json) => ({
      message_id: this.#messageId(chat.id),
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { id: 1, is_bot: false, first_name: "Admin" },
      ...field,
    });
    this.inject({ message: service(group, { migrate_to_chat_id: supergroupId }) });
    this.inject({
      message: service(
        { id: supergroupId, type: "supergroup", title: group.title ?? "Group" },
        { migrate_from_chat_id: group.id },
      ),
    });
  }

  /** Injects a button press on a message the bot sent. */
  pressButton(message: Json, from: UserSpec, data: string): Json {
    return this.inject({
      callback_query: {
        id: String(this.#nextUpdateId * 7),
        from: { is_bot: false, first_name: "Reader", ...from },
        message,
        chat_instance: "42",
        data,
      },
    });
  }

  /** Injects an inline query (`@bot query` typed in any chat). */
  inlineQuery(from: UserSpec, query: string): Json {
    return this.inject({
      inline_query: {
        id: String(this.#nextUpdateId * 11),
        from: { is_bot: false, first_name: "Reader", ...from },
        query,
        offset: "",
      },
    });
  }

  /** Makes the next `times` calls of `method` take `ms` longer (e.g. to hold a reply in flight). */
  delay(method: string, ms: number, times = 1): void {
    this.#delays.push({ method, ms, times });
  }

  /**
   * Holds every call of `method` from now on, before it does anything, until `release`: a
   * request in flight for as long as a test needs, decided by the test and not by a clock.
   */
  hold(method: string): void {
    this.#holds.add(method);
  }

  /** Calls of `method` waiting at the door now. */
  held(method: string): number {
    return this.#held.filter((h) => h.method === method).length;
  }

  /**
   * Lets `count` held calls of `method` go on (the oldest first); without `count`, every one,
   * and later calls are no longer held. A released call does its work even if its client has
   * gone (the message is posted, as on a real server).
   */
  release(method: string, count = Number.POSITIVE_INFINITY): void {
    if (count === Number.POSITIVE_INFINITY) this.#holds.delete(method);
    const going = this.#held.filter((h) => h.method === method).slice(0, count);
    this.#held = this.#held.filter((h) => !going.includes(h));
    for (const h of going) h.go();
  }

  /**
   * Makes the next `times` calls of `method` do their work (a message is posted) and then drop
   * the connection without answering: the client sees a reset after its request was written.
   */
  hangUp(method: string, times = 1): void {
    this.#hangUps.push({ method, times });
  }

  /** Makes the next `times` calls of `method` drop the connection at once, doing nothing. */
  refuse(method: string, times = 1): void {
    this.#refusals.push({ method, times });
  }

  /** Makes the next `times` calls of `method` (matching `when`, if given) fail with `error`. */
  fail(method: string, error: ApiError, times = 1, when?: (params: Json) => boolean): void {
    this.#scripted.push({ method, error, times, ...(when ? { when } : {}) });
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Resolves with the first call (already made or future) that matches, once answered; with
   * `received`, as soon as it arrives (for long polls).
   */
  waitForCall(
    method: string,
    test: (params: Json) => boolean = () => true,
    { received = false }: { received?: boolean } = {},
  ) {
    const match = (c: Call) =>
      c.method === method && (received || c.ok !== undefined) && test(c.params);
    const done = this.calls.find(match);
    if (done) return Promise.resolve(done);
    return new Promise<Call>((resolve, reject) => {
      const waiter = { test: match, resolve };
      this.#callWaiters.push(waiter);
      setTimeout(() => {
        this.#callWaiters = this.#callWaiters.filter((w) => w !== waiter);
        reject(new Error(`no ${method} call matched`));
      }, WAIT_LIMIT_MS).unref();
    });
  }

  /** Successful sendMessage texts to a chat, parsed as Telegram would show them. */
  sentTo(chatId: number): (ParsedHtml & { html: string; params: Json })[] {
    return this.calls
      .filter((c) => c.method === "sendMessage" && Number(c.params.chat_id) === chatId && c.ok)
      .map((c) => ({ ...parse(c.params), html: c.params.text, params: c.params }));
  }

  /** Successful sendPhoto calls to a chat: the photo's file id and size, the caption as shown. */
  photosTo(chatId: number): (ParsedHtml & { photo: StoredPhoto; params: Json })[] {
    return this.calls
      .filter((c) => c.method === "sendPhoto" && Number(c.params.chat_id) === chatId && c.ok)
      .map((c) => {
        const sizes = c.result.photo as Json[];
        const best = sizes[sizes.length - 1];
        return {
          text: c.result.caption ?? "",
          entities: c.result.caption_entities ?? [],
          photo: this.photos.get(best.file_id) as StoredPhoto,
          params: c.params,
        };
      });
  }

  // ---- The API ----------------------------------------------------------------------------

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const reply = (status: number, body: Json) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (!m) return void reply(404, { ok: false, error_code: 404, description: "Not Found" });
    if (m[1] !== this.token)
      return void reply(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = m[2] as string;
    const refusal = this.#refusals.find((r) => r.method === method && r.times > 0);
    if (refusal) {
      refusal.times--;
      return void req.socket.destroy();
    }
    let params: Json;
    try {
      params = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
    } catch {
      return void reply(400, { ok: false, error_code: 400, description: "Bad Request: bad body" });
    }
    const call: Call = { method, params, at: performance.now() };
    if (!wellFormedJson(params)) {
      // Telegram reads UTF-8: a lone surrogate (half an emoji) cannot be encoded in it.
      this.calls.push({ ...call, ok: false });
      return void reply(400, {
        ok: false,
        error_code: 400,
        description: "Bad Request: strings must be encoded in UTF-8",
      });
    }
    this.calls.push(call);
    this.#notify(call);
    try {
      const result = await this.#call(method, params);
      call.result = result;
      call.ok = true;
      const hangUp = this.#hangUps.find((h) => h.method === method && h.times > 0);
      if (hangUp) {
        hangUp.times--;
        req.socket.destroy();
      } else reply(200, { ok: true, result });
    } catch (error) {
      const e =
        error instanceof ApiFailure
          ? error.error
          : { error_code: 500, description: `Internal Server Error: ${String(error)}` };
      call.ok = false;
      reply(e.error_code, { ok: false, ...e });
    }
    this.#notify(call);
  }

  #notify(call: Call): void {
    for (const w of this.#callWaiters.filter((w) => w.test(call))) {
      this.#callWaiters = this.#callWaiters.filter((x) => x !== w);
      w.resolve(call);
    }
  }

  async #call(method: string, p: Json): Promise<Json> {
    const scripted = this.#scripted.find(
      (s) => s.method === method && s.times > 0 && (!s.when || s.when(p)),
    );
    if (scripted) {
      scripted.times--;
      throw new ApiFailure(scripted.error);
    }
    if (this.#holds.has(method)) await new Promise<void>((go) => this.#held.push({ method, go }));
    if (this.#options.latencyMs && method !== "getUpdates")
      await new Promise((resolve) => setTimeout(resolve, this.#options.latencyMs));
    const delay = this.#delays.find((d) => d.method === method && d.times > 0);
    if (delay) {
      delay.times--;
      await new Promise((resolve) => setTimeout(resolve, delay.ms));
    }
    if (SENDING.has(method)) this.#throttle(String(p.chat_id));
    switch (method) {
      case "getMe":
        return {
          id: this.botId,
          is_bot: true,
          first_name: "Summit Brief",
          username: this.username,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: true,
        };
      case "getUpdates":
        return this.#getUpdates(p);
      case "sendMessage":
        return this.#sendMessage(p);
      case "sendPhoto":
        return this.#sendPhoto(p);
      case "editMessageText":
        return this.#editMessageText(p);
      case "setMyCommands":
        for (const c of p.commands ?? [])
          if (!/^[a-z0-9_]{1,32}$/.test(c.command) || !(c.description?.length <= 256))
            throw bad("Bad Request: BOT_COMMAND_INVALID");
        this.commands.set(commandKey(p), p.commands);
        return true;
      case "getMyCommands":
        return this.commands.get(commandKey(p)) ?? [];
      case "answerCallbackQuery":
        if (!p.callback_query_id) throw bad("Bad Request: query is too old");
        return true;
      case "answerInlineQuery":
        return this.#answerInlineQuery(p);
      case "getChatMember":
        return chatMember(
          this.#members.get(`${Number(p.chat_id)}:${Number(p.user_id)}`) ?? "member",
          Number(p.user_id),
        );
      case "getChat":
        return { id: Number(p.chat_id), type: Number(p.chat_id) < 0 ? "supergroup" : "private" };
      case "deleteWebhook":
        this.webhook = undefined;
        return true;
      case "setWebhook":
        this.webhook = { url: p.url, ...(p.secret_token ? { secret: p.secret_token } : {}) };
        return true;
      case "getWebhookInfo":
        return { url: this.webhook?.url ?? "", pending_update_count: this.#updates.length };
      default:
        throw new ApiFailure({ error_code: 404, description: "Not Found: method not found" });
    }
  }

  async #getUpdates(p: Json): Promise<Json[]> {
    if (this.webhook)
      throw new ApiFailure({
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    const offset = Number(p.offset ?? 0);
    if (offset > 0) {
      this.confirmedOffset = Math.max(this.confirmedOffset, offset);
      this.#updates = this.#updates.filter((u) => u.update_id >= offset);
    }
    const limit = Math.min(Math.max(Number(p.limit ?? 100), 1), 100);
    const timeoutMs = Number(p.timeout ?? 0) * 1000;
    if (this.#updates.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.#wakers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.#updates.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  #sendMessage(p: Json): Json {
    checkText(p);
    checkKeyboard(p.reply_markup);
    const chatId = Number(p.chat_id);
    const message = {
      message_id: this.#messageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId < 0 ? "supergroup" : "private" },
      from: { id: this.botId, is_bot: true, first_name: "Summit Brief", username: this.username },
      ...parse(p),
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
    };
    this.#messages.set(`${chatId}/${message.message_id}`, message);
    return message;
  }

  #sendPhoto(p: Json): Json {
    const caption = parse({ text: p.caption ?? "", parse_mode: p.parse_mode });
    if (caption.text.length > PHOTO_LIMITS.caption)
      throw bad("Bad Request: message caption is too long");
    checkKeyboard(p.reply_markup);
    const photo = this.#photo(p.photo, "sendPhoto");
    const chatId = Number(p.chat_id);
    const message = {
      message_id: this.#messageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId < 0 ? "supergroup" : "private" },
      from: { id: this.botId, is_bot: true, first_name: "Summit Brief", username: this.username },
      photo: [
        {
          file_id: photo.fileId,
          file_unique_id: `u${photo.fileId}`,
          width: photo.width,
          height: photo.height,
          file_size: photo.size,
        },
      ],
      ...(caption.text ? { caption: caption.text } : {}),
      ...(caption.entities.length ? { caption_entities: caption.entities } : {}),
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
    };
    this.#messages.set(`${chatId}/${message.message_id}`, message);
    return message;
  }

  /** A photo parameter: an upload (checked, stored, given a file id) or a known file id. */
  #photo(value: Json, method: string): StoredPhoto {
    if (typeof value === "string") {
      const known = this.photos.get(value);
      if (!known) throw bad("Bad Request: wrong file identifier/HTTP URL specified");
      return known;
    }
    const upload = value as Upload | undefined;
    if (!upload?.data) throw bad("Bad Request: there is no photo in the request");
    const size = imageSize(upload.data);
    if (!size) throw bad("Bad Request: IMAGE_PROCESS_FAILED");
    if (upload.data.length > PHOTO_LIMITS.bytes) throw bad("Bad Request: PHOTO_INVALID_DIMENSIONS");
    const { width, height } = size;
    if (
      width + height > PHOTO_LIMITS.sides ||
      Math.max(width, height) / Math.min(width, height) > PHOTO_LIMITS.ratio
    )
      throw bad("Bad Request: PHOTO_INVALID_DIMENSIONS");
    const photo = {
      fileId: `AgAC${this.photos.size + 1}-fake-photo`,
      width,
      height,
      size: upload.data.length,
    };
    this.photos.set(photo.fileId, photo);
    this.uploads.push({ ...upload, method, fileId: photo.fileId });
    return photo;
  }

  #editMessageText(p: Json): Json {
    checkText(p);
    checkKeyboard(p.reply_markup);
    const key = `${Number(p.chat_id)}/${Number(p.message_id)}`;
    const old = this.#messages.get(key);
    if (!old) throw bad("Bad Request: message to edit not found");
    const edited = { ...old, ...parse(p), edit_date: Math.floor(Date.now() / 1000) };
    if (p.reply_markup) edited.reply_markup = p.reply_markup;
    else delete edited.reply_markup;
    this.#messages.set(key, edited);
    return edited;
  }

  #answerInlineQuery(p: Json): boolean {
    const results: Json[] = p.results ?? [];
    if (results.length > 50) throw bad("Bad Request: RESULTS_TOO_MUCH");
    const ids = new Set<string>();
    for (const r of results) {
      const bytes = Buffer.byteLength(String(r.id ?? ""));
      if (bytes < 1 || bytes > 64) throw bad("Bad Request: RESULT_ID_INVALID");
      if (ids.has(r.id)) throw bad("Bad Request: RESULT_ID_DUPLICATE");
      ids.add(r.id);
      if (r.type === "photo") {
        if (r.photo_file_id === undefined)
          throw bad("Bad Request: PHOTO_URL_INVALID (this fake takes cached photos only)");
        if (!this.photos.has(r.photo_file_id))
          throw bad("Bad Request: wrong file identifier/HTTP URL specified");
        const caption = parse({ text: r.caption ?? "", parse_mode: r.parse_mode });
        if (caption.text.length > PHOTO_LIMITS.caption)
          throw bad("Bad Request: message caption is too long");
        checkKeyboard(r.reply_markup);
        continue;
      }
      if (!r.title) throw bad("Bad Request: RESULT_TITLE_EMPTY");
      const content = r.input_message_content;
      if (!content?.message_text) throw bad("Bad Request: MESSAGE_EMPTY");
      checkText({ text: content.message_text, parse_mode: content.parse_mode });
      checkKeyboard(r.reply_markup);
    }
    return true;
  }

  #throttle(chat: string): void {
    const limits = this.#options.rateLimit;
    if (!limits) return;
    const now = Date.now();
    const check = (key: string, w: Window | undefined) => {
      if (!w) return;
      const times = (this.#sent.get(key) ?? []).filter((t) => t > now - w.windowMs);
      this.#sent.set(key, times);
      if (times.length >= w.max) {
        const wait = Math.max(1, Math.ceil(((times[0] as number) + w.windowMs - now) / 1000));
        throw new ApiFailure({
          error_code: 429,
          description: `Too Many Requests: retry after ${wait}`,
          parameters: { retry_after: wait },
        });
      }
    };
    check(`chat:${chat}`, limits.perChat);
    check("global", limits.global);
    this.#sent.get(`chat:${chat}`)?.push(now) ?? this.#sent.set(`chat:${chat}`, [now]);
    this.#sent.get("global")?.push(now) ?? this.#sent.set("global", [now]);
  }

  #messageId(chat: number | string): number {
    const next = (this.#nextMessageId.get(chat) ?? 0) + 1;
    this.#nextMessageId.set(chat, next);
    return next;
  }
}

/** A ChatMember object with the fields its status requires. */
function chatMember(status: string, userId: number): Json {
  const user = { id: userId, is_bot: false, first_name: "R" };
  switch (status) {
    case "creator":
      return { status, user, is_anonymous: false };
    case "administrator":
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: false,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
      };
    case "restricted":
      return { status, user, is_member: true, until_date: 0 };
    case "kicked":
      return { status, user, until_date: 0 };
    default:
      return { status, user };
  }
}

function commandKey(p: Json): string {
  return `${JSON.stringify(p.scope ?? { type: "default" })}|${p.language_code ?? ""}`;
}

function parse(p: Json): ParsedHtml {
  const text = String(p.text ?? "");
  if (p.parse_mode === "HTML") {
    try {
      return parseTelegramHtml(text);
    } catch (error) {
      if (error instanceof HtmlParseError)
        throw bad(`Bad Request: can't parse entities: ${error.message}`);
      throw error;
    }
  }
  if (p.parse_mode) throw bad(`Bad Request: unsupported parse_mode "${p.parse_mode}" in this fake`);
  return { text, entities: p.entities ?? [] };
}

function checkText(p: Json): void {
  const { text } = parse(p);
  if (text.trim().length === 0) throw bad("Bad Request: message text is empty");
  if (text.length > 4096) throw bad("Bad Request: message is too long");
}

function checkKeyboard(markup: Json): void {
  for (const row of markup?.inline_keyboard ?? [])
    for (const button of row) {
      if (!button.text) throw bad("Bad Request: BUTTON_TEXT_EMPTY");
      if (button.callback_data !== undefined) {
        const bytes = Buffer.byteLength(String(button.callback_data));
        if (bytes < 1 || bytes > 64) throw bad("Bad Request: BUTTON_DATA_INVALID");
      }
    }
}

/** Form and multipart bodies carry objects (reply_markup, commands) as JSON strings. */
function formValue(v: string): Json {
  try {
    return /^[[{]/.test(v) ? JSON.parse(v) : v;
  } catch {
    return v;
  }
}

async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const raw = body.toString("utf8");
  if (!raw) return {};
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) return JSON.parse(raw);
  if (type.includes("application/x-www-form-urlencoded")) {
    const out: Json = {};
    for (const [k, v] of new URLSearchParams(raw)) out[k] = formValue(v);
    return out;
  }
  if (type.includes("multipart/form-data")) {
    // Files travel as parts named by an "attach://<name>" value of a field (grammY's way).
    const parts = parseMultipart(body, type);
    const files = new Map(parts.filter((p) => p.filename !== undefined).map((p) => [p.name, p]));
    const out: Json = {};
    for (const part of parts.filter((p) => p.filename === undefined)) {
      const value = part.data.toString("utf8");
      const attached = /^attach:\/\/(.+)$/.exec(value);
      const file = attached ? files.get(attached[1] as string) : undefined;
      out[part.name] = file
        ? ({ filename: file.filename ?? "", data: file.data } satisfies Upload)
        : formValue(value);
    }
    return out;
  }
  throw new Error(`unsupported content-type ${type}`);
}
