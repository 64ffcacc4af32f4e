import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { copySqliteToPostgres } from "../../src/storage/copy.ts";
import { migrations, openDatabase } from "../../src/storage/database.ts";
import { SqliteDigestStore } from "../../src/storage/digest-store.ts";
import { FileIdRepository } from "../../src/storage/file-ids.ts";
import {
  dropSchema,
  postgresAvailable,
  sayIfSkipped,
  schemaName,
  TEST_DATABASE_URL,
} from "../support/postgres.ts";

sayIfSkipped();
const schema = schemaName("copy");
const olderSchema = schemaName("copy_v3");
afterAll(async () => {
  if (!postgresAvailable) return;
  await dropSchema(schema);
  await dropSchema(olderSchema);
});

const ORDER = {
  subscriptions: "platform, target",
  deliveries: 'platform, target, slot_at COLLATE "C"',
  file_ids: 'platform, image_key COLLATE "C"',
} as const;

/** Every row of a copied table, in a stable order, as PostgreSQL holds them. */
async function rowsIn(table: keyof typeof ORDER, inSchema = schema): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${inSchema}"`);
    return (await client.query(`SELECT * FROM ${table} ORDER BY ${ORDER[table]}`)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgresAvailable)("npm run db:copy (SQLite → PostgreSQL)", () => {
  it("GIVEN a SQLite file with subscriptions, a ledger and picture file ids THEN every row is copied as it is, and a second run changes nothing", async () => {
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
    const fileIds = new FileIdRepository(db);
    fileIds.set("telegram", "elections@0123456789ab/map/fr", "AgACAgQAAxkDAAIBbWZ");
    fileIds.set("telegram", "elections@0123456789ab/quote:q1/en", "AgACAgQAAxkDAAIBbmZ");
    const expected = {
      subscriptions: db.prepare("SELECT * FROM subscriptions ORDER BY platform, target").all(),
      deliveries: db.prepare("SELECT * FROM deliveries ORDER BY platform, target, slot_at").all(),
      fileIds: db.prepare("SELECT * FROM file_ids ORDER BY platform, image_key").all(),
    };
    expect(expected.fileIds).toHaveLength(2);
    await sqlite.close();

    const first = await copySqliteToPostgres(path, TEST_DATABASE_URL, { schema });
    expect(first).toEqual({
      subscriptions: { copied: 2, present: 0 },
      deliveries: { copied: 2, present: 0 },
      fileIds: { copied: 2, present: 0 },
    });
    expect(await rowsIn("subscriptions")).toEqual(expected.subscriptions);
    expect(await rowsIn("deliveries")).toEqual(expected.deliveries);
    expect(await rowsIn("file_ids")).toEqual(expected.fileIds);

    const second = await copySqliteToPostgres(path, TEST_DATABASE_URL, { schema });
    expect(second).toEqual({
      subscriptions: { copied: 0, present: 2 },
      deliveries: { copied: 0, present: 2 },
      fileIds: { copied: 0, present: 2 },
    });
    expect(await rowsIn("subscriptions")).toEqual(expected.subscriptions);
    expect(await rowsIn("deliveries")).toEqual(expected.deliveries);
    expect(await rowsIn("file_ids")).toEqual(expected.fileIds);
  });

  it("GIVEN a SQLite file older than the file_ids table (schema version 3) THEN its subscriptions are copied, as digests with their card, and no file id", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "summit-copy-")), "db.sqlite");
    const db = openDatabase(path, migrations.slice(0, 3));
    db.prepare(
      `INSERT INTO subscriptions (platform, target, cron, timezone, locale, source, rotation, created_at, updated_at)
       VALUES ('telegram', '-100123', '0 8 * * *', 'Europe/Paris', 'en', 'command', 0, ?, ?)`,
    ).run("2026-03-01T07:00:00.000Z", "2026-03-01T07:00:00.000Z");
    db.close();

    const report = await copySqliteToPostgres(path, TEST_DATABASE_URL, { schema: olderSchema });
    expect(report).toEqual({
      subscriptions: { copied: 1, present: 0 },
      deliveries: { copied: 0, present: 0 },
      fileIds: { copied: 0, present: 0 },
    });
    expect(await rowsIn("subscriptions", olderSchema)).toMatchObject([
      { platform: "telegram", target: "-100123", image: 1 },
    ]);
    expect(await rowsIn("file_ids", olderSchema)).toEqual([]);
  });
});
