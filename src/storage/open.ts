import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { checkSqliteFile, openSqliteStore } from "./digest-store.ts";
import type { DigestStore } from "./store.ts";

type DatabaseSettings = Pick<Config, "DATABASE_PATH" | "DATABASE_URL">;

/**
 * Opens the configured database and migrates it: PostgreSQL when `DATABASE_URL` is set
 * (it wins over `DATABASE_PATH`), else SQLite at `DATABASE_PATH`. Throws `DatabaseError`
 * whose one-line message names the setting and what to do.
 *
 * @example const store = await openStore(config, log);
 */
export async function openStore(config: DatabaseSettings, log?: Logger): Promise<DigestStore> {
  if (config.DATABASE_URL) {
    // Loaded only when used: a SQLite deployment never loads pg.
    const { openPostgresStore } = await import("./postgres.ts");
    return openPostgresStore(config.DATABASE_URL, {
      onError: (err) => log?.warn({ err }, "postgres: an idle connection failed"),
    });
  }
  return openSqliteStore(config.DATABASE_PATH);
}

/**
 * `--check`: the database as the bot would use it, changing nothing (SQLite opened
 * read-only). Returns the lines to print; throws `DatabaseError` naming the setting.
 */
export async function checkDatabase(
  config: DatabaseSettings,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (config.DATABASE_URL) {
    const { checkPostgres } = await import("./postgres.ts");
    const line = await checkPostgres(config.DATABASE_URL);
    const both = env.DATABASE_PATH
      ? `\nDATABASE_URL and DATABASE_PATH are both set: DATABASE_URL (PostgreSQL) wins; ${config.DATABASE_PATH} is not used (copy it with npm run db:copy).`
      : "";
    return `${line}${both}`;
  }
  return checkSqliteFile(config.DATABASE_PATH);
}
