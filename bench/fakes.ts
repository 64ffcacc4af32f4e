/**
 * Fake platform servers for the fan-out benchmarks (bench/fanout.ts, bench/replicas.ts): a
 * Bot API `sendMessage` and a Discord `POST /channels/:id/messages` that ENFORCE the platforms'
 * limits, scaled: Telegram 30 msg/s overall and 20 msg/min per group; Discord 50 req/s. Over a
 * limit they answer 429 with retry_after, as the platforms do. They count every accepted post
 * per target (duplicates) and per sender (the bot token's id, or the `x-sender` header), with
 * the wall-clock time of each sender's first post (failover times across processes).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Reply } from "../src/core/reply.ts";
import type { PlatformName, ReplySender, SendResult } from "../src/platform.ts";

export interface Limits {
  readonly telegramPerSecond: number;
  readonly telegramGroupPerMinute: number;
  readonly discordPerSecond: number;
}

/** The platforms' limits, multiplied by `scale`. */
export const limits = (scale: number): Limits => ({
  telegramPerSecond: 30 * scale,
  telegramGroupPerMinute: 20 * scale,
  discordPerSecond: 50 * scale,
});

/** Counts events in a sliding window; `admit` refuses past `max` and says when to retry. */
class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}
  admit(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    while (
      this.head < this.times.length &&
      (this.times[this.head] as number) <= now - this.windowMs
    )
      this.head++;
    if (this.times.length - this.head >= this.max)
      return { ok: false, retryAfterMs: (this.times[this.head] as number) + this.windowMs - now };
    this.times.push(now);
    return { ok: true };
  }
}

export interface FakeStats {
  readonly delivered: Map<string, number>;
  rejected429: number;
  /** Each sender's first accepted post (Date.now(), comparable across processes). */
  readonly firstBy: Map<string, number>;
  /** Accepted posts per sender. */
  readonly postsBy: Map<string, number>;
  /** The last accepted post (Date.now()). */
  lastAt: number;
}

export const newStats = (): FakeStats => ({
  delivered: new Map(),
  rejected429: 0,
  firstBy: new Map(),
  postsBy: new Map(),
  lastAt: 0,
});

/** What a fake reports: targets reached, duplicates, 429s, and the senders' first posts. */
export interface Counts {
  readonly delivered: number;
  readonly duplicates: number;
  readonly rejected429: number;
  readonly firstBy: Record<string, number>;
  readonly postsBy: Record<string, number>;
  readonly lastAt: number;
}

export const summary = (s: FakeStats): Counts => ({
  delivered: s.delivered.size,
  duplicates: [...s.delivered.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
  rejected429: s.rejected429,
  firstBy: Object.fromEntries(s.firstBy),
  postsBy: Object.fromEntries(s.postsBy),
  lastAt: s.lastAt,
});

function accept(stats: FakeStats, target: string, sender: string): void {
  stats.delivered.set(target, (stats.delivered.get(target) ?? 0) + 1);
  const now = Date.now();
  if (!stats.firstBy.has(sender)) stats.firstBy.set(sender, now);
  stats.postsBy.set(sender, (stats.postsBy.get(sender) ?? 0) + 1);
  stats.lastAt = now;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => resolve(body));
  });

/** A fake Bot API: POST /bot<token>/sendMessage, 30/s overall and 20/min per group (scaled). */
export function fakeTelegram(stats: FakeStats, lim: Limits): Server {
  const global = new SlidingWindow(lim.telegramPerSecond, 1000);
  const groups = new Map<string, SlidingWindow>();
  return createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as { chat_id: string };
    const sender = /^\/bot(\d+):/.exec(req.url ?? "")?.[1] ?? "?";
    const chat = String(body.chat_id);
    const now = performance.now();
    let verdict = global.admit(now);
    if (verdict.ok && chat.startsWith("-")) {
      let w = groups.get(chat);
      if (!w) {
        w = new SlidingWindow(lim.telegramGroupPerMinute, 60_000);
        groups.set(chat, w);
      }
      verdict = w.admit(now);
    }
    res.setHeader("content-type", "application/json");
    if (!verdict.ok) {
      stats.rejected429++;
      res.statusCode = 429;
      // Telegram gives whole seconds; scaled like the limits.
      const retryAfter = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      res.end(
        JSON.stringify({
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${retryAfter}`,
          parameters: { retry_after: retryAfter },
        }),
      );
      return;
    }
    accept(stats, chat, sender);
    res.end(
      JSON.stringify({
        ok: true,
        result: { message_id: stats.delivered.size, date: 0, chat: { id: chat } },
      }),
    );
  });
}

/** A fake Discord REST: POST /channels/:id/messages, 50 req/s global (scaled). */
export function fakeDiscord(stats: FakeStats, lim: Limits): Server {
  const global = new SlidingWindow(lim.discordPerSecond, 1000);
  return createServer(async (req, res) => {
    await readBody(req);
    const channel = /\/channels\/([^/]+)\/messages/.exec(req.url ?? "")?.[1] ?? "?";
    const verdict = global.admit(performance.now());
    res.setHeader("content-type", "application/json");
    if (!verdict.ok) {
      stats.rejected429++;
      res.statusCode = 429;
      res.end(
        JSON.stringify({
          message: "You are being rate limited.",
          retry_after: verdict.retryAfterMs / 1000,
          global: true,
        }),
      );
      return;
    }
    accept(stats, channel, String(req.headers["x-sender"] ?? "?"));
    res.end(JSON.stringify({ id: String(stats.delivered.size) }));
  });
}

/**
 * A minimal HTTP ReplySender for the fake Discord (the Telegram side uses the adapter's real
 * sender): one POST per digest, 429s reported with their retry_after. `sender` names the
 * process in the fake's counts.
 */
export function httpSender(
  platform: PlatformName,
  base: string,
  sender = "1",
): ReplySender & { received429: number } {
  const out = {
    platform,
    received429: 0,
    async send(target: string, reply: Reply): Promise<SendResult> {
      const url =
        platform === "telegram"
          ? `${base}/bot${sender}:x/sendMessage`
          : `${base}/channels/${target}/messages`;
      const body =
        platform === "telegram" ? { chat_id: target, text: reply.title } : { content: reply.title };
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-sender": sender },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as {
          parameters?: { retry_after?: number };
          retry_after?: number;
          id?: string;
        };
        if (res.status === 429) {
          out.received429++;
          const seconds = json.parameters?.retry_after ?? json.retry_after ?? 1;
          return {
            ok: false,
            permanent: false,
            reason: "429 Too Many Requests",
            retryAfterMs: seconds * 1000,
          };
        }
        if (!res.ok)
          return { ok: false, permanent: res.status === 403, reason: `HTTP ${res.status}` };
        return { ok: true, messageId: json.id };
      } catch (error) {
        return { ok: false, permanent: false, reason: String(error) };
      }
    },
  };
  return out;
}

export const listen = (server: Server) => {
  // Idle connections stay open (as the platforms' do): a client reusing one that the server
  // just closed would see a reset, an uncertain post the real platform would not cause.
  server.keepAliveTimeout = 120_000;
  return new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
};

/**
 * The child process that runs both fakes (`--serve <scale>`): sends their URLs, then answers
 * each "report" with both fakes' counts, "reset" by forgetting them, "exit" by exiting.
 * Remote servers in their own process: their clock of arrivals is not delayed by ours.
 */
export async function serveFakes(scale: number): Promise<void> {
  const lim = limits(scale);
  const tg = newStats();
  const dc = newStats();
  const [tgBase, dcBase] = await Promise.all([
    listen(fakeTelegram(tg, lim)),
    listen(fakeDiscord(dc, lim)),
  ]);
  // The servers hold the objects they were given: reset by clearing them in place.
  const reset = () => {
    for (const s of [tg, dc]) {
      s.delivered.clear();
      s.firstBy.clear();
      s.postsBy.clear();
      s.rejected429 = 0;
      s.lastAt = 0;
    }
  };
  process.send?.({ tgBase, dcBase });
  process.on("message", (m) => {
    if (m === "reset") {
      reset();
      process.send?.("reset");
    } else if (m === "exit") process.exit(0);
    else process.send?.({ telegram: summary(tg), discord: summary(dc) });
  });
}
