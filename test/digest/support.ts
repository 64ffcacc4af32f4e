import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { DISCORD_PACING } from "../../src/adapters/discord/sender.ts";
import { TELEGRAM_PACING } from "../../src/adapters/telegram/sender.ts";
import { StoryLibrary } from "../../src/core/library.ts";
import { ManualClock } from "../../src/digest/clock.ts";
import type { RetryPolicy } from "../../src/digest/delivery.ts";
import { DigestService, type DigestSettings } from "../../src/digest/service.ts";
import { createLogger } from "../../src/log.ts";
import type { Metrics } from "../../src/ops/metrics.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { SqliteDigestStore } from "../../src/storage/digest-store.ts";
import { FakeSender } from "../fakes/reply-sender.ts";
import { DATA_DIR } from "../support/paths.ts";

export const library = StoryLibrary.fromDir(DATA_DIR);

export const baseSettings: DigestSettings = {
  timezone: "Europe/Paris",
  locale: "fr",
  image: true,
  operatorCron: "0 8 * * *",
  defaultTime: "08:00",
  catchupMs: 3 * 3_600_000,
  operatorTargets: [],
  minIntervalMs: 3_600_000,
  staleClaimMs: 10 * 60_000,
};

export const tempDbPath = () =>
  join(mkdtempSync(join(tmpdir(), "summit-digest-")), "digest.sqlite");

/** A service on a database file with fake senders, a manual clock and captured log lines. */
export function makeService(
  options: {
    path?: string;
    clock?: ManualClock;
    settings?: Partial<DigestSettings>;
    instanceId?: string;
    metrics?: Metrics;
    resyncMs?: number;
    retry?: RetryPolicy;
  } = {},
) {
  const path = options.path ?? tempDbPath();
  const clock = options.clock ?? new ManualClock("2026-03-02T06:00:00Z");
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level: "info", pretty: false, destination });
  const telegram = new FakeSender("telegram");
  const discord = new FakeSender("discord");
  const db = openDatabase(path);
  const store = new SqliteDigestStore(db);
  const service = new DigestService({
    store,
    story: () => library.default,
    settings: { ...baseSettings, ...options.settings },
    log,
    clock,
    senders: [telegram, discord],
    // The real senders' pacing (the fakes carry none).
    pacing: { telegram: TELEGRAM_PACING, discord: DISCORD_PACING },
    retry: options.retry ?? { attempts: 3, baseDelayMs: 5, maxDelayMs: 1_000 },
    instanceId: options.instanceId,
    resyncMs: options.resyncMs,
    metrics: options.metrics,
  });
  return { service, clock, telegram, discord, lines, path, db, store };
}
