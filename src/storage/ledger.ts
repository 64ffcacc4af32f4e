// SQLite's delivery ledger: the claim, the sending mark, the outcomes and the take-over after a
// stopped leader, with the SQL text PostgreSQL shares. Just over 300 lines: one file so each state
// transition is read beside the statement that makes it.

import type { PlatformName } from "../platform.ts";
import type { Database } from "./database.ts";

/**
 * `claimed` (this process won the slot, no request made yet) → `sending` (written just before
 * the platform request) → `sent`, `failed`, or `uncertain` (the platform may have posted it:
 * never retried). Between two attempts of a retry the row is `claimed` again (the failure
 * proved nothing was posted).
 *
 * When a new leader takes over (`takeOver`), another process's `claimed` rows are safe to send
 * (no request was started): those within the catch-up window are claimed anew and sent, older
 * ones are `failed`. Its `sending` rows may have reached the platform: they become
 * `interrupted` (reported once, never re-sent). A live process that finishes one later still
 * records its outcome over that mark.
 */
export type DeliveryStatus =
  | "claimed"
  | "sending"
  | "sent"
  | "failed"
  | "uncertain"
  | "interrupted";

/** What a new leader found in the ledger, left by processes that stopped (`takeOver`). */
export interface TakeOver {
  /** Claimed, never sent, still within the catch-up window: now claimed by the new leader. */
  readonly reclaimed: Delivery[];
  /** In flight (`sending`) when their process stopped: now `interrupted`, never re-sent. */
  readonly interrupted: Delivery[];
  /** Claimed, never sent, too old (or the subscription changed): now `failed`. */
  readonly expired: Delivery[];
}

/** Reasons written by `takeOver` (the same on every engine). */
export const TAKEOVER_REASON = {
  interrupted: "in flight when its process stopped: it may have been posted, so it is not re-sent",
  expired:
    "claimed, never sent: its process stopped before the request, and the catch-up window had passed or the subscription had changed",
} as const;

/**
 * `takeOver`'s SQL, shared by both engines (`?` placeholders, numbered for PostgreSQL): a
 * claim is taken over only while its subscription is active on the same schedule.
 */
export const TAKEOVER_SQL = {
  interrupted: `UPDATE deliveries SET status = 'interrupted', reason = ?
    WHERE status = 'sending' AND claimed_by <> ? RETURNING *`,
  reclaimed: `UPDATE deliveries SET claimed_by = ?, claimed_at = ?
    WHERE status = 'claimed' AND claimed_by <> ? AND slot_at >= ?
      AND EXISTS (SELECT 1 FROM subscriptions s
                  WHERE s.platform = deliveries.platform AND s.target = deliveries.target
                    AND s.paused_reason IS NULL
                    AND s.cron || '|' || s.timezone = deliveries.schedule)
    RETURNING *`,
  expired: `UPDATE deliveries SET status = 'failed', finished_at = ?, reason = ?
    WHERE status = 'claimed' AND claimed_by <> ? RETURNING *`,
} as const;

const byClaim = (a: Delivery, b: Delivery) =>
  a.claimedAt.localeCompare(b.claimedAt) ||
  a.platform.localeCompare(b.platform) ||
  a.target.localeCompare(b.target);

/** Sorts each list of a take-over by claim time (then target), whatever the engine returned. */
export const sortTakeOver = (t: TakeOver): TakeOver => ({
  reclaimed: [...t.reclaimed].sort(byClaim),
  interrupted: [...t.interrupted].sort(byClaim),
  expired: [...t.expired].sort(byClaim),
});

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
   * The request is about to start: `claimed` → `sending`, only for the process holding the
   * claim. False when the claim was taken over (another leader re-claimed it, or marked it):
   * the caller must not send.
   */
  markSending(
    key: { platform: PlatformName; target: string; slotAt: string },
    claimedBy: string,
  ): boolean {
    return (
      this.db
        .prepare(
          "UPDATE deliveries SET status = 'sending' WHERE platform = ? AND target = ? AND slot_at = ? AND status = 'claimed' AND claimed_by = ?",
        )
        .run(key.platform, key.target, key.slotAt, claimedBy).changes === 1
    );
  }

  /** A failure proved nothing was posted and a retry will follow: `sending` → `claimed`. */
  release(
    key: { platform: PlatformName; target: string; slotAt: string },
    claimedBy: string,
  ): void {
    this.db
      .prepare(
        "UPDATE deliveries SET status = 'claimed' WHERE platform = ? AND target = ? AND slot_at = ? AND status = 'sending' AND claimed_by = ?",
      )
      .run(key.platform, key.target, key.slotAt, claimedBy);
  }

  /**
   * A new leader (`claimedBy`) takes over what other processes left open, atomically (see
   * `TakeOver`): their `sending` rows become `interrupted`; their `claimed` rows for slots at
   * or after `since` (ISO) whose subscription is still active on that schedule are claimed by
   * `claimedBy`, to be sent; their other `claimed` rows become `failed`.
   */
  takeOver(claimedBy: string, since: string, now: Date): TakeOver {
    const at = now.toISOString();
    const run = this.db.transaction(
      (): TakeOver => ({
        interrupted: this.db
          .prepare<[string, string], Row>(TAKEOVER_SQL.interrupted)
          .all(TAKEOVER_REASON.interrupted, claimedBy)
          .map(fromRow),
        reclaimed: this.db
          .prepare<[string, string, string, string], Row>(TAKEOVER_SQL.reclaimed)
          .all(claimedBy, at, claimedBy, since)
          .map(fromRow),
        expired: this.db
          .prepare<[string, string, string], Row>(TAKEOVER_SQL.expired)
          .all(at, TAKEOVER_REASON.expired, claimedBy)
          .map(fromRow),
      }),
    );
    return sortTakeOver(run.immediate());
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
