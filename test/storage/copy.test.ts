import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { copySqliteToPostgres } from "../../src/storage/copy.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { SqliteDigestStore } from "../../src/storage/digest-store.ts";
import {
  dropSchema,
  postgresAvailable,
  sayIfSkipped,
  schemaName,
  TEST_DATABASE_URL,
} from "../support/postgres.ts";

sayIfSkipped();
const schema = schemaName("copy");
afterAll(async () => {
  if (postgresAvailable) await dropSchema(schema);
});

/** Every row of both tables, in a stable order, as PostgreSQL holds them. */
async function rowsIn(table: "subscriptions" | "deliveries"): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    const order =
      table === "subscriptions" ? "platform, target" : 'platform, target, slot_at COLLATE "C"';
    return (await client.query(`SELECT * FROM ${table} ORDER BY ${order}`)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgresAvailable)("npm run db:copy (SQLite → PostgreSQL)", () => {
  it("GIVEN a SQLite file with subscriptions and a ledger THEN every row is copied as it is, and a second run changes nothing", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "summit-copy-")), "db.sqlite");
    const db = openDatabase(path);
    const sqlite = new SqliteDigestStore(db);
    const now = new Date("2026-03-01T07:00:00Z");
    const base = { cron: "0 8 * * *", timezone: "Europe/Paris", source: "command" as const };
    await sqlite.subscriptions.upsert(
      { ...base, platform: "telegram", target: "-100123", locale: "en" },
      now,
    );
    await sqlite.subscriptions.upsert(
      { ...base, platform: "discord", target: "1049721932418043954", locale: "fr", image: false },
      now,
    );
    await sqlite.subscriptions.pause("discord", "1049721932418043954", "kicked", now);
    const schedule = { cron: "0 8 * * *", timezone: "Europe/Paris" };
    await sqlite.claim("telegram", "-100123", "2026-03-01T07:00:00.000Z", schedule, "p", now);
    await sqlite.ledger.markSent(
      { platform: "telegram", target: "-100123", slotAt: "2026-03-01T07:00:00.000Z" },
      1,
      "42",
      now,
    );
    await sqlite.claim("telegram", "-100123", "2026-03-02T07:00:00.000Z", schedule, "p", now);
    const expected = {
      subscriptions: db.prepare("SELECT * FROM subscriptions ORDER BY platform, target").all(),
      deliveries: db.prepare("SELECT * FROM deliveries ORDER BY platform, target, slot_at").all(),
    };
    await sqlite.close();

    const first = await copySqliteToPostgres(path, TEST_DATABASE_URL, { schema });
    expect(first).toEqual({
      subscriptions: { copied: 2, present: 0 },
      deliveries: { copied: 2, present: 0 },
    });
    expect(await rowsIn("subscriptions")).toEqual(expected.subscriptions);
    expect(await rowsIn("deliveries")).toEqual(expected.deliveries);

    const second = await copySqliteToPostgres(path, TEST_DATABASE_URL, { schema });
    expect(second).toEqual({
      subscriptions: { copied: 0, present: 2 },
      deliveries: { copied: 0, present: 2 },
    });
    expect(await rowsIn("subscriptions")).toEqual(expected.subscriptions);
    expect(await rowsIn("deliveries")).toEqual(expected.deliveries);
  });
});
