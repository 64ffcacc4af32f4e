/**
 * Fan-out benchmark: `npx tsx bench/fanout.ts [--scale 20] [--telegram 10000] [--discord 1000]`.
 *
 * Posts one digest slot to N Telegram chats (half groups, half private) and M Discord channels
 * through the real DigestService (ledger claims, p-queue pacing, retries) — Telegram through
 * the adapter's real sender (grammy Api, the rendered HTML digest, no auto-retry), Discord
 * through a minimal HTTP sender — against fake platform servers on 127.0.0.1 that ENFORCE the
 * limits, scaled by `--scale`:
 * Telegram 30 msg/s overall and 20 msg/min per group; Discord 50 req/s. Over a limit they
 * answer 429 with retry_after, as the platforms do. Prints delivered, duplicates, 429s, wall
 * time and the floor the limits set (targets ÷ allowed rate).
 */
import { fork } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createSender, digestApi, TELEGRAM_PACING } from "../src/adapters/telegram/sender.ts";
import { StoryLibrary } from "../src/core/library.ts";
import type { Reply } from "../src/core/reply.ts";
import { ManualClock } from "../src/digest/clock.ts";
import { scalePacing } from "../src/digest/pacing.ts";
import { DigestService } from "../src/digest/service.ts";
import { createLogger } from "../src/log.ts";
import { Metrics } from "../src/ops/metrics.ts";
import type { PlatformName, ReplySender, SendResult } from "../src/platform.ts";
import { openDatabase } from "../src/storage/database.ts";
import { SqliteDigestStore } from "../src/storage/digest-store.ts";
import { SubscriptionRepository } from "../src/storage/subscriptions.ts";

const { values } = parseArgs({
  options: {
    serve: { type: "boolean", default: false },
    scale: { type: "string", default: "20" },
    telegram: { type: "string", default: "10000" },
    discord: { type: "string", default: "1000" },
  },
});
const SCALE = Number(values.scale);
const TELEGRAM_TARGETS = Number(values.telegram);
const DISCORD_TARGETS = Number(values.discord);
const LIMITS = {
  telegramPerSecond: 30 * SCALE,
  telegramGroupPerMinute: 20 * SCALE,
  discordPerSecond: 50 * SCALE,
};

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

interface FakeStats {
  delivered: Map<string, number>;
  rejected429: number;
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
function fakeTelegram(stats: FakeStats): Server {
  const global = new SlidingWindow(LIMITS.telegramPerSecond, 1000);
  const groups = new Map<string, SlidingWindow>();
  return createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as { chat_id: string };
    const chat = String(body.chat_id);
    const now = performance.now();
    let verdict = global.admit(now);
    if (verdict.ok && chat.startsWith("-")) {
      let w = groups.get(chat);
      if (!w) {
        w = new SlidingWindow(LIMITS.telegramGroupPerMinute, 60_000);
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
    stats.delivered.set(chat, (stats.delivered.get(chat) ?? 0) + 1);
    res.end(
      JSON.stringify({
        ok: true,
        result: { message_id: stats.delivered.size, date: 0, chat: { id: chat } },
      }),
    );
  });
}

/** A fake Discord REST: POST /channels/:id/messages, 50 req/s global (scaled). */
function fakeDiscord(stats: FakeStats): Server {
  const global = new SlidingWindow(LIMITS.discordPerSecond, 1000);
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
    stats.delivered.set(channel, (stats.delivered.get(channel) ?? 0) + 1);
    res.end(JSON.stringify({ id: String(stats.delivered.size) }));
  });
}

/** A minimal HTTP ReplySender for the fake Discord (the Telegram side uses the adapter's). */
function httpSender(platform: PlatformName, base: string): ReplySender & { received429: number } {
  const sender = {
    platform,
    received429: 0,
    async send(target: string, reply: Reply): Promise<SendResult> {
      const url =
        platform === "telegram"
          ? `${base}/bot1:x/sendMessage`
          : `${base}/channels/${target}/messages`;
      const body =
        platform === "telegram" ? { chat_id: target, text: reply.title } : { content: reply.title };
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as {
          parameters?: { retry_after?: number };
          retry_after?: number;
          id?: string;
        };
        if (res.status === 429) {
          sender.received429++;
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
  return sender;
}

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

/** Child process: runs both fakes, reports their URLs, then their counts when asked. */
async function serve(): Promise<void> {
  const tgStats: FakeStats = { delivered: new Map(), rejected429: 0 };
  const dcStats: FakeStats = { delivered: new Map(), rejected429: 0 };
  const [tgBase, dcBase] = await Promise.all([
    listen(fakeTelegram(tgStats)),
    listen(fakeDiscord(dcStats)),
  ]);
  process.send?.({ tgBase, dcBase });
  process.on("message", () => {
    const summary = (s: FakeStats) => ({
      delivered: s.delivered.size,
      duplicates: [...s.delivered.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
      rejected429: s.rejected429,
    });
    process.send?.({ telegram: summary(tgStats), discord: summary(dcStats) }, () =>
      process.exit(0),
    );
  });
}

interface Counts {
  delivered: number;
  duplicates: number;
  rejected429: number;
}

async function main(): Promise<void> {
  // The fakes run in their own process, as remote servers would: their clock of arrivals is
  // not delayed by our own event loop.
  const child = fork(new URL(import.meta.url).pathname, ["--serve"], { stdio: "inherit" });
  const { tgBase, dcBase } = await new Promise<{ tgBase: string; dcBase: string }>((r) =>
    child.once("message", (m) => r(m as { tgBase: string; dcBase: string })),
  );
  const story = StoryLibrary.fromDir("data").default;
  const path = join(mkdtempSync(join(tmpdir(), "summit-bench-")), "fanout.sqlite");
  const clock = new ManualClock("2026-03-02T06:00:00Z");
  const metrics = new Metrics();
  // Any token: the benchmark's fake does not check it.
  const telegram = createSender(digestApi("1:bench-token", tgBase, metrics));
  const discord = httpSender("discord", dcBase);
  const db = openDatabase(path);
  const service = new DigestService({
    store: new SqliteDigestStore(db),
    story: () => story,
    settings: {
      timezone: "Europe/Paris",
      locale: "en",
      operatorCron: "0 8 * * *",
      defaultTime: "08:00",
      catchupMs: 0,
      discordChannels: [],
      telegramChats: [],
      minIntervalMs: 0,
      staleClaimMs: 600_000,
    },
    log: createLogger({ level: "warn", pretty: false }),
    clock,
    pacing: {
      telegram: scalePacing(TELEGRAM_PACING, SCALE),
      // The fake Discord has no discord.js queue in front of it: pace to its global limit.
      discord: { perSecond: LIMITS.discordPerSecond, maxConcurrent: 50 },
    },
    senders: [telegram, discord],
  });

  const subscriptions = new SubscriptionRepository(db);
  const insert = db.transaction(() => {
    for (let i = 0; i < TELEGRAM_TARGETS; i++) {
      const target = i % 2 === 0 ? `-100${1_000_000 + i}` : String(5_000_000 + i);
      subscriptions.upsert(
        {
          platform: "telegram",
          target,
          cron: "0 8 * * *",
          timezone: "Europe/Paris",
          locale: i % 3 ? "en" : "fr",
          source: "command",
        },
        clock.now(),
      );
    }
    for (let i = 0; i < DISCORD_TARGETS; i++)
      subscriptions.upsert(
        {
          platform: "discord",
          target: String(1_049_721_932_418_000_000n + BigInt(i)),
          cron: "0 8 * * *",
          timezone: "Europe/Paris",
          locale: "fr",
          source: "command",
        },
        clock.now(),
      );
  });
  insert();

  clock.set("2026-03-02T07:00:00Z");
  const slot = new Date("2026-03-02T07:00:00Z");
  const started = performance.now();
  const report = await service.deliverSlot({ cron: "0 8 * * *", timezone: "Europe/Paris" }, slot);
  const wallMs = performance.now() - started;
  // A second run of the same slot (a double fire, or a second process) must post nothing.
  const again = await service.deliverSlot({ cron: "0 8 * * *", timezone: "Europe/Paris" }, slot);

  const counts = await new Promise<{ telegram: Counts; discord: Counts }>((r) => {
    child.once("message", (m) => r(m as { telegram: Counts; discord: Counts }));
    child.send("report");
  });
  const tg = counts.telegram;
  const dc = counts.discord;
  const floorTelegram = TELEGRAM_TARGETS / LIMITS.telegramPerSecond;
  const floorDiscord = DISCORD_TARGETS / LIMITS.discordPerSecond;
  const floor = Math.max(floorTelegram, floorDiscord);
  const lines = [
    `fan-out benchmark — limits scaled ×${SCALE}: Telegram ${LIMITS.telegramPerSecond}/s global, ${LIMITS.telegramGroupPerMinute}/min per group; Discord ${LIMITS.discordPerSecond}/s`,
    `targets:        telegram ${TELEGRAM_TARGETS} (${Math.ceil(TELEGRAM_TARGETS / 2)} groups), discord ${DISCORD_TARGETS}`,
    `delivered:      telegram ${tg.delivered}/${TELEGRAM_TARGETS}, discord ${dc.delivered}/${DISCORD_TARGETS}`,
    `duplicates:     telegram ${tg.duplicates}, discord ${dc.duplicates} (second run of the slot posted ${again.count.sent})`,
    `429s:           telegram ${tg.rejected429} (sender counted ${await telegram429(metrics)}), discord ${dc.rejected429} (engine saw ${report.rateLimited} in all)`,
    `outcomes:       ${JSON.stringify(report.count)}`,
    `wall time:      ${(wallMs / 1000).toFixed(2)} s`,
    `floor (limits): ${floor.toFixed(2)} s (telegram ${floorTelegram.toFixed(2)} s, discord ${floorDiscord.toFixed(2)} s, in parallel)`,
    `over floor:     ${(((wallMs / 1000 - floor) / floor) * 100).toFixed(1)} % (goal ≤ 10 %)`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  await service.close(1000);
}

/** 429s the Telegram sender's client counted (`metrics.rateLimited`). */
async function telegram429(metrics: Metrics): Promise<number> {
  const values = (await metrics.rateLimited.get()).values;
  return values.find((v) => v.labels.platform === "telegram")?.value ?? 0;
}

if (process.argv.includes("--serve")) await serve();
else await main();
