import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";

export type Database = BetterSqlite3.Database;

/** One schema step. Applied in order, each in its own transaction, never edited once shipped. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** The schema, oldest first. Append new steps; `user_version` records the last one applied. */
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
  },
];

export class DatabaseError extends Error {
  override readonly name = "DatabaseError";
}

/**
 * Opens (creating the folder and file if needed) the SQLite database, in WAL mode, and applies
 * the pending migrations. Throws `DatabaseError` if the file is newer than this code.
 *
 * @example const db = openDatabase(config.DATABASE_PATH);
 */
export function openDatabase(path: string, list: readonly Migration[] = migrations): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  try {
    db.pragma("journal_mode = WAL");
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the tail).
    db.pragma("synchronous = NORMAL");
    // A second process on the same file waits for the write lock instead of failing at once.
    db.pragma("busy_timeout = 5000");
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
  const latest = list.at(-1)?.version ?? 0;
  // IMMEDIATE takes the write lock first, so two processes starting together migrate once.
  const run = db.transaction(() => {
    const current = schemaVersion(db);
    if (current > latest)
      throw new DatabaseError(
        `The database is at schema version ${current}, newer than this code (${latest}). Upgrade the bot or use another DATABASE_PATH.`,
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
