import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoryLibrary } from "../../src/core/library.ts";
import { DigestService, type DigestSettings } from "../../src/digest/service.ts";
import type { Logger } from "../../src/log.ts";
import type { Metrics } from "../../src/ops/metrics.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { SqliteDigestStore } from "../../src/storage/digest-store.ts";
import type { FakeTelegram } from "../fakes/telegram/server.ts";
import { DATA_DIR } from "./paths.ts";
import { waitFor } from "./wait.ts";

const library = StoryLibrary.fromDir(DATA_DIR);

/** A fresh database file in a temporary directory. */
export const tempTelegramDb = () =>
  join(mkdtempSync(join(tmpdir(), "summit-tg-digest-")), "digest.sqlite");

/** Digest settings for tests: UTC, English, any rhythm allowed by command (per-second crons). */
export const testDigestSettings: DigestSettings = {
  timezone: "UTC",
  locale: "en",
  image: true,
  operatorCron: "0 8 * * *",
  defaultTime: "08:00",
  catchupMs: 0,
  operatorTargets: [],
  minIntervalMs: 0,
  staleClaimMs: 10 * 60_000,
};

/**
 * A factory for `startBot({ digests })`: a real DigestService (system clock, real scheduler)
 * on `path`, with short retry backoffs so that a 5xx retry stays quick.
 */
export function telegramDigests(path: string, settings: Partial<DigestSettings> = {}) {
  return (log: Logger, metrics: Metrics) =>
    new DigestService({
      store: new SqliteDigestStore(openDatabase(path)),
      story: () => library.default,
      settings: { ...testDigestSettings, ...settings },
      log,
      metrics,
      retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 5_000 },
    });
}

/** The digest's title starts so, in each language. */
export const DIGEST_TITLE = /^(Today’s brief|Le point du jour)/;

/**
 * Bot API calls that tried to post a digest to a chat (answered ok or not), in order: the
 * message that starts with the digest's title, or the photo (the day's quote card) whose
 * caption does.
 */
export function digestCalls(fake: FakeTelegram, chatId: number) {
  return fake.calls.filter(
    (c) =>
      (c.method === "sendMessage" || c.method === "sendPhoto") &&
      Number(c.params.chat_id) === chatId &&
      DIGEST_TITLE.test(
        String(c.method === "sendPhoto" ? c.params.caption : c.params.text).replace(/^<b>/, ""),
      ),
  );
}

/** Digests a chat received: the successful posts, with their message ids and arrival times. */
export function digestsReceived(fake: FakeTelegram, chatId: number) {
  return digestCalls(fake, chatId).filter((c) => c.ok);
}

/** Waits until `check` is true (see `waitFor`). */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await waitFor(what, check);
}
