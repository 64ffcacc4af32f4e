import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate as turn } from "node:timers/promises";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import {
  DatabaseError,
  latestVersion,
  openDatabase,
  SQLITE_BUSY_TIMEOUT_MS,
} from "../../src/storage/database.ts";
import { checkSqliteFile, openSqliteStore } from "../../src/storage/digest-store.ts";

const now = new Date("2026-03-01T07:00:00Z");
const tempPath = () => join(mkdtempSync(join(tmpdir(), "summit-store-")), "db.sqlite");
const input = {
  platform: "telegram" as const,
  target: "-100123",
  cron: "0 8 * * *",
  timezone: "Europe/Paris",
  locale: "en" as const,
  source: "command" as const,
};

/** A second connection, as another process would hold it, with a write transaction open. */
function holdWriteLock(path: string): { release(): void } {
  const other = new BetterSqlite3(path);
  other.exec("BEGIN IMMEDIATE");
  return {
    release() {
      other.exec("COMMIT");
      other.close();
    },
  };
}

/** Files made immutable for a test (root ignores modes; `chattr +i` stops even root). */
const immutable: string[] = [];
const freeze = (path: string) => {
  execFileSync("chattr", ["+i", path]);
  immutable.push(path);
};
afterEach(() => {
  for (const path of immutable.splice(0)) execFileSync("chattr", ["-i", path]);
});

describe("SQLite under a lock held by another process", () => {
  it("GIVEN the store THEN SQLite's own synchronous wait is a few milliseconds, not seconds", async () => {
    const store = await openSqliteStore(tempPath());
    expect(store.db.pragma("busy_timeout", { simple: true })).toBe(SQLITE_BUSY_TIMEOUT_MS);
    expect(SQLITE_BUSY_TIMEOUT_MS).toBeLessThanOrEqual(20);
    await store.close();
  });

  it("GIVEN another connection holds a write transaction THEN a write waits with the event loop free, and lands once the lock is released", async () => {
    const path = tempPath();
    const store = await openSqliteStore(path);
    const lock = holdWriteLock(path);
    let settled = false;
    const write = store.subscriptions.upsert(input, now).finally(() => {
      settled = true;
    });
    expect(store.lock.waiting).toBe(1);
    // The event loop turns (timers, sockets, other commands) while the write waits.
    for (let i = 0; i < 5; i++) await turn();
    expect(settled).toBe(false);
    lock.release();
    expect(await write).toMatchObject({ target: "-100123", rotation: 0 });
    expect(store.lock.waiting).toBe(0);
    await store.close();
  });

  it("GIVEN another connection holds a write transaction THEN the readiness probe answers at once, with no write lock, and says a write is waiting", async () => {
    const path = tempPath();
    const store = await openSqliteStore(path);
    const lock = holdWriteLock(path);
    const write = store.subscriptions.upsert(input, now);
    expect(await store.check()).toEqual({
      ok: true,
      detail: `sqlite, schema ${latestVersion()}, 1 write(s) waiting for a lock held by another process`,
    });
    lock.release();
    await write;
    expect(await store.check()).toEqual({ ok: true, detail: `sqlite, schema ${latestVersion()}` });
    await store.close();
  });

  it("GIVEN the lock is never released THEN a write gives up after its wait with a DatabaseBusyError", async () => {
    const path = tempPath();
    const store = await openSqliteStore(path, { lockWaitMs: 50 });
    const lock = holdWriteLock(path);
    await expect(store.subscriptions.upsert(input, now)).rejects.toThrow(
      "the database is locked by another process",
    );
    lock.release();
    await store.close();
  });
});

describe("opening the database at start: one line naming DATABASE_PATH and what to do", () => {
  const fault = async (path: string, options: { lockWaitMs?: number } = {}) => {
    const error = await openSqliteStore(path, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseError);
    const message = (error as Error).message;
    expect(message).toContain(`DATABASE_PATH (${path})`);
    expect(message).not.toContain("\n");
    return message;
  };

  it("GIVEN a read-only database file THEN says it is read-only and to give write access", async () => {
    const path = tempPath();
    openDatabase(path).close();
    freeze(path);
    expect(await fault(path)).toMatch(/is read-only: give the bot write access/);
  });

  it("GIVEN a read-only folder THEN says it is read-only and names the folder", async () => {
    const path = tempPath();
    openDatabase(path).close();
    freeze(join(path, ".."));
    expect(await fault(path)).toMatch(/is read-only: .* to its folder \/.*summit-store-/);
  });

  it("GIVEN random bytes in the file THEN says it is not a SQLite database and to restore or move it", async () => {
    const path = tempPath();
    writeFileSync(path, randomBytes(8192));
    expect(await fault(path)).toMatch(/is not a valid SQLite database .* restore it from a backup/);
  });

  it("GIVEN a folder at the path THEN says it is a folder and to point at a file", async () => {
    const path = tempPath();
    mkdirSync(path);
    expect(await fault(path)).toMatch(/is a folder, not a database file/);
  });

  it("GIVEN another process holds a write lock for longer than the start-up wait THEN says it is locked and by whom", async () => {
    const path = tempPath();
    openDatabase(path).close();
    const lock = holdWriteLock(path);
    expect(await fault(path, { lockWaitMs: 50 })).toMatch(
      /is locked by another process holding a write transaction: stop that process/,
    );
    lock.release();
  });

  it("GIVEN the lock is released during the start-up wait THEN opens", async () => {
    const path = tempPath();
    openDatabase(path).close();
    const lock = holdWriteLock(path);
    const opening = openSqliteStore(path);
    await turn();
    lock.release();
    const store = await opening;
    expect(await store.check()).toMatchObject({ ok: true });
    await store.close();
  });
});

describe("--check: the database file opened read-only", () => {
  it("GIVEN a sound file THEN reports its schema version", () => {
    const path = tempPath();
    openDatabase(path).close();
    expect(checkSqliteFile(path)).toBe(
      `Database OK: sqlite at ${path}, schema version ${latestVersion()} (this code: ${latestVersion()}).`,
    );
  });

  it("GIVEN no file yet THEN says it will be created, and creates nothing", () => {
    const path = tempPath();
    expect(checkSqliteFile(path)).toContain("does not exist yet");
    expect(existsSync(path)).toBe(false);
  });

  it("GIVEN random bytes THEN fails naming DATABASE_PATH", () => {
    const path = tempPath();
    writeFileSync(path, randomBytes(8192));
    expect(() => checkSqliteFile(path)).toThrow(/DATABASE_PATH \(.*\) is not a valid SQLite/);
  });

  it("GIVEN a file from a newer version of the bot THEN fails naming its schema version", () => {
    const path = tempPath();
    const db = openDatabase(path);
    db.pragma("user_version = 99");
    db.close();
    expect(() => checkSqliteFile(path)).toThrow(/DATABASE_PATH \(.*\) is at schema version 99/);
  });

  it("GIVEN a damaged page THEN the integrity check fails", () => {
    const path = tempPath();
    const db = openDatabase(path);
    db.pragma("journal_mode = DELETE");
    const insert = db.prepare(
      "INSERT INTO deliveries (platform, target, slot_at, schedule, status, rotation, claimed_at, claimed_by) VALUES ('telegram', ?, 'x', 's', 'sent', 0, 'x', 'p')",
    );
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`target-${i}`);
    })();
    db.close();
    // Overwrite pages in the middle of the file, keeping the header intact.
    const page = 4096;
    const offset = Math.floor(statSync(path).size / 2 / page) * page;
    const file = openSync(path, "r+");
    writeSync(file, randomBytes(page), 0, page, offset);
    closeSync(file);
    expect(() => checkSqliteFile(path)).toThrow(/DATABASE_PATH \(.*\) (is damaged|is not a valid)/);
  });
});
