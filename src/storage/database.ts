// SQLite: the versioned migrations (shared in shape with PostgreSQL), opening, fault wording and
// the asynchronous lock wait. Slightly over 300 lines because the migrations list is data.

import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import BetterSqlite3 from "better-sqlite3";

export type Database = BetterSqlite3.Database;

/**
 * better-sqlite3's compiled addon, named by its path. Left to itself the library finds it with
 * `bindings`, which tries a dozen places at each start (3–7 ms); named, the library's JavaScript
 * can also be bundled with the server (scripts/build.mjs). Undefined (the library's own search)
 * if an install put it elsewhere.
 */
const ADDON = (() => {
  const file = join(
    dirname(createRequire(import.meta.url).resolve("better-sqlite3/package.json")),
    "build/Release/better_sqlite3.node",
  );
  return existsSync(file) ? file : undefined;
})();

/**
 * One schema step, in each engine's dialect. Applied in order, each in its own transaction,
 * never edited once shipped. Both engines go through the same versions.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  /** SQLite (`PRAGMA user_version` records the last step applied). */
  readonly sql: string;
  /** PostgreSQL (the `schema_version` table records the last step applied). */
  readonly postgres: string;
}

/** The schema, oldest first. Append new steps; never edit a shipped one. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: "digest subscriptions and the delivery ledger",
    sql: `
      CREATE TABLE subscriptions (
        platform      TEXT    NOT NULL CHECK (platform IN ('discord', 'telegram')),
        target        TEXT    NOT NULL,
        cron          TEXT    NOT NULL,
        timezone      TEXT    NOT NULL,
        locale        TEXT    NOT NULL CHECK (locale IN ('fr', 'en')),
        source        TEXT    NOT NULL CHECK (source IN ('command', 'operator')),
        rotation      INTEGER NOT NULL DEFAULT 0,
        paused_reason TEXT,
        paused_at     TEXT,
        created_at    TEXT    NOT NULL,
        updated_at    TEXT    NOT NULL,
        PRIMARY KEY (platform, target)
      ) STRICT;
      CREATE INDEX subscriptions_by_schedule ON subscriptions (cron, timezone);

      CREATE TABLE deliveries (
        platform    TEXT    NOT NULL,
        target      TEXT    NOT NULL,
        slot_at     TEXT    NOT NULL,
        schedule    TEXT    NOT NULL,
        status      TEXT    NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
        rotation    INTEGER NOT NULL,
        claimed_at  TEXT    NOT NULL,
        claimed_by  TEXT    NOT NULL,
        finished_at TEXT,
        attempts    INTEGER NOT NULL DEFAULT 0,
        message_id  TEXT,
        reason      TEXT,
        PRIMARY KEY (platform, target, slot_at)
      ) STRICT;
      CREATE INDEX deliveries_by_status ON deliveries (status, claimed_at);
    `,
    // Same columns and checks; times stay ISO text so both engines compare and copy alike.
    postgres: `
      CREATE TABLE subscriptions (
        platform      TEXT    NOT NULL CHECK (platform IN ('discord', 'telegram')),
        target        TEXT    NOT NULL,
        cron          TEXT    NOT NULL,
        timezone      TEXT    NOT NULL,
        locale        TEXT    NOT NULL CHECK (locale IN ('fr', 'en')),
        source        TEXT    NOT NULL CHECK (source IN ('command', 'operator')),
        rotation      INTEGER NOT NULL DEFAULT 0,
        paused_reason TEXT,
        paused_at     TEXT,
        created_at    TEXT    NOT NULL,
        updated_at    TEXT    NOT NULL,
        PRIMARY KEY (platform, target)
      );
      CREATE INDEX subscriptions_by_schedule ON subscriptions (cron, timezone);

      CREATE TABLE deliveries (
        platform    TEXT    NOT NULL,
        target      TEXT    NOT NULL,
        slot_at     TEXT    NOT NULL,
        schedule    TEXT    NOT NULL,
        status      TEXT    NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
        rotation    INTEGER NOT NULL,
        claimed_at  TEXT    NOT NULL,
        claimed_by  TEXT    NOT NULL,
        finished_at TEXT,
        attempts    INTEGER NOT NULL DEFAULT 0,
        message_id  TEXT,
        reason      TEXT,
        PRIMARY KEY (platform, target, slot_at)
      );
      CREATE INDEX deliveries_by_status ON deliveries (status, claimed_at);
    `,
  },
  {
    version: 2,
    description:
      "ledger statuses 'uncertain' (the platform may have posted it) and 'interrupted' (a claim left by a stopped process, reported once)",
    sql: `
      CREATE TABLE deliveries_v2 (
        platform    TEXT    NOT NULL,
        target      TEXT    NOT NULL,
        slot_at     TEXT    NOT NULL,
        schedule    TEXT    NOT NULL,
        status      TEXT    NOT NULL
                    CHECK (status IN ('claimed', 'sent', 'failed', 'uncertain', 'interrupted')),
        rotation    INTEGER NOT NULL,
        claimed_at  TEXT    NOT NULL,
        claimed_by  TEXT    NOT NULL,
        finished_at TEXT,
        attempts    INTEGER NOT NULL DEFAULT 0,
        message_id  TEXT,
        reason      TEXT,
        PRIMARY KEY (platform, target, slot_at)
      ) STRICT;
      INSERT INTO deliveries_v2 SELECT * FROM deliveries;
      DROP TABLE deliveries;
      ALTER TABLE deliveries_v2 RENAME TO deliveries;
      CREATE INDEX deliveries_by_status ON deliveries (status, claimed_at);
    `,
    postgres: `
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
        CHECK (status IN ('claimed', 'sent', 'failed', 'uncertain', 'interrupted'));
    `,
  },
  {
    version: 3,
    description:
      "a subscription's language is any two-letter code the bot answers in (Russian added; a new language needs no migration)",
    sql: `
      CREATE TABLE subscriptions_v3 (
        platform      TEXT    NOT NULL CHECK (platform IN ('discord', 'telegram')),
        target        TEXT    NOT NULL,
        cron          TEXT    NOT NULL,
        timezone      TEXT    NOT NULL,
        locale        TEXT    NOT NULL CHECK (locale GLOB '[a-z][a-z]'),
        source        TEXT    NOT NULL CHECK (source IN ('command', 'operator')),
        rotation      INTEGER NOT NULL DEFAULT 0,
        paused_reason TEXT,
        paused_at     TEXT,
        created_at    TEXT    NOT NULL,
        updated_at    TEXT    NOT NULL,
        PRIMARY KEY (platform, target)
      ) STRICT;
      INSERT INTO subscriptions_v3 SELECT * FROM subscriptions;
      DROP TABLE subscriptions;
      ALTER TABLE subscriptions_v3 RENAME TO subscriptions;
      CREATE INDEX subscriptions_by_schedule ON subscriptions (cron, timezone);
    `,
    postgres: `
      ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_locale_check;
      ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_locale_check
        CHECK (locale ~ '^[a-z]{2}$');
    `,
  },
  {
    version: 4,
    description:
      "a subscription's digest carries the day's quote card unless image is 0; platform file ids of uploaded pictures",
    sql: `
      ALTER TABLE subscriptions ADD COLUMN image INTEGER NOT NULL DEFAULT 1 CHECK (image IN (0, 1));

      CREATE TABLE file_ids (
        platform   TEXT NOT NULL,
        image_key  TEXT NOT NULL,
        file_id    TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (platform, image_key)
      ) STRICT;
    `,
    postgres: `
      ALTER TABLE subscriptions ADD COLUMN image INTEGER NOT NULL DEFAULT 1 CHECK (image IN (0, 1));

      CREATE TABLE file_ids (
        platform   TEXT NOT NULL,
        image_key  TEXT NOT NULL,
        file_id    TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (platform, image_key)
      );
    `,
  },
  {
    version: 5,
    description:
      "ledger status 'sending' (the platform request has started): a 'claimed' row was never sent, so the next leader may send it; rows claimed before this version may have been sent and become 'sending'",
    sql: `
      CREATE TABLE deliveries_v5 (
        platform    TEXT    NOT NULL,
        target      TEXT    NOT NULL,
        slot_at     TEXT    NOT NULL,
        schedule    TEXT    NOT NULL,
        status      TEXT    NOT NULL
                    CHECK (status IN ('claimed', 'sending', 'sent', 'failed', 'uncertain', 'interrupted')),
        rotation    INTEGER NOT NULL,
        claimed_at  TEXT    NOT NULL,
        claimed_by  TEXT    NOT NULL,
        finished_at TEXT,
        attempts    INTEGER NOT NULL DEFAULT 0,
        message_id  TEXT,
        reason      TEXT,
        PRIMARY KEY (platform, target, slot_at)
      ) STRICT;
      INSERT INTO deliveries_v5 (platform, target, slot_at, schedule, status, rotation, claimed_at,
                                 claimed_by, finished_at, attempts, message_id, reason)
        SELECT platform, target, slot_at, schedule,
               CASE status WHEN 'claimed' THEN 'sending' ELSE status END,
               rotation, claimed_at, claimed_by, finished_at, attempts, message_id, reason
        FROM deliveries;
      DROP TABLE deliveries;
      ALTER TABLE deliveries_v5 RENAME TO deliveries;
      CREATE INDEX deliveries_by_status ON deliveries (status, claimed_at);
    `,
    postgres: `
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
      UPDATE deliveries SET status = 'sending' WHERE status = 'claimed';
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
        CHECK (status IN ('claimed', 'sending', 'sent', 'failed', 'uncertain', 'interrupted'));
    `,
  },
];

/** The schema version this code writes (the last migration). */
export const latestVersion = (list: readonly Migration[] = migrations): number =>
  list.at(-1)?.version ?? 0;

export class DatabaseError extends Error {
  override readonly name = "DatabaseError";
}

/** The write lock is held by someone else for longer than we were willing to wait. */
export class DatabaseBusyError extends DatabaseError {}

/**
 * How long SQLite itself may wait for a lock, synchronously, on the event loop. Kept to a few
 * milliseconds: longer waits happen asynchronously (see `LockWait`), so a lock held by another
 * process never freezes the bot.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 5;

/** How long ordinary database work (a command, a start-up migration) waits for a lock. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

/** SQLite's answers for "someone else holds the lock": retry later, the statement did nothing. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
  );
}

/**
 * Runs synchronous SQLite work, retrying it asynchronously with backoff (p-retry) while the
 * database is locked by another connection. Each attempt blocks the event loop only for the
 * statement itself plus `SQLITE_BUSY_TIMEOUT_MS`; between attempts the event loop is free.
 * Safe because a busy statement or transaction changed nothing.
 */
export class LockWait {
  /** Calls waiting for a lock right now (shown by /readyz). */
  waiting = 0;
  /** When the last lock wait began and ended, for readiness reports. */
  lastBusyAt: Date | undefined;

  constructor(readonly defaultWaitMs = DEFAULT_LOCK_WAIT_MS) {}

  /**
   * Runs `work`; while it fails for a lock, tries again until `giveUp` says so (by default
   * after `waitMs`), then throws `DatabaseBusyError`.
   */
  async run<T>(
    work: () => T,
    options: { waitMs?: number; giveUp?: () => boolean; signal?: AbortSignal } = {},
  ): Promise<T> {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error)) throw error;
    }
    this.waiting++;
    this.lastBusyAt = new Date();
    const start = Date.now();
    const waitMs = options.waitMs ?? this.defaultWaitMs;
    const expired = options.giveUp ?? (() => Date.now() - start >= waitMs);
    try {
      // Loaded on the first wait for a lock, which most processes never have.
      const { default: pRetry } = await import("p-retry");
      return await pRetry(() => work(), {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: 5,
        maxTimeout: 250,
        factor: 2,
        randomize: true,
        signal: options.signal,
        shouldRetry: ({ error }) => isBusy(error) && !expired(),
      });
    } catch (error) {
      if (isBusy(error))
        throw new DatabaseBusyError(
          "the database is locked by another process (a write transaction held too long)",
          { cause: error },
        );
      throw error;
    } finally {
      this.waiting--;
    }
  }
}

/**
 * Opens (creating the folder and file if needed) the SQLite database in WAL mode. Does not
 * migrate: see `migrate`. Throws on a file that is not a database, a folder at the path, etc.
 *
 * @example const db = openSqlite(config.DATABASE_PATH);
 */
export function openSqlite(path: string, options: { readonly?: boolean } = {}): Database {
  if (path !== ":memory:" && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(ADDON ? { nativeBinding: ADDON } : {}),
  });
  try {
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    if (!options.readonly) {
      db.pragma("journal_mode = WAL");
      // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the tail).
      db.pragma("synchronous = NORMAL");
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens and migrates, synchronously, failing at once on a lock (tests and tools that own the
 * file). The bot uses `openSqliteStore`, which waits for a lock without blocking.
 */
export function openDatabase(path: string, list: readonly Migration[] = migrations): Database {
  const db = openSqlite(path);
  try {
    migrate(db, list);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The schema version recorded in the file (`PRAGMA user_version`). */
export function schemaVersion(db: Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Applies every migration newer than the file's version, in order, each atomically. */
export function migrate(db: Database, list: readonly Migration[] = migrations): number {
  const latest = latestVersion(list);
  // IMMEDIATE takes the write lock first, so two processes starting together migrate once.
  const run = db.transaction(() => {
    const current = schemaVersion(db);
    if (current > latest)
      throw new DatabaseError(
        `The database is at schema version ${current}, newer than this code (${latest}). Upgrade the bot or use another database.`,
      );
    for (const m of list) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    return schemaVersion(db);
  });
  return run.immediate();
}
