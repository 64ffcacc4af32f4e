import type { PlatformName } from "../platform.ts";
import type { Database } from "./database.ts";

/**
 * `claimed` before the send; then `sent`, `failed`, or `uncertain` (the platform may have
 * posted it: never retried). A claim found still open when a process starts is marked
 * `interrupted` (reported once, never re-sent); a live process that finishes it later still
 * records its outcome over that mark.
 */
export type DeliveryStatus = "claimed" | "sent" | "failed" | "uncertain" | "interrupted";

/** One (target, slot) in the ledger: claimed before it is sent, then its outcome. */
export interface Delivery {
  readonly platform: PlatformName;
  readonly target: string;
  /** The slot: the scheduled instant, UTC ISO. */
  readonly slotAt: string;
  /** The schedule that produced the slot (`cron|timezone`). */
  readonly schedule: string;
  readonly status: DeliveryStatus;
  readonly rotation: number;
  readonly claimedAt: string;
  /** The process that claimed it (a random id per DigestService). */
  readonly claimedBy: string;
  readonly finishedAt: string | null;
  readonly attempts: number;
  readonly messageId: string | null;
  readonly reason: string | null;
}

export interface Row {
  platform: PlatformName;
  target: string;
  slot_at: string;
  schedule: string;
  status: DeliveryStatus;
  rotation: number;
  claimed_at: string;
  claimed_by: string;
  finished_at: string | null;
  attempts: number;
  message_id: string | null;
  reason: string | null;
}

export const fromRow = (r: Row): Delivery => ({
  platform: r.platform,
  target: r.target,
  slotAt: r.slot_at,
  schedule: r.schedule,
  status: r.status,
  rotation: r.rotation,
  claimedAt: r.claimed_at,
  claimedBy: r.claimed_by,
  finishedAt: r.finished_at,
  attempts: r.attempts,
  messageId: r.message_id,
  reason: r.reason,
});

export interface ClaimRequest {
  readonly platform: PlatformName;
  readonly target: string;
  readonly slotAt: string;
  readonly schedule: string;
  readonly rotation: number;
  readonly claimedBy: string;
}

/** The `deliveries` table: the durable record that makes each slot post at most once. */
export class LedgerRepository {
  constructor(private readonly db: Database) {}

  /**
   * Claims a slot for a target. True only for the one caller (in any process on this database)
   * whose insert created the row; everyone else gets false and must not send.
   */
  claim(request: ClaimRequest, now: Date): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO deliveries (platform, target, slot_at, schedule, status, rotation, claimed_at, claimed_by)
           VALUES (@platform, @target, @slotAt, @schedule, 'claimed', @rotation, @at, @claimedBy)
           ON CONFLICT (platform, target, slot_at) DO NOTHING`,
        )
        .run({ ...request, at: now.toISOString() }).changes === 1
    );
  }

  markSent(
    key: { platform: PlatformName; target: string; slotAt: string },
    attempts: number,
    messageId: string | undefined,
    now: Date,
  ): void {
    this.db
      .prepare(
        "UPDATE deliveries SET status = 'sent', finished_at = ?, attempts = ?, message_id = ? WHERE platform = ? AND target = ? AND slot_at = ?",
      )
      .run(now.toISOString(), attempts, messageId ?? null, key.platform, key.target, key.slotAt);
  }

  markFailed(
    key: { platform: PlatformName; target: string; slotAt: string },
    attempts: number,
    reason: string,
    now: Date,
  ): void {
    this.db
      .prepare(
        "UPDATE deliveries SET status = 'failed', finished_at = ?, attempts = ?, reason = ? WHERE platform = ? AND target = ? AND slot_at = ?",
      )
      .run(now.toISOString(), attempts, reason, key.platform, key.target, key.slotAt);
  }

  /** The send may have reached the platform (timeout, reset): recorded, never retried. */
  markUncertain(
    key: { platform: PlatformName; target: string; slotAt: string },
    attempts: number,
    reason: string,
    now: Date,
  ): void {
    this.db
      .prepare(
        "UPDATE deliveries SET status = 'uncertain', finished_at = ?, attempts = ?, reason = ? WHERE platform = ? AND target = ? AND slot_at = ?",
      )
      .run(now.toISOString(), attempts, reason, key.platform, key.target, key.slotAt);
  }

  /**
   * Marks every claim still open (whatever its age) as interrupted and returns them, so that
   * each is reported once. Called at start, before this process claims anything.
   */
  markInterrupted(): Delivery[] {
    return this.db
      .prepare<[], Row>(
        "UPDATE deliveries SET status = 'interrupted', reason = 'claimed, no outcome recorded (the process stopped?)' WHERE status = 'claimed' RETURNING *",
      )
      .all()
      .map(fromRow)
      .sort((a, b) => a.claimedAt.localeCompare(b.claimedAt));
  }

  get(platform: PlatformName, target: string, slotAt: string): Delivery | undefined {
    const row = this.db
      .prepare<[string, string, string], Row>(
        "SELECT * FROM deliveries WHERE platform = ? AND target = ? AND slot_at = ?",
      )
      .get(platform, target, slotAt);
    return row && fromRow(row);
  }

  /** The target's most recent slot (any status). */
  latest(platform: PlatformName, target: string): Delivery | undefined {
    const row = this.db
      .prepare<[string, string], Row>(
        "SELECT * FROM deliveries WHERE platform = ? AND target = ? ORDER BY slot_at DESC LIMIT 1",
      )
      .get(platform, target);
    return row && fromRow(row);
  }

  /** The target's most recent successfully posted slot. */
  lastSent(platform: PlatformName, target: string): Delivery | undefined {
    const row = this.db
      .prepare<[string, string], Row>(
        "SELECT * FROM deliveries WHERE platform = ? AND target = ? AND status = 'sent' ORDER BY slot_at DESC LIMIT 1",
      )
      .get(platform, target);
    return row && fromRow(row);
  }

  /** Claims never marked sent or failed, claimed before `before` (ISO): crashes, or sends in flight. */
  unfinished(before: string): Delivery[] {
    return this.db
      .prepare<[string], Row>(
        "SELECT * FROM deliveries WHERE status = 'claimed' AND claimed_at < ? ORDER BY claimed_at",
      )
      .all(before)
      .map(fromRow);
  }

  /** Every row for a target, newest first (for tests and the CLI). */
  history(platform: PlatformName, target: string): Delivery[] {
    return this.db
      .prepare<[string, string], Row>(
        "SELECT * FROM deliveries WHERE platform = ? AND target = ? ORDER BY slot_at DESC",
      )
      .all(platform, target)
      .map(fromRow);
  }

  /** Moves a target's history to a new id; rows the new id already has for a slot are kept. */
  move(platform: PlatformName, from: string, to: string): void {
    this.db
      .prepare("UPDATE OR IGNORE deliveries SET target = ? WHERE platform = ? AND target = ?")
      .run(to, platform, from);
    this.db.prepare("DELETE FROM deliveries WHERE platform = ? AND target = ?").run(platform, from);
  }
}
