import type pg from "pg";
import { type Database, openSqlite } from "./database.ts";
import { openPostgresStore, type PostgresOptions } from "./postgres.ts";

/** What one copy did: rows written, and rows the target already had (left as they were). */
export interface CopyReport {
  readonly subscriptions: { readonly copied: number; readonly present: number };
  readonly deliveries: { readonly copied: number; readonly present: number };
  readonly fileIds: { readonly copied: number; readonly present: number };
}

const SUBSCRIPTION_COLUMNS = [
  "platform",
  "target",
  "cron",
  "timezone",
  "locale",
  "source",
  "rotation",
  "image",
  "paused_reason",
  "paused_at",
  "created_at",
  "updated_at",
] as const;
const DELIVERY_COLUMNS = [
  "platform",
  "target",
  "slot_at",
  "schedule",
  "status",
  "rotation",
  "claimed_at",
  "claimed_by",
  "finished_at",
  "attempts",
  "message_id",
  "reason",
] as const;

const FILE_ID_COLUMNS = ["platform", "image_key", "file_id", "created_at"] as const;

/** Columns an older SQLite file may lack, and what its rows mean there (a digest with its card). */
const COLUMN_DEFAULTS: ReadonlyMap<string, unknown> = new Map([["image", 1]]);

/** Inserts rows in batches; a row whose key is already there is left alone (DO NOTHING). */
async function insertAll(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  let copied = 0;
  const batch = 500;
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = columns.map((c) => {
        values.push(row[c] ?? COLUMN_DEFAULTS.get(c) ?? null);
        return `$${values.length}`;
      });
      return `(${marks.join(", ")})`;
    });
    const r = await client.query(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${tuples.join(", ")} ON CONFLICT DO NOTHING`,
      values,
    );
    copied += r.rowCount ?? 0;
  }
  return copied;
}

/** Every row of a SQLite table; none when the file predates the table (`file_ids`: version 4). */
function rowsOf(source: Database, table: string): Record<string, unknown>[] {
  const exists = source
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(table);
  if (!exists) return [];
  return source.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
}

/**
 * Copies the subscriptions, the ledger and the platforms' file ids of uploaded pictures of the
 * SQLite file at `path` (opened read-only) into PostgreSQL at `url` (migrated first), in one
 * transaction. Rows already there are kept as they are, so running it twice changes nothing.
 *
 * @example const report = await copySqliteToPostgres("var/summit-brief.sqlite", "postgres://…");
 */
export async function copySqliteToPostgres(
  path: string,
  url: string,
  options: PostgresOptions = {},
): Promise<CopyReport> {
  const source = openSqlite(path, { readonly: true });
  const target = await openPostgresStore(url, options);
  try {
    const subs = rowsOf(source, "subscriptions");
    const deliveries = rowsOf(source, "deliveries");
    const fileIds = rowsOf(source, "file_ids");
    const client = await target.pool.connect();
    try {
      await client.query("BEGIN");
      const copiedSubs = await insertAll(client, "subscriptions", SUBSCRIPTION_COLUMNS, subs);
      const copiedDeliveries = await insertAll(client, "deliveries", DELIVERY_COLUMNS, deliveries);
      const copiedFileIds = await insertAll(client, "file_ids", FILE_ID_COLUMNS, fileIds);
      await client.query("COMMIT");
      return {
        subscriptions: { copied: copiedSubs, present: subs.length - copiedSubs },
        deliveries: { copied: copiedDeliveries, present: deliveries.length - copiedDeliveries },
        fileIds: { copied: copiedFileIds, present: fileIds.length - copiedFileIds },
      };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  } finally {
    source.close();
    await target.close();
  }
}
