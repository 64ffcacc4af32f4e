/**
 * Telegram throughput: updates per second the bot handles against the local fake Bot API,
 * and time from update to reply (median, p99), beside bare grammy bots that answer a constant
 * string, all measured in this run. `npx tsx bench/telegram-throughput.ts [updates]`
 */
import { cpus } from "node:os";
import { run } from "@grammyjs/runner";
import { Bot } from "grammy";
import { createTelegramService } from "../src/adapters/telegram/service.ts";
import { Metrics } from "../src/ops/metrics.ts";
import { prepare } from "../src/startup.ts";
import { FakeTelegram } from "../test/fakes/telegram/server.ts";

const BURST = Number(process.argv[2] ?? 2_000);
const SEQUENTIAL = 200;
const TEXTS = ["/quote Loukachenko", "/summary", "/members", "/quote tokaiev"];

interface Subject {
  readonly name: string;
  start(fake: FakeTelegram): Promise<() => Promise<void>>;
}

const subjects: Subject[] = [
  {
    name: "bare grammy, bot.start()",
    async start(fake) {
      const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
      bot.on("message", (ctx) => ctx.reply("ok"));
      await bot.init();
      void bot.start();
      return () => bot.stop();
    },
  },
  {
    name: "bare grammy, runner",
    async start(fake) {
      const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
      bot.on("message", (ctx) => ctx.reply("ok"));
      await bot.init();
      const runner = run(bot);
      return async () => void (await runner.stop());
    },
  },
  {
    name: "Summit Brief (runner)",
    async start(fake) {
      const app = prepare(
        { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: "silent" },
        { dotenv: false },
      );
      const service = createTelegramService(app, new Metrics());
      await service.start();
      return () => service.stop();
    },
  },
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** Injects updates (one chat each) and returns per-update latency (ms) and the elapsed time. */
async function measure(fake: FakeTelegram, count: number, firstChat: number, burst: boolean) {
  const sentAt = new Map<number, number>();
  let scanned = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const chat = firstChat + i;
    sentAt.set(chat, performance.now());
    fake.sendText(
      { id: chat, type: "private" },
      { id: chat, language_code: i % 2 ? "fr" : "en" },
      TEXTS[i % TEXTS.length] as string,
    );
    if (!burst) await fake.waitForCall("sendMessage", (p) => Number(p.chat_id) === chat);
  }
  const deadline = Date.now() + 120_000;
  const first = new Map<number, number>();
  while (first.size < count && Date.now() < deadline) {
    // Calls are recorded on arrival; scan only the new ones, and only answered ones.
    while (scanned < fake.calls.length) {
      const c = fake.calls[scanned] as (typeof fake.calls)[number];
      if (c.ok === undefined && c.method !== "getUpdates") break;
      scanned++;
      const chat = Number(c.params.chat_id);
      if (c.method === "sendMessage" && c.ok && sentAt.has(chat) && !first.has(chat))
        first.set(chat, c.at);
    }
    if (first.size < count) await new Promise((r) => setTimeout(r, 5));
  }
  const elapsed = Math.max(...first.values()) - started;
  const latencies = [...first]
    .map(([chat, at]) => at - (sentAt.get(chat) as number))
    .sort((a, b) => a - b);
  return { elapsed, latencies, handled: first.size };
}

async function table(latencyMs: number, burstCount: number, sequential: number): Promise<string> {
  const rows: string[][] = [];
  for (const subject of subjects) {
    const fake = await new FakeTelegram({ latencyMs }).start();
    const stop = await subject.start(fake);
    await measure(fake, 50, 1, true); // warm-up
    const seq = await measure(fake, sequential, 10_000, false);
    const burst = await measure(fake, burstCount, 100_000, true);
    await stop();
    await fake.stop();
    rows.push([
      subject.name,
      `${burst.handled}/${burstCount}`,
      (burst.handled / (burst.elapsed / 1000)).toFixed(0),
      percentile(burst.latencies, 50).toFixed(1),
      percentile(burst.latencies, 99).toFixed(1),
      percentile(seq.latencies, 50).toFixed(2),
      percentile(seq.latencies, 99).toFixed(2),
    ]);
  }
  const header = [
    "bot",
    "handled",
    "updates/s (burst)",
    "burst p50 ms",
    "burst p99 ms",
    "one-by-one p50 ms",
    "one-by-one p99 ms",
  ];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join("  ");
  return `API answer delay ${latencyMs} ms: ${burstCount} updates in one burst (each in its own chat), ${sequential} one by one\n${line(header)}\n${line(widths.map((w) => "-".repeat(w)))}\n${rows.map(line).join("\n")}\n`;
}

process.stdout.write(
  `Telegram throughput on the local fake Bot API — node ${process.version}, ${cpus().length} CPUs\n\n`,
);
process.stdout.write(`${await table(0, BURST, SEQUENTIAL)}\n`);
process.stdout.write(await table(50, 200, 20));
