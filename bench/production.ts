/**
 * (One file over 300 lines: a benchmark reads best top to bottom, setup, runs and report.)
 *
 * The production budgets of issue 12, measured on the local fakes: `node dist/main.js` beside
 * a bare grammY bot (bench/bare/grammy.mjs) and a bare discord.js bot (bench/bare/discord.mjs)
 * that send the very same reply. Each is a process of its own, run by node itself; the two of
 * a pair run one after the other (ours, bare, ours, bare…) and ratios are taken pair by pair.
 *
 *   npx tsx bench/production.ts [--rounds 5] [--api-latency-ms 0] [--only telegram|discord]
 *                               [--cpu-prof DIR]   (V8 CPU profiles, in DIR/ours and DIR/bare)
 *
 * Per round and bot: start-up to ready (spawn → the answer to an update queued before the
 * start / to the first interaction once the gateway is up), then, for Telegram, 30 chats × 20
 * updates — 30 chats at once, each sending its next update when the last is answered —
 * (update → reply p50/p99, updates/s), and the resident memory (VmRSS) after the load. Not a test: it prints numbers and judges them against the budgets.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { FakeDiscord } from "../test/fakes/discord.ts";
import { FakeTelegram } from "../test/fakes/telegram/server.ts";
import { ROOT } from "../test/support/paths.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg("--rounds", 5);
const API_LATENCY_MS = arg("--api-latency-ms", 0);
const option = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const CPU_PROF = option("--cpu-prof");
const ONLY = option("--only");
const CHATS = 30;
const PER_CHAT = 20;
const DISCORD_LOAD = 100;
const COMMAND = "/quote Loukachenko";

execFileSync(process.execPath, ["scripts/build.mjs", "--if-stale"], {
  cwd: ROOT,
  stdio: "inherit",
});
const scratch = mkdtempSync(join(tmpdir(), "summit-bench-"));

interface Running {
  readonly child: ChildProcess;
  readonly startedAt: number;
  readonly exited: Promise<number | null>;
}

function start(script: string, env: Record<string, string>): Running {
  const startedAt = performance.now();
  const profile = CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF}/${script.startsWith("dist/") ? "ours" : "bare"}`]
    : [];
  const child = spawn(process.execPath, [...profile, script], {
    cwd: ROOT,
    // Production settings: LOG_LEVEL info, logs to a pipe (read and thrown away).
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, startedAt, exited };
}

async function stop(running: Running): Promise<void> {
  running.child.kill("SIGTERM");
  const code = await running.exited;
  if (code !== 0) throw new Error(`${running.child.spawnargs.join(" ")} exited with ${code}`);
}

/** Resident memory now, in MiB, from the kernel's accounting of the process. */
function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

/** CPU time the process has used so far (user + system), in ms: steadier than wall time on a busy machine. */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  const limit = Date.now() + 60_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > limit) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

interface TelegramRun {
  startupMs: number;
  startupCpuMs: number;
  cpuPerUpdateMs: number;
  p50: number;
  p99: number;
  perSecond: number;
  rss: number;
}

/** Successful sendMessage calls to `chat`, in arrival order. */
const repliesTo = (fake: FakeTelegram, chat: number) =>
  fake.calls.filter((c) => c.method === "sendMessage" && c.ok && Number(c.params.chat_id) === chat);

let telegramReply = "";
let botCount = 0;

async function telegramRun(ours: boolean): Promise<TelegramRun> {
  const fake = await new FakeTelegram({ latencyMs: API_LATENCY_MS }).start();
  const reader = { id: 1, language_code: "en" };
  fake.sendText({ id: 1, type: "private" }, reader, COMMAND);
  const bot = start(ours ? "dist/main.js" : "bench/bare/grammy.mjs", {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    DATABASE_PATH: join(scratch, `telegram-${botCount++}.sqlite`),
    BENCH_REPLY: telegramReply,
  });
  const first = await until(() => repliesTo(fake, 1)[0], "the first reply");
  const startupMs = first.at - bot.startedAt;
  const startupCpuMs = cpuMs(bot.child.pid);
  if (ours) {
    // Everything but the chat: text, parse mode, link preview options and the buttons.
    const { chat_id: _chat, ...message } = first.params;
    telegramReply = JSON.stringify(message);
  }

  // Warm-up: one update in each chat.
  for (let c = 0; c < CHATS; c++)
    fake.sendText({ id: 100 + c, type: "private" }, { id: 100 + c, language_code: "en" }, COMMAND);
  await until(() => (repliesTo(fake, 100 + CHATS - 1).length > 0 ? true : undefined), "warm-up");
  for (let c = 0; c < CHATS; c++) await until(() => repliesTo(fake, 100 + c)[0], "warm-up");

  // The load: 30 chats at once, each sending its next update when the last one is answered.
  const latencies: number[] = [];
  const cpuBefore = cpuMs(bot.child.pid);
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CHATS }, async (_, c) => {
      const chat = 1_000 + c;
      for (let k = 1; k <= PER_CHAT; k++) {
        const sentAt = performance.now();
        let seen = 0;
        const reply = fake.waitForCall(
          "sendMessage",
          (p) => Number(p.chat_id) === chat && ++seen === k,
        );
        fake.sendText({ id: chat, type: "private" }, { id: chat, language_code: "en" }, COMMAND);
        latencies.push((await reply).at - sentAt);
      }
    }),
  );
  const last = performance.now();
  const cpuPerUpdateMs = (cpuMs(bot.child.pid) - cpuBefore) / (CHATS * PER_CHAT);
  latencies.sort((a, b) => a - b);
  const rss = rssMiB(bot.child.pid);
  await stop(bot);
  await fake.stop();
  return {
    startupMs,
    startupCpuMs,
    cpuPerUpdateMs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: (CHATS * PER_CHAT) / ((last - began) / 1000),
    rss,
  };
}
interface DiscordRun {
  startupMs: number;
  startupCpuMs: number;
  rss: number;
}
let discordReply = "";

async function discordRun(ours: boolean): Promise<DiscordRun> {
  const fake = await FakeDiscord.start();
  const bot = start(ours ? "dist/main.js" : "bench/bare/discord.mjs", {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_ROOT: fake.apiRoot,
    DATABASE_PATH: join(scratch, `discord-${botCount++}.sqlite`),
    BENCH_REPLY: discordReply,
  });
  await fake.waitForReady();
  const { id } = fake.chatInput("quote", { speaker: "Loukachenko" }, { locale: "en-US" });
  const first = await fake.waitForCallback(id);
  const startupMs = first.at - bot.startedAt;
  const startupCpuMs = cpuMs(bot.child.pid);
  if (ours) discordReply = JSON.stringify((first.body as { data: unknown }).data);
  const ids = Array.from(
    { length: DISCORD_LOAD },
    () => fake.chatInput("quote", { speaker: "Loukachenko" }, { locale: "en-US" }).id,
  );
  for (const each of ids) await fake.waitForCallback(each);
  const rss = rssMiB(bot.child.pid);
  await stop(bot);
  await fake.close();
  return { startupMs, startupCpuMs, rss };
}

const runs = {
  telegram: { ours: [] as TelegramRun[], bare: [] as TelegramRun[] },
  discord: { ours: [] as DiscordRun[], bare: [] as DiscordRun[] },
};
process.stdout.write(
  `Production budgets on the local fakes — node ${process.version}, ${cpus().length} CPUs, ${ROUNDS} rounds, API answer delay ${API_LATENCY_MS} ms\n`,
);
for (let round = 0; round < ROUNDS; round++) {
  if (ONLY !== "discord") {
    runs.telegram.ours.push(await telegramRun(true));
    runs.telegram.bare.push(await telegramRun(false));
  }
  if (ONLY !== "telegram") {
    runs.discord.ours.push(await discordRun(true));
    runs.discord.bare.push(await discordRun(false));
  }
  const figures = (name: string, o?: TelegramRun | DiscordRun, b?: TelegramRun | DiscordRun) =>
    o && b
      ? `${name} start ${o.startupMs.toFixed(0)}/${b.startupMs.toFixed(0)} ms, rss ${o.rss.toFixed(0)}/${b.rss.toFixed(0)} MiB${"p99" in o && "p99" in b ? `, p99 ${o.p99.toFixed(1)}/${b.p99.toFixed(1)} ms` : ""}`
      : "";
  process.stdout.write(
    `round ${round + 1} (ours/bare): ${[
      figures("telegram", runs.telegram.ours[round], runs.telegram.bare[round]),
      figures("discord", runs.discord.ours[round], runs.discord.bare[round]),
    ]
      .filter(Boolean)
      .join("; ")}\n`,
  );
}
rmSync(scratch, { recursive: true, force: true });

/** Median over rounds of a per-round figure, and of the per-round ratio or difference. */
function compare<T>(
  pair: { ours: T[]; bare: T[] },
  figure: (r: T) => number,
  relate: (ours: number, bare: number) => number,
) {
  const ours = pair.ours.map(figure);
  const bare = pair.bare.map(figure);
  return {
    ours: median(ours),
    bare: median(bare),
    relation: median(ours.map((o, i) => relate(o, bare[i] as number))),
  };
}
const ratio = (o: number, b: number) => o / b;
const rows: [string, string, string, string, string, boolean][] = [];
const add = (
  what: string,
  unit: string,
  c: { ours: number; bare: number; relation: number },
  shown: string,
  budget: string,
  ok: boolean,
) =>
  rows.push([
    what,
    `${c.ours.toFixed(1)} ${unit}`,
    `${c.bare.toFixed(1)} ${unit}`,
    shown,
    budget,
    ok,
  ]);

for (const [platform, pair] of [
  ["telegram", runs.telegram],
  ["discord", runs.discord],
] as const) {
  if (pair.ours.length === 0) continue;
  const s = compare<TelegramRun | DiscordRun>(pair, (r) => r.startupMs, ratio);
  add(
    `${platform}: start-up to ready`,
    "ms",
    s,
    `${s.relation.toFixed(2)}×`,
    "≤ 1.5×",
    s.relation <= 1.5,
  );
  const c = compare<TelegramRun | DiscordRun>(pair, (r) => r.startupCpuMs, ratio);
  add(`${platform}: CPU time to ready`, "ms", c, `${c.relation.toFixed(2)}×`, "(diagnostic)", true);
  const m = compare<TelegramRun | DiscordRun>(
    pair,
    (r) => r.rss,
    (o, b) => o - b,
  );
  add(
    `${platform}: resident memory`,
    "MiB",
    m,
    `${m.relation < 0 ? "−" : "+"}${Math.abs(m.relation).toFixed(1)} MiB`,
    "≤ +25 MiB",
    m.relation <= 25,
  );
}
if (runs.telegram.ours.length > 0) {
  const p50 = compare(runs.telegram, (r) => r.p50, ratio);
  add("telegram: update → reply p50", "ms", p50, `${p50.relation.toFixed(2)}×`, "(none)", true);
  const p99 = compare(
    runs.telegram,
    (r) => r.p99,
    (o, b) => o / (1.2 * b + 5),
  );
  add(
    "telegram: update → reply p99",
    "ms",
    p99,
    `${p99.relation.toFixed(2)} of budget`,
    "≤ 1.2× bare + 5 ms",
    p99.relation <= 1,
  );
  const cpu = compare(runs.telegram, (r) => r.cpuPerUpdateMs, ratio);
  add(
    "telegram: CPU time per update",
    "ms",
    cpu,
    `${cpu.relation.toFixed(2)}×`,
    "(diagnostic)",
    true,
  );
  const tput = compare(runs.telegram, (r) => r.perSecond, ratio);
  add(
    "telegram: updates/s (30 chats × 20)",
    "/s",
    tput,
    `${tput.relation.toFixed(2)}×`,
    "≥ 0.95×",
    tput.relation >= 0.95,
  );
}

const header = ["median of rounds", "Summit Brief", "bare", "ours vs bare", "budget", "within"];
const cells = rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[5] ? "yes" : "NO"]);
const widths = header.map((h, i) =>
  Math.max(h.length, ...cells.map((r) => (r[i] as string).length)),
);
const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i] as number)).join("  ");
process.stdout.write(
  `\n${line(header)}\n${line(widths.map((w) => "-".repeat(w)))}\n${cells.map(line).join("\n")}\n`,
);
