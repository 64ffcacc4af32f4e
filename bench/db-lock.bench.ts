/**
 * How long the event loop stalls while another process holds SQLite's write lock for 2 s and
 * the bot writes: the old design (busy_timeout 5 s, synchronous) against the current one
 * (busy_timeout SQLITE_BUSY_TIMEOUT_MS + asynchronous retry), and what a claim costs.
 *
 *   node --import tsx bench/db-lock.bench.ts
 */
import { fork } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { LockWait, openDatabase, SQLITE_BUSY_TIMEOUT_MS } from "../src/storage/database.ts";
import { SqliteDigestStore } from "../src/storage/digest-store.ts";

const HOLD_MS = 2_000;

if (process.argv[2] === "--hold") {
  // The other process: takes the write lock, says so, holds it, releases it.
  const db = new BetterSqlite3(process.argv[3] as string);
  db.exec("BEGIN IMMEDIATE");
  process.send?.("held");
  setTimeout(() => {
    db.exec("COMMIT");
    db.close();
    process.exit(0);
  }, HOLD_MS);
} else {
  await main();
}

async function hold(path: string): Promise<{ released: Promise<void> }> {
  const child = fork(new URL(import.meta.url).pathname, ["--hold", path]);
  const released = new Promise<void>((r) => child.once("exit", () => r()));
  await new Promise((r) => child.once("message", r));
  return { released };
}

async function stall(label: string, write: () => Promise<unknown>, path: string) {
  const { released } = await hold(path);
  // A 1 ms ticker: the longest gap between two ticks is the longest stall of the event loop.
  let last = performance.now();
  let maxGap = 0;
  const gaps: number[] = [];
  const ticker = setInterval(() => {
    const t = performance.now();
    gaps.push(t - last);
    maxGap = Math.max(maxGap, t - last);
    last = t;
  }, 1);
  await new Promise((r) => setTimeout(r, 20));
  const started = performance.now();
  const outcome = await write().then(
    () => "written",
    (e: Error) => `failed (${e.message.slice(0, 40)})`,
  );
  const took = performance.now() - started;
  await released;
  clearInterval(ticker);
  gaps.sort((x, y) => x - y);
  const p99 = gaps[Math.floor(gaps.length * 0.99)] ?? 0;
  process.stdout.write(
    `${label}: write ${outcome} after ${took.toFixed(0)} ms; event loop longest stall ${maxGap.toFixed(1)} ms, p99 tick gap ${p99.toFixed(1)} ms\n`,
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "summit-lock-bench-"));
  const sub = (target: string) => ({
    platform: "telegram" as const,
    target,
    cron: "0 8 * * *",
    timezone: "Europe/Paris",
    locale: "en" as const,
    source: "command" as const,
  });

  const oldPath = join(dir, "old.sqlite");
  const old = openDatabase(oldPath);
  old.pragma("busy_timeout = 5000");
  const oldStore = new SqliteDigestStore(old, new LockWait(0));
  await stall(
    "before (busy_timeout 5000, synchronous)",
    () => oldStore.subscriptions.upsert(sub("-1"), new Date()),
    oldPath,
  );

  const newPath = join(dir, "new.sqlite");
  const store = new SqliteDigestStore(openDatabase(newPath));
  await stall(
    `now (busy_timeout ${SQLITE_BUSY_TIMEOUT_MS}, async retry)`,
    () => store.subscriptions.upsert(sub("-1"), new Date()),
    newPath,
  );

  // What one claim costs on the event loop with 10,000 subscriptions (no contention).
  for (let i = 0; i < 10_000; i++) await store.subscriptions.upsert(sub(`-${i + 2}`), new Date());
  const times: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const t = performance.now();
    await store.claim(
      "telegram",
      `-${i + 2}`,
      "2026-03-02T07:00:00.000Z",
      { cron: "0 8 * * *", timezone: "Europe/Paris" },
      "bench",
      new Date(),
    );
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => (times[Math.floor(q * (times.length - 1))] ?? 0).toFixed(3);
  process.stdout.write(
    `claim (transaction: read subscription, insert ledger row, bump rotation): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms over 10,000\n`,
  );
  await store.close();
  await oldStore.close();
}
