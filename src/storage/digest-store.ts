import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { PlatformName } from "../platform.ts";
import {
  type Database,
  DatabaseBusyError,
  DatabaseError,
  DEFAULT_LOCK_WAIT_MS,
  LockWait,
  latestVersion,
  migrate,
  openSqlite,
  schemaVersion,
} from "./database.ts";
import { FileIdRepository } from "./file-ids.ts";
import { LedgerRepository } from "./ledger.ts";
import {
  asyncView,
  type Claimed,
  type ClaimOptions,
  type DigestStore,
  type FileIdStore,
  type LedgerStore,
  type StoreCheck,
  type SubscriptionStore,
} from "./store.ts";
import { SubscriptionRepository } from "./subscriptions.ts";

export type { Claimed } from "./store.ts";

/**
 * The digest's storage on one SQLite file. Statements run on the event loop (they take
 * microseconds on these tables); a lock held by another process is waited for
 * asynchronously, never inside SQLite (see `LockWait`).
 */
export class SqliteDigestStore implements DigestStore {
  readonly engine = "sqlite";
  readonly subscriptions: SubscriptionStore;
  readonly ledger: LedgerStore;
  readonly fileIds: FileIdStore;
  private readonly subs: SubscriptionRepository;
  private readonly book: LedgerRepository;

  constructor(
    readonly db: Database,
    readonly lock = new LockWait(),
  ) {
    this.subs = new SubscriptionRepository(db);
    this.book = new LedgerRepository(db);
    this.subscriptions = asyncView(this.subs, lock);
    this.ledger = asyncView(this.book, lock);
    this.fileIds = asyncView(new FileIdRepository(db), lock);
  }

  claim(
    platform: PlatformName,
    target: string,
    slotAt: string,
    schedule: { cron: string; timezone: string },
    claimedBy: string,
    now: Date,
    options: ClaimOptions = {},
  ): Promise<Claimed | undefined> {
    const run = this.db.transaction((): Claimed | undefined => {
      const sub = this.subs.get(platform, target);
      if (!sub || sub.pausedReason !== null) return undefined;
      if (sub.cron !== schedule.cron || sub.timezone !== schedule.timezone) return undefined;
      const key = `${sub.cron}|${sub.timezone}`;
      const ok = this.book.claim(
        { platform, target, slotAt, schedule: key, rotation: sub.rotation, claimedBy },
        now,
      );
      if (!ok) return undefined;
      this.subs.takeRotation(platform, target);
      return { subscription: sub, rotation: sub.rotation };
    });
    // IMMEDIATE: take the write lock before reading, so two processes cannot interleave.
    return this.lock.run(() => run.immediate(), {
      giveUp: options.giveUp,
      signal: options.signal,
    });
  }

  move(platform: PlatformName, from: string, to: string, now: Date): Promise<boolean> {
    const run = this.db.transaction(() => {
      const moved = this.subs.move(platform, from, to, now);
      this.book.move(platform, from, to);
      return moved;
    });
    return this.lock.run(() => run.immediate());
  }

  async check(): Promise<StoreCheck> {
    try {
      // A read, never a write lock: WAL readers are not blocked by another process's writer.
      const version = await this.lock.run(() => schemaVersion(this.db), { waitMs: 1_000 });
      const waiting = this.lock.waiting;
      return {
        ok: true,
        detail: `sqlite, schema ${version}${waiting ? `, ${waiting} write(s) waiting for a lock held by another process` : ""}`,
      };
    } catch {
      return { ok: false, detail: "sqlite: the database does not answer (see the log)" };
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * Opens and migrates the SQLite database for the bot. A lock held by another process is
 * waited for (up to `lockWaitMs`) without blocking; every fault becomes a `DatabaseError`
 * whose message names `DATABASE_PATH` and says what to do.
 *
 * @example const store = await openSqliteStore(config.DATABASE_PATH);
 */
export async function openSqliteStore(
  path: string,
  options: { lockWaitMs?: number } = {},
): Promise<SqliteDigestStore> {
  const lock = new LockWait(options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
  let db: Database | undefined;
  try {
    db = await lock.run(() => openSqlite(path));
    const opened = db;
    await lock.run(() => {
      migrate(opened);
      // A write that changes nothing, once at start: SQLite opens a file it cannot write
      // read-only without a word, and the first real write would fail much later.
      opened.pragma(`user_version = ${schemaVersion(opened)}`);
    });
    return new SqliteDigestStore(opened, lock);
  } catch (error) {
    db?.close();
    throw sqliteFault(error, path);
  }
}

/** The file (if there) and its folder can be written by this process. */
function writable(path: string): boolean {
  try {
    if (existsSync(path)) accessSync(path, constants.W_OK);
    if (existsSync(dirname(path))) accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** One line for an operator: which setting, what is wrong, what to do. */
export function sqliteFault(error: unknown, path: string): DatabaseError {
  const where = `DATABASE_PATH (${path})`;
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  const say = (text: string) => new DatabaseError(`${where} ${text}`, { cause: error });
  if (error instanceof DatabaseBusyError)
    return say(
      "is locked by another process holding a write transaction: stop that process (or wait for it), then start again.",
    );
  if (error instanceof DatabaseError) return say(`cannot be used: ${error.message}`);
  if (existsSync(path) && statSync(path).isDirectory())
    return say("is a folder, not a database file: point DATABASE_PATH at a file name.");
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT"))
    return say(
      "is not a valid SQLite database (damaged, or another kind of file): restore it from a backup, or move it away to start with an empty database.",
    );
  if (code.startsWith("SQLITE_READONLY") || code === "EROFS" || !writable(path))
    return say(
      `is read-only: give the bot write access to the file and to its folder ${dirname(path)} (SQLite writes -wal and -shm files beside it).`,
    );
  if (code === "EACCES" || code === "EPERM" || code === "ENOTDIR" || code === "EEXIST")
    return say(
      `cannot be created: its folder ${dirname(path)} cannot be made or written (${code}). Point DATABASE_PATH at a writable folder.`,
    );
  if (code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_IOERR"))
    return say(
      `cannot be opened (${code}): check that the file and its folder ${dirname(path)} exist and are writable by the bot.`,
    );
  return say(
    `cannot be opened (${code || (error instanceof Error ? error.name : "error")}): see the log, check the file and its folder.`,
  );
}

/**
 * `--check`: opens the file read-only (never creating or changing it) and checks its
 * integrity and schema version. Throws `DatabaseError` naming DATABASE_PATH.
 */
export function checkSqliteFile(path: string): string {
  if (!existsSync(path))
    return `Database: DATABASE_PATH (${path}) does not exist yet; it will be created at start.`;
  let db: Database | undefined;
  try {
    db = openSqlite(path, { readonly: true });
    const result = db.pragma("quick_check", { simple: true });
    if (result !== "ok")
      throw new DatabaseError(
        "is damaged (integrity check failed): restore it from a backup, or move it away to start with an empty database.",
      );
    const version = schemaVersion(db);
    const latest = latestVersion();
    if (version > latest)
      throw new DatabaseError(
        `is at schema version ${version}, newer than this code (${latest}): upgrade the bot or use another database.`,
      );
    return `Database OK: sqlite at ${path}, schema version ${version} (this code: ${latest}${version < latest ? "; migrated at start" : ""}).`;
  } catch (error) {
    if (error instanceof DatabaseError)
      throw new DatabaseError(`DATABASE_PATH (${path}) ${error.message}`, { cause: error });
    throw sqliteFault(error, path);
  } finally {
    db?.close();
  }
}
