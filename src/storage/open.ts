import type { Config } from "../config.ts";
import { checkSqliteFile, openSqliteStore } from "./digest-store.ts";
import type { DigestStore } from "./store.ts";

/**
 * Opens the configured database and migrates it: SQLite at `DATABASE_PATH`. Throws
 * `DatabaseError` whose one-line message names the setting and what to do.
 *
 * @example const store = await openStore(config);
 */
export async function openStore(config: Pick<Config, "DATABASE_PATH">): Promise<DigestStore> {
  return openSqliteStore(config.DATABASE_PATH);
}

/**
 * `--check`: the database as the bot would use it, opened read-only (nothing created or
 * changed). Returns one line to print; throws `DatabaseError` naming the setting.
 */
export async function checkDatabase(config: Pick<Config, "DATABASE_PATH">): Promise<string> {
  return checkSqliteFile(config.DATABASE_PATH);
}
