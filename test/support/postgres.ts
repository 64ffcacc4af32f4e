import { randomBytes } from "node:crypto";
import pg from "pg";

/** Where PostgreSQL tests connect: `TEST_DATABASE_URL`, else the project machines' server. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

/** Set by `.ci/run`: a missing PostgreSQL fails the run instead of skipping its tests. */
const required = process.env.REQUIRE_POSTGRES === "1";

async function probe(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 2_000,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    if (required)
      throw new Error(
        `REQUIRE_POSTGRES=1 but PostgreSQL at TEST_DATABASE_URL cannot be reached: ${(error as Error).message}`,
      );
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether PostgreSQL answers at TEST_DATABASE_URL (probed once per test file). */
export const postgresAvailable = await probe();

let said = false;
/** Says once per file why the PostgreSQL tests are skipped. */
export function sayIfSkipped(): void {
  if (postgresAvailable || said) return;
  said = true;
  process.stderr.write(
    `PostgreSQL tests skipped: nothing answers at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL; CI sets REQUIRE_POSTGRES=1)\n`,
  );
}

/** A fresh schema name for one test file (dropped by `dropSchema`). */
export const schemaName = (prefix: string) =>
  `test_${prefix}_${randomBytes(4).toString("hex")}`.toLowerCase();

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** TEST_DATABASE_URL with `search_path` set to `schema`, as a replica's DATABASE_URL. */
export function urlWithSchema(schema: string): string {
  const u = new URL(TEST_DATABASE_URL);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

/** Creates a test schema (for URLs that set `search_path` to it). */
export async function createSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}
