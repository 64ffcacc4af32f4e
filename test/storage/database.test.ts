import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DatabaseError,
  migrations,
  openDatabase,
  schemaVersion,
} from "../../src/storage/database.ts";

/** The schema version this code ships. */
const LATEST = migrations.at(-1)?.version ?? 0;

const tempPath = (name = "db.sqlite") =>
  join(mkdtempSync(join(tmpdir(), "summit-db-")), "nested", "folder", name);

describe("openDatabase", () => {
  it("creates the folder, switches to WAL and applies every migration", () => {
    const db = openDatabase(tempPath());
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(schemaVersion(db)).toBe(migrations.at(-1)?.version);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(["deliveries", "file_ids", "subscriptions"]);
    db.close();
  });

  it("reopens an up-to-date file without re-running migrations", () => {
    const path = tempPath();
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST);
    db.close();
  });

  it("applies only the migrations newer than the file's version, in order", () => {
    const path = tempPath();
    openDatabase(path).close();
    const next = [
      ...migrations,
      {
        version: LATEST + 1,
        description: "test column",
        sql: "ALTER TABLE subscriptions ADD note TEXT",
        postgres: "ALTER TABLE subscriptions ADD note TEXT",
      },
    ];
    const db = openDatabase(path, next);
    expect(schemaVersion(db)).toBe(LATEST + 1);
    const columns = db.prepare("SELECT name FROM pragma_table_info('subscriptions')").pluck().all();
    expect(columns).toContain("note");
    db.close();
  });

  it("GIVEN a version-2 file with subscriptions THEN migration 3 keeps them and accepts a Russian subscription, not a made-up code", () => {
    const path = tempPath();
    const v2 = openDatabase(path, migrations.slice(0, 2));
    v2.prepare(
      `INSERT INTO subscriptions (platform, target, cron, timezone, locale, source, created_at, updated_at)
       VALUES ('telegram', '-1', '0 8 * * *', 'UTC', 'fr', 'command', 'x', 'x')`,
    ).run();
    expect(() =>
      v2
        .prepare(
          `INSERT INTO subscriptions (platform, target, cron, timezone, locale, source, created_at, updated_at)
           VALUES ('telegram', '-2', '0 8 * * *', 'UTC', 'ru', 'command', 'x', 'x')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    v2.close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST);
    const insert = (target: string, locale: string) =>
      db
        .prepare(
          `INSERT INTO subscriptions (platform, target, cron, timezone, locale, source, created_at, updated_at)
           VALUES ('telegram', ?, '0 8 * * *', 'UTC', ?, 'command', 'x', 'x')`,
        )
        .run(target, locale);
    insert("-2", "ru");
    expect(() => insert("-3", "russian")).toThrow(/CHECK/);
    expect(db.prepare("SELECT target, locale FROM subscriptions ORDER BY target").all()).toEqual([
      { target: "-1", locale: "fr" },
      { target: "-2", locale: "ru" },
    ]);
    db.close();
  });

  it("GIVEN a version-3 file with a subscription THEN migration 4 keeps it with its card on, accepts only 0 or 1, and adds the file ids", () => {
    const path = tempPath();
    const v3 = openDatabase(path, migrations.slice(0, 3));
    v3.prepare(
      `INSERT INTO subscriptions (platform, target, cron, timezone, locale, source, created_at, updated_at)
       VALUES ('telegram', '-1', '0 8 * * *', 'UTC', 'ru', 'command', 'x', 'x')`,
    ).run();
    v3.close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.prepare("SELECT target, locale, image FROM subscriptions").all()).toEqual([
      { target: "-1", locale: "ru", image: 1 },
    ]);
    db.prepare("UPDATE subscriptions SET image = 0").run();
    expect(() => db.prepare("UPDATE subscriptions SET image = 2").run()).toThrow(/CHECK/);
    db.prepare(
      "INSERT INTO file_ids (platform, image_key, file_id, created_at) VALUES ('telegram', 'k', 'f', 'x')",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO file_ids (platform, image_key, file_id, created_at) VALUES ('telegram', 'k', 'g', 'x')",
        )
        .run(),
    ).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });

  it("refuses a file whose schema is newer than the code", () => {
    const path = tempPath();
    const db = openDatabase(path);
    db.pragma("user_version = 99");
    db.close();
    expect(() => openDatabase(path)).toThrow(DatabaseError);
  });

  it("GIVEN a version-1 ledger with rows WHEN migrated THEN its rows are kept and the new statuses are accepted", () => {
    const path = tempPath();
    const old = openDatabase(path, migrations.slice(0, 1));
    old
      .prepare(
        "INSERT INTO deliveries (platform, target, slot_at, schedule, status, rotation, claimed_at, claimed_by) VALUES ('telegram', '-1', 's', 'c|UTC', 'claimed', 0, 'now', 'p')",
      )
      .run();
    old.close();
    const db = openDatabase(path);
    // A claim written before version 5 may have been sent (no 'sending' step then): it is
    // migrated as 'sending', so that it is reported, never re-sent.
    expect(db.prepare("SELECT status FROM deliveries").pluck().all()).toEqual(["sending"]);
    db.prepare("UPDATE deliveries SET status = 'claimed'").run();
    db.prepare("UPDATE deliveries SET status = 'uncertain'").run();
    db.prepare("UPDATE deliveries SET status = 'interrupted'").run();
    expect(() => db.prepare("UPDATE deliveries SET status = 'bogus'").run()).toThrow();
    db.close();
  });

  it("rolls back a failing migration and leaves the version unchanged", () => {
    const path = tempPath();
    openDatabase(path).close();
    const broken = [
      ...migrations,
      {
        version: LATEST + 1,
        description: "broken",
        sql: "NOT SQL AT ALL",
        postgres: "NOT SQL AT ALL",
      },
    ];
    expect(() => openDatabase(path, broken)).toThrow();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST);
    db.close();
  });
});
