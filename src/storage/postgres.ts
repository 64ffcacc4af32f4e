// The PostgreSQL side of the one DigestStore interface: its migrations, the claim, the ledger and
// subscription statements, the pool and the fault wording. It stays one file (over 300 lines)
// so every statement can be read beside its SQLite twin in database.ts/ledger.ts/subscriptions.ts.

import pg from "pg";
import type { PlatformName } from "../platform.ts";
import { DatabaseError, latestVersion, type Migration, migrations } from "./database.ts";
import {
  type ClaimRequest,
  type Delivery,
  type Row as DeliveryRow,
  fromRow as deliveryFromRow,
  sortTakeOver,
  TAKEOVER_REASON,
  TAKEOVER_SQL,
  type TakeOver,
} from "./ledger.ts";
import { PatientPool } from "./patient-pool.ts";
import type {
  Claimed,
  ClaimOptions,
  DigestStore,
  FileIdStore,
  LedgerStore,
  StoreCheck,
  SubscriptionStore,
} from "./store.ts";
import {
  type Subscription,
  type SubscriptionInput,
  type Row as SubscriptionRow,
  fromRow as subscriptionFromRow,
} from "./subscriptions.ts";
import { isPostgresUrl, redactUrl } from "./url.ts";

/** A pool or one of its clients (inside a transaction). */
type Queryable = pg.Pool | pg.PoolClient;

/** Orders text as SQLite does (bytewise), whatever the database's collation. */
const C = 'COLLATE "C"';

/** Any key for the migration lock: two replicas starting together migrate once. */
const MIGRATION_LOCK = 0x5_3b_61_67;

class PgSubscriptions implements SubscriptionStore {
  constructor(private readonly q: Queryable) {}

  async get(platform: PlatformName, target: string): Promise<Subscription | undefined> {
    const { rows } = await this.q.query<SubscriptionRow>(
      "SELECT * FROM subscriptions WHERE platform = $1 AND target = $2",
      [platform, target],
    );
    return rows[0] && subscriptionFromRow(rows[0]);
  }

  async all(): Promise<Subscription[]> {
    const { rows } = await this.q.query<SubscriptionRow>(
      `SELECT * FROM subscriptions ORDER BY platform ${C}, target ${C}`,
    );
    return rows.map(subscriptionFromRow);
  }

  async activeOn(cron: string, timezone: string): Promise<Subscription[]> {
    const { rows } = await this.q.query<SubscriptionRow>(
      `SELECT * FROM subscriptions WHERE cron = $1 AND timezone = $2 AND paused_reason IS NULL ORDER BY platform ${C}, target ${C}`,
      [cron, timezone],
    );
    return rows.map(subscriptionFromRow);
  }

  async upsert(input: SubscriptionInput, now: Date): Promise<Subscription> {
    const at = now.toISOString();
    const { rows } = await this.q.query<SubscriptionRow>(
      `INSERT INTO subscriptions (platform, target, cron, timezone, locale, source, image, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, COALESCE($8::integer, 1), $7, $7)
       ON CONFLICT (platform, target) DO UPDATE SET
         cron = excluded.cron, timezone = excluded.timezone, locale = excluded.locale,
         source = excluded.source, image = COALESCE($8::integer, subscriptions.image),
         paused_reason = NULL, paused_at = NULL, updated_at = excluded.updated_at
       RETURNING *`,
      [
        input.platform,
        input.target,
        input.cron,
        input.timezone,
        input.locale,
        input.source,
        at,
        input.image === undefined ? null : Number(input.image),
      ],
    );
    return subscriptionFromRow(rows[0] as SubscriptionRow);
  }

  async remove(platform: PlatformName, target: string): Promise<boolean> {
    const r = await this.q.query("DELETE FROM subscriptions WHERE platform = $1 AND target = $2", [
      platform,
      target,
    ]);
    return (r.rowCount ?? 0) > 0;
  }

  async pause(platform: PlatformName, target: string, reason: string, now: Date): Promise<boolean> {
    const r = await this.q.query(
      "UPDATE subscriptions SET paused_reason = $1, paused_at = $2, updated_at = $2 WHERE platform = $3 AND target = $4 AND paused_reason IS NULL",
      [reason, now.toISOString(), platform, target],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async resume(platform: PlatformName, target: string, now: Date): Promise<boolean> {
    const r = await this.q.query(
      "UPDATE subscriptions SET paused_reason = NULL, paused_at = NULL, updated_at = $1 WHERE platform = $2 AND target = $3 AND paused_reason IS NOT NULL",
      [now.toISOString(), platform, target],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async takeRotation(platform: PlatformName, target: string): Promise<number> {
    const { rows } = await this.q.query<{ rotation: number }>(
      "UPDATE subscriptions SET rotation = rotation + 1 WHERE platform = $1 AND target = $2 RETURNING rotation - 1 AS rotation",
      [platform, target],
    );
    return rows[0]?.rotation ?? 0;
  }

  async move(platform: PlatformName, from: string, to: string, now: Date): Promise<boolean> {
    if (await this.get(platform, to)) return this.remove(platform, from);
    const r = await this.q.query(
      "UPDATE subscriptions SET target = $1, updated_at = $2 WHERE platform = $3 AND target = $4",
      [to, now.toISOString(), platform, from],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async activeSchedules(): Promise<{ cron: string; timezone: string }[]> {
    const { rows } = await this.q.query<{ cron: string; timezone: string }>(
      `SELECT DISTINCT cron ${C} AS cron, timezone ${C} AS timezone FROM subscriptions WHERE paused_reason IS NULL ORDER BY 1, 2`,
    );
    return rows.map((r) => ({ cron: r.cron, timezone: r.timezone }));
  }

  async active(): Promise<Subscription[]> {
    return (await this.all()).filter((s) => s.pausedReason === null);
  }

  async operatorTargets(): Promise<Subscription[]> {
    return (await this.all()).filter((s) => s.source === "operator");
  }
}

type Key = { platform: PlatformName; target: string; slotAt: string };

class PgLedger implements LedgerStore {
  constructor(private readonly q: Queryable) {}

  /** One `INSERT … ON CONFLICT DO NOTHING`: the primary key lets exactly one caller win. */
  async claim(request: ClaimRequest, now: Date): Promise<boolean> {
    const r = await this.q.query(
      `INSERT INTO deliveries (platform, target, slot_at, schedule, status, rotation, claimed_at, claimed_by)
       VALUES ($1, $2, $3, $4, 'claimed', $5, $6, $7)
       ON CONFLICT (platform, target, slot_at) DO NOTHING`,
      [
        request.platform,
        request.target,
        request.slotAt,
        request.schedule,
        request.rotation,
        now.toISOString(),
        request.claimedBy,
      ],
    );
    return r.rowCount === 1;
  }

  private async finish(
    status: "sent" | "failed" | "uncertain",
    key: Key,
    attempts: number,
    column: "message_id" | "reason",
    value: string | null,
    now: Date,
  ): Promise<void> {
    await this.q.query(
      `UPDATE deliveries SET status = $1, finished_at = $2, attempts = $3, ${column} = $4 WHERE platform = $5 AND target = $6 AND slot_at = $7`,
      [status, now.toISOString(), attempts, value, key.platform, key.target, key.slotAt],
    );
  }

  markSent(key: Key, attempts: number, messageId: string | undefined, now: Date): Promise<void> {
    return this.finish("sent", key, attempts, "message_id", messageId ?? null, now);
  }

  markFailed(key: Key, attempts: number, reason: string, now: Date): Promise<void> {
    return this.finish("failed", key, attempts, "reason", reason, now);
  }

  markUncertain(key: Key, attempts: number, reason: string, now: Date): Promise<void> {
    return this.finish("uncertain", key, attempts, "reason", reason, now);
  }

  async markSending(key: Key, claimedBy: string): Promise<boolean> {
    const r = await this.q.query(
      "UPDATE deliveries SET status = 'sending' WHERE platform = $1 AND target = $2 AND slot_at = $3 AND status = 'claimed' AND claimed_by = $4",
      [key.platform, key.target, key.slotAt, claimedBy],
    );
    return r.rowCount === 1;
  }

  async release(key: Key, claimedBy: string): Promise<void> {
    await this.q.query(
      "UPDATE deliveries SET status = 'claimed' WHERE platform = $1 AND target = $2 AND slot_at = $3 AND status = 'sending' AND claimed_by = $4",
      [key.platform, key.target, key.slotAt, claimedBy],
    );
  }

  /** As SQLite's: the same three statements (ledger.ts), in one transaction. */
  async takeOver(claimedBy: string, since: string, now: Date): Promise<TakeOver> {
    const at = now.toISOString();
    const run = async (q: Queryable): Promise<TakeOver> => {
      const all = async (sql: string, params: unknown[]) =>
        (await q.query<DeliveryRow>(numbered(sql), params)).rows.map(deliveryFromRow);
      return {
        interrupted: await all(TAKEOVER_SQL.interrupted, [TAKEOVER_REASON.interrupted, claimedBy]),
        reclaimed: await all(TAKEOVER_SQL.reclaimed, [claimedBy, at, claimedBy, since]),
        expired: await all(TAKEOVER_SQL.expired, [at, TAKEOVER_REASON.expired, claimedBy]),
      };
    };
    return sortTakeOver(
      this.q instanceof pg.Pool ? await inTransaction(this.q, run) : await run(this.q),
    );
  }

  private async one(sql: string, params: unknown[]): Promise<Delivery | undefined> {
    const { rows } = await this.q.query<DeliveryRow>(sql, params);
    return rows[0] && deliveryFromRow(rows[0]);
  }

  get(platform: PlatformName, target: string, slotAt: string): Promise<Delivery | undefined> {
    return this.one(
      "SELECT * FROM deliveries WHERE platform = $1 AND target = $2 AND slot_at = $3",
      [platform, target, slotAt],
    );
  }

  latest(platform: PlatformName, target: string): Promise<Delivery | undefined> {
    return this.one(
      `SELECT * FROM deliveries WHERE platform = $1 AND target = $2 ORDER BY slot_at ${C} DESC LIMIT 1`,
      [platform, target],
    );
  }

  lastSent(platform: PlatformName, target: string): Promise<Delivery | undefined> {
    return this.one(
      `SELECT * FROM deliveries WHERE platform = $1 AND target = $2 AND status = 'sent' ORDER BY slot_at ${C} DESC LIMIT 1`,
      [platform, target],
    );
  }

  async unfinished(before: string): Promise<Delivery[]> {
    const { rows } = await this.q.query<DeliveryRow>(
      `SELECT * FROM deliveries WHERE status = 'claimed' AND claimed_at ${C} < $1 ORDER BY claimed_at ${C}`,
      [before],
    );
    return rows.map(deliveryFromRow);
  }

  async history(platform: PlatformName, target: string): Promise<Delivery[]> {
    const { rows } = await this.q.query<DeliveryRow>(
      `SELECT * FROM deliveries WHERE platform = $1 AND target = $2 ORDER BY slot_at ${C} DESC`,
      [platform, target],
    );
    return rows.map(deliveryFromRow);
  }

  async move(platform: PlatformName, from: string, to: string): Promise<void> {
    // Rows the new id already has for a slot are kept (as SQLite's UPDATE OR IGNORE).
    await this.q.query(
      `UPDATE deliveries d SET target = $3 WHERE d.platform = $1 AND d.target = $2
         AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.platform = $1 AND o.target = $3 AND o.slot_at = d.slot_at)`,
      [platform, from, to],
    );
    await this.q.query("DELETE FROM deliveries WHERE platform = $1 AND target = $2", [
      platform,
      from,
    ]);
  }
}

class PgFileIds implements FileIdStore {
  constructor(private readonly q: Queryable) {}

  async get(platform: PlatformName, key: string): Promise<string | undefined> {
    const { rows } = await this.q.query<{ file_id: string }>(
      "SELECT file_id FROM file_ids WHERE platform = $1 AND image_key = $2",
      [platform, key],
    );
    return rows[0]?.file_id;
  }

  async set(platform: PlatformName, key: string, fileId: string): Promise<void> {
    await this.q.query(
      `INSERT INTO file_ids (platform, image_key, file_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (platform, image_key) DO UPDATE SET file_id = excluded.file_id, created_at = excluded.created_at`,
      [platform, key, fileId, new Date().toISOString()],
    );
  }
}

/** `?` placeholders as PostgreSQL's `$1, $2…`; ISO times compared bytewise, as SQLite does. */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`).replace(/slot_at >= /g, `slot_at ${C} >= `);
};

/**
 * The claim in one statement (one round trip, atomic): lock the subscription if it is active
 * on `schedule` (FOR UPDATE: one claimer at a time reads and bumps its rotation), insert the
 * ledger row unless the slot has one (the primary key lets exactly one caller win), and bump
 * the rotation only if the insert happened. A concurrent claimer waits on the row lock, then
 * finds the slot taken.
 */
async function claimOnce(
  q: Queryable,
  platform: PlatformName,
  target: string,
  slotAt: string,
  schedule: { cron: string; timezone: string },
  claimedBy: string,
  now: Date,
): Promise<Claimed | undefined> {
  const { rows } = await q.query<SubscriptionRow>(
    `WITH sub AS (
       SELECT * FROM subscriptions
       WHERE platform = $1 AND target = $2 AND paused_reason IS NULL AND cron = $3 AND timezone = $4
       FOR UPDATE
     ), won AS (
       INSERT INTO deliveries (platform, target, slot_at, schedule, status, rotation, claimed_at, claimed_by)
       SELECT platform, target, $5, cron || '|' || timezone, 'claimed', rotation, $6, $7 FROM sub
       ON CONFLICT (platform, target, slot_at) DO NOTHING
       RETURNING platform, target
     ), bumped AS (
       UPDATE subscriptions s SET rotation = s.rotation + 1
       FROM won WHERE s.platform = won.platform AND s.target = won.target
       RETURNING s.platform
     )
     SELECT sub.* FROM sub JOIN won USING (platform, target) WHERE EXISTS (SELECT 1 FROM bumped)`,
    [platform, target, schedule.cron, schedule.timezone, slotAt, now.toISOString(), claimedBy],
  );
  const sub = rows[0] && subscriptionFromRow(rows[0]);
  return sub && { subscription: sub, rotation: sub.rotation };
}

/** Runs `work` in one transaction on one client of the pool. */
async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The digest's storage on PostgreSQL (node-postgres `pg`, one pool per process): shared by
 * any number of replicas. Claims are decided by the primary key of `deliveries`.
 */
export class PostgresDigestStore implements DigestStore {
  readonly engine = "postgres";
  readonly subscriptions: SubscriptionStore;
  readonly ledger: LedgerStore;
  readonly fileIds: FileIdStore;

  constructor(readonly pool: pg.Pool) {
    this.subscriptions = new PgSubscriptions(pool);
    this.ledger = new PgLedger(pool);
    this.fileIds = new PgFileIds(pool);
  }

  claim(
    platform: PlatformName,
    target: string,
    slotAt: string,
    schedule: { cron: string; timezone: string },
    claimedBy: string,
    now: Date,
    _options: ClaimOptions = {},
  ): Promise<Claimed | undefined> {
    return claimOnce(this.pool, platform, target, slotAt, schedule, claimedBy, now);
  }

  move(platform: PlatformName, from: string, to: string, now: Date): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const moved = await new PgSubscriptions(client).move(platform, from, to, now);
      await new PgLedger(client).move(platform, from, to);
      return moved;
    });
  }

  async check(): Promise<StoreCheck> {
    try {
      const version = await schemaVersionOf(this.pool);
      const { totalCount, idleCount, waitingCount } = this.pool;
      return {
        ok: true,
        detail: `postgres, schema ${version}, pool ${totalCount - idleCount}/${totalCount} busy${waitingCount ? `, ${waitingCount} waiting` : ""}`,
      };
    } catch {
      return { ok: false, detail: "postgres: the database does not answer (see the log)" };
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function schemaVersionOf(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ version: number }>(
    "SELECT max(version) AS version FROM schema_version",
  );
  return rows[0]?.version ?? 0;
}

/** Applies the pending migrations (PostgreSQL dialect), under an advisory lock, atomically. */
export async function migratePostgres(
  pool: pg.Pool,
  list: readonly Migration[] = migrations,
): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const current = await schemaVersionOf(client);
    const latest = latestVersion(list);
    if (current > latest)
      throw new DatabaseError(
        `is at schema version ${current}, newer than this code (${latest}): upgrade the bot or use another database.`,
      );
    for (const m of list) {
      if (m.version <= current) continue;
      await client.query(m.postgres);
      await client.query("INSERT INTO schema_version (version) VALUES ($1)", [m.version]);
    }
    return schemaVersionOf(client);
  });
}

export interface PostgresOptions {
  /** A schema to work in (tests: one per file); created if missing. Default: the user's. */
  readonly schema?: string;
  /** Connections in the pool. */
  readonly max?: number;
  /** Called with errors of idle connections (a restarted server): logged, never thrown. */
  readonly onError?: (error: Error) => void;
}

/** A pool on `url` (in `schema` if given). Connects lazily. */
export function createPool(url: string, options: PostgresOptions = {}): pg.Pool {
  const pool = new PatientPool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on("error", (error) => options.onError?.(error));
  return pool;
}

/**
 * Opens the PostgreSQL database at `url` and migrates it. Faults become a `DatabaseError`
 * whose one-line message names DATABASE_URL (password masked) and what to do.
 *
 * @example const store = await openPostgresStore(config.DATABASE_URL);
 */
export async function openPostgresStore(
  url: string,
  options: PostgresOptions = {},
): Promise<PostgresDigestStore> {
  if (!isPostgresUrl(url))
    throw new DatabaseError(
      "DATABASE_URL must look like postgres://user:password@host:5432/database",
    );
  const pool = createPool(url, options);
  try {
    if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    await migratePostgres(pool);
    return new PostgresDigestStore(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw postgresFault(error, url);
  }
}

/** One line for an operator: DATABASE_URL (masked), what is wrong, what to do. */
export function postgresFault(error: unknown, url: string): DatabaseError {
  const where = `DATABASE_URL (${redactUrl(url)})`;
  if (error instanceof DatabaseError && !(error.cause instanceof Error))
    return new DatabaseError(`${where} ${error.message}`, { cause: error });
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  const text = error instanceof Error ? error.message : String(error);
  const why =
    code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT"
      ? `cannot be reached (${code}): check the host and port, and that PostgreSQL is running.`
      : code === "28P01" || code === "28000"
        ? "refused the login: check the user and password."
        : code === "3D000"
          ? "names a database that does not exist: create it (createdb) or fix the name."
          : code === "3F000"
            ? "sets a search_path schema that does not exist: create it (CREATE SCHEMA) or fix the URL."
            : `cannot be used (${code || text.slice(0, 80)}): see the log.`;
  return new DatabaseError(`${where} ${why}`, { cause: error });
}

/** `--check`: connects, reads the schema version, changes nothing. */
export async function checkPostgres(url: string): Promise<string> {
  if (!isPostgresUrl(url))
    throw new DatabaseError(
      "DATABASE_URL must look like postgres://user:password@host:5432/database",
    );
  const pool = createPool(url, { max: 1 });
  try {
    const { rows } = await pool.query<{ exists: boolean }>(
      "SELECT to_regclass('schema_version') IS NOT NULL AS exists",
    );
    const latest = latestVersion();
    if (!rows[0]?.exists)
      return `Database OK: postgres at ${redactUrl(url)}, empty (schema created at start; this code: ${latest}).`;
    const version = await schemaVersionOf(pool);
    if (version > latest)
      throw new DatabaseError(
        `is at schema version ${version}, newer than this code (${latest}): upgrade the bot or use another database.`,
      );
    return `Database OK: postgres at ${redactUrl(url)}, schema version ${version} (this code: ${latest}${version < latest ? "; migrated at start" : ""}).`;
  } catch (error) {
    throw postgresFault(error, url);
  } finally {
    await pool.end().catch(() => {});
  }
}
