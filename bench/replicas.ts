/**
 * (One file over 300 lines: a benchmark reads best top to bottom, setup, runs and report.)
 *
 * Replicas benchmark: `node --import tsx bench/replicas.ts [--scale 20] [--telegram 10000]
 * [--discord 1000] [--runs 5] [--failover-targets 2000]`. Needs PostgreSQL at
 * BENCH_DATABASE_URL (default TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test);
 * works in a schema of its own, dropped after.
 *
 * 1. Fan-out: the bench/fanout.ts slot (10,000 Telegram chats, half groups, and 1,000 Discord
 *    channels) posted by the digest leader on PostgreSQL, with 1 and with 3 replicas (processes
 *    of their own, each a DigestService campaigning for the advisory lock; the standbys hold
 *    their pools and retry the lock, as in production). The leader runs the slot as its
 *    scheduler would (`deliverSlot`). Against the fakes of bench/fakes.ts (limits ENFORCED,
 *    scaled by --scale). Prints delivered, duplicates, 429s, wall time, and the ratio to the
 *    floor the limits set.
 * 2. Failover, `--runs` times: 3 replicas; the leader starts the fan-out of a missed slot (its
 *    start-up catch-up); once it has posted some, it is SIGKILLed; the time from the kill to the
 *    first post by another replica (the fakes see which process posts: its bot token's id, or a
 *    header) is the failover time. It includes the lock retry (3 s), the take-over of the
 *    ledger and the catch-up's scan. Prints each run and the median.
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createSender, digestApi, TELEGRAM_PACING } from "../src/adapters/telegram/sender.ts";
import { StoryLibrary } from "../src/core/library.ts";
import { PostgresLeader } from "../src/digest/leader.ts";
import { scalePacing } from "../src/digest/pacing.ts";
import { DigestService } from "../src/digest/service.ts";
import { createLogger } from "../src/log.ts";
import { Metrics } from "../src/ops/metrics.ts";
import { openPostgresStore } from "../src/storage/postgres.ts";
import { type Counts, httpSender, limits, serveFakes } from "./fakes.ts";
import { summarize } from "./stats.ts";

const { values } = parseArgs({
  options: {
    serve: { type: "boolean", default: false },
    replica: { type: "string" },
    mode: { type: "string", default: "fanout" },
    schema: { type: "string", default: "" },
    slot: { type: "string", default: "" },
    key: { type: "string", default: "0" },
    tg: { type: "string", default: "" },
    dc: { type: "string", default: "" },
    scale: { type: "string", default: "20" },
    telegram: { type: "string", default: "10000" },
    discord: { type: "string", default: "1000" },
    runs: { type: "string", default: "5" },
    "failover-targets": { type: "string", default: "2000" },
  },
});
const SCALE = Number(values.scale);
const LIMITS = limits(SCALE);
const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  "postgres://postgres@127.0.0.1:5432/test";
const SCHEDULE = { cron: "", timezone: "UTC" };

/** DATABASE_URL with `search_path` set to `schema` (what a replica's DATABASE_URL would be). */
function urlWithSchema(schema: string): string {
  const u = new URL(DATABASE_URL);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

/** The daily cron (UTC) of a slot at `slot`'s minute. */
const cronOf = (slot: Date) => `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`;

// ── A replica (child process) ─────────────────────────────────────────────────────────────

async function replica(id: string): Promise<void> {
  const schema = values.schema as string;
  const slot = new Date(values.slot as string);
  const story = StoryLibrary.fromDir("data").default;
  // Errors only: the interrupted posts a kill leaves are expected, one warning each.
  const log = createLogger({ level: "error", pretty: false });
  const metrics = new Metrics();
  const store = await openPostgresStore(DATABASE_URL, { schema });
  const service = new DigestService({
    store,
    story: () => story,
    settings: {
      timezone: "UTC",
      locale: "en",
      operatorCron: "0 8 * * *",
      defaultTime: "08:00",
      catchupMs: 30 * 60_000,
      operatorTargets: [],
      minIntervalMs: 0,
      staleClaimMs: 600_000,
    },
    log,
    metrics,
    pacing: {
      telegram: scalePacing(TELEGRAM_PACING, SCALE),
      discord: { perSecond: LIMITS.discordPerSecond, maxConcurrent: 50 },
    },
    // Any token: the fake reads only its id, to tell the replicas apart.
    senders: [
      createSender(digestApi(`${id}:bench-token`, values.tg as string, metrics)),
      httpSender("discord", values.dc as string, id),
    ],
    instanceId: `replica-${id}`,
  });
  const leader = new PostgresLeader({
    url: urlWithSchema(schema),
    log,
    key: Number(values.key),
  });
  leader.start((leading) => {
    if (!leading) return;
    process.send?.({ leading: id, at: Date.now() });
    const started = performance.now();
    // Fan-out: the slot as the scheduler fires it. Failover: the start a new leader makes
    // (take over the ledger, catch up the missed slot).
    const work =
      values.mode === "fanout"
        ? service.deliverSlot({ ...SCHEDULE, cron: cronOf(slot) }, slot)
        : service.start();
    void work.then((report) =>
      process.send?.({ done: id, wallMs: performance.now() - started, count: report.count }),
    );
  });
  process.on("message", (m) => {
    if (m !== "stop") return;
    void (async () => {
      await leader.stop();
      await service.close(1_000);
      process.exit(0);
    })();
  });
}

// ── The benchmark (parent) ────────────────────────────────────────────────────────────────

interface Fakes {
  readonly child: ChildProcess;
  readonly tgBase: string;
  readonly dcBase: string;
}

async function startFakes(): Promise<Fakes> {
  const child = fork(new URL(import.meta.url).pathname, ["--serve", "--scale", String(SCALE)], {
    stdio: "inherit",
  });
  const { tgBase, dcBase } = await new Promise<{ tgBase: string; dcBase: string }>((r) =>
    child.once("message", (m) => r(m as { tgBase: string; dcBase: string })),
  );
  return { child, tgBase, dcBase };
}

const ask = <T>(child: ChildProcess, message: string) =>
  new Promise<T>((r) => {
    child.once("message", (m) => r(m as T));
    child.send(message);
  });
const counts = (fakes: Fakes) => ask<{ telegram: Counts; discord: Counts }>(fakes.child, "report");

type ReplicaMessage =
  | { leading: string; at: number }
  | { done: string; wallMs: number; count: Record<string, number> };

interface Run {
  readonly schema: string;
  readonly replicas: Map<string, ChildProcess>;
  readonly messages: ReplicaMessage[];
  stop(): Promise<void>;
}

/** A schema with `telegram` + `discord` targets on one slot, and `n` replicas on it. */
async function setUp(
  fakes: Fakes,
  n: number,
  mode: "fanout" | "failover",
  telegram: number,
  discord: number,
): Promise<Run> {
  const schema = `bench_replicas_${randomBytes(4).toString("hex")}`;
  // Fan-out: a slot a little ahead, fired by hand. Failover: a slot a minute ago (caught up).
  const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
  const store = await openPostgresStore(DATABASE_URL, { schema });
  const targets = [
    ...Array.from({ length: telegram }, (_, i) => ({
      platform: "telegram",
      target: i % 2 === 0 ? `-100${1_000_000 + i}` : String(5_000_000 + i),
      locale: i % 3 ? "en" : "fr",
    })),
    ...Array.from({ length: discord }, (_, i) => ({
      platform: "discord",
      target: String(1_049_721_932_418_000_000n + BigInt(i)),
      locale: "fr",
    })),
  ];
  const created = new Date(slot.getTime() - 86_400_000).toISOString();
  await store.pool.query(
    `INSERT INTO subscriptions (platform, target, cron, timezone, locale, source, created_at, updated_at)
     SELECT p, t, $4, 'UTC', l, 'command', $5, $5 FROM unnest($1::text[], $2::text[], $3::text[]) AS x(p, t, l)`,
    [
      targets.map((t) => t.platform),
      targets.map((t) => t.target),
      targets.map((t) => t.locale),
      cronOf(slot),
      created,
    ],
  );
  await store.close();
  await ask(fakes.child, "reset");
  const key = randomBytes(4).readUInt32BE(0) & 0x7fffffff;
  const messages: ReplicaMessage[] = [];
  const replicas = new Map<string, ChildProcess>();
  for (let i = 1; i <= n; i++) {
    const id = String(i);
    const child = fork(
      new URL(import.meta.url).pathname,
      [
        ...["--replica", id, "--mode", mode, "--schema", schema, "--slot", slot.toISOString()],
        ...["--key", String(key), "--tg", fakes.tgBase, "--dc", fakes.dcBase],
        ...["--scale", String(SCALE)],
      ],
      { stdio: "inherit" },
    );
    child.on("message", (m) => messages.push(m as ReplicaMessage));
    child.on("exit", (code) => {
      if (code) {
        process.stderr.write(`replica ${id} exited with code ${code}: benchmark stopped\n`);
        process.exit(1);
      }
    });
    replicas.set(id, child);
  }
  return {
    schema,
    replicas,
    messages,
    async stop() {
      await Promise.all(
        [...replicas.values()].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.send("stop");
            }),
        ),
      );
      const drop = await openPostgresStore(DATABASE_URL, { schema });
      await drop.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await drop.close();
    },
  };
}

/** Polls (the benchmark's own waiting: no test, no assertion) until `probe` answers. */
async function until<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function fanOut(fakes: Fakes, n: number): Promise<string[]> {
  const telegram = Number(values.telegram);
  const discord = Number(values.discord);
  const run = await setUp(fakes, n, "fanout", telegram, discord);
  const done = await until(() =>
    run.messages.find((m): m is Extract<ReplicaMessage, { done: string }> => "done" in m),
  );
  const c = await counts(fakes);
  await run.stop();
  const floor = Math.max(telegram / LIMITS.telegramPerSecond, discord / LIMITS.discordPerSecond);
  const wall = done.wallMs / 1000;
  const leaders = new Set(
    run.messages.filter((m) => "leading" in m).map((m) => (m as { leading: string }).leading),
  );
  return [
    `${n} replica${n > 1 ? "s" : " "}: delivered telegram ${c.telegram.delivered}/${telegram}, discord ${c.discord.delivered}/${discord}; duplicates ${c.telegram.duplicates + c.discord.duplicates}; 429s ${c.telegram.rejected429 + c.discord.rejected429}; leaders ${leaders.size}; outcomes ${JSON.stringify(done.count)}; wall ${wall.toFixed(2)} s = ${(wall / floor).toFixed(3)}× the floor (${floor.toFixed(2)} s; goal ≤ 1.1×)`,
  ];
}

async function failover(fakes: Fakes, run: number): Promise<{ line: string; ms: number }> {
  const telegram = Number(values["failover-targets"]);
  const discord = Math.round(telegram / 10);
  const r = await setUp(fakes, 3, "failover", telegram, discord);
  const first = await until(() =>
    r.messages.find((m): m is Extract<ReplicaMessage, { leading: string }> => "leading" in m),
  );
  // Kill the leader once it has posted a tenth of the slot: mid-fan-out.
  await until(async () => {
    const c = await counts(fakes);
    const posted =
      (c.telegram.postsBy[first.leading] ?? 0) + (c.discord.postsBy[first.leading] ?? 0);
    return posted >= (telegram + discord) / 10 ? true : undefined;
  });
  r.replicas.get(first.leading)?.kill("SIGKILL");
  const killedAt = Date.now();
  const next = await until(async () => {
    const c = await counts(fakes);
    const firsts = [c.telegram.firstBy, c.discord.firstBy].flatMap((by) =>
      Object.entries(by).filter(([id]) => id !== first.leading),
    );
    return firsts.length ? firsts.reduce((a, b) => (a[1] <= b[1] ? a : b)) : undefined;
  });
  const done = await until(() =>
    r.messages.find(
      (m): m is Extract<ReplicaMessage, { done: string }> =>
        "done" in m && m.done !== first.leading,
    ),
  );
  const c = await counts(fakes);
  await r.stop();
  const ms = next[1] - killedAt;
  const interrupted = done.count.interrupted ?? 0;
  return {
    ms,
    line: `run ${run}: leader ${first.leading} killed → replica ${next[0]} posts after ${(ms / 1000).toFixed(2)} s; delivered ${c.telegram.delivered + c.discord.delivered}/${telegram + discord}, duplicates ${c.telegram.duplicates + c.discord.duplicates}; the new leader sent ${done.count.sent ?? 0} (report: ${JSON.stringify(done.count)}; in flight at the kill, not re-sent: see the delivered count)${interrupted ? `, ${interrupted} interrupted` : ""}`,
  };
}

async function main(): Promise<void> {
  const fakes = await startFakes();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `replicas benchmark — PostgreSQL ${new URL(DATABASE_URL).host}; limits scaled ×${SCALE}: Telegram ${LIMITS.telegramPerSecond}/s global, ${LIMITS.telegramGroupPerMinute}/min per group; Discord ${LIMITS.discordPerSecond}/s`,
  );
  for (const n of [1, 3]) for (const line of await fanOut(fakes, n)) out(line);
  const times: number[] = [];
  for (let i = 1; i <= Number(values.runs); i++) {
    const { line, ms } = await failover(fakes, i);
    times.push(ms);
    out(line);
  }
  out(
    `failover (leader SIGKILLed → first post by the new leader): median ${(summarize(times).median / 1000).toFixed(2)} s of ${times.length} (min ${(Math.min(...times) / 1000).toFixed(2)} s, max ${(Math.max(...times) / 1000).toFixed(2)} s)`,
  );
  fakes.child.send("exit");
}

if (values.serve) await serveFakes(SCALE);
else if (values.replica) await replica(values.replica);
else await main();
