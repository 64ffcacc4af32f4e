import type { PlatformName } from "../platform.ts";
import type { Database } from "./database.ts";
import { LedgerRepository } from "./ledger.ts";
import { type Subscription, SubscriptionRepository } from "./subscriptions.ts";

/** What a successful claim hands to the sender: the subscription as it stood, and its rotation. */
export interface Claimed {
  readonly subscription: Subscription;
  readonly rotation: number;
}

/**
 * The digest's two tables and the operations that must touch both atomically (claiming a
 * slot, moving a migrated chat).
 */
export class DigestStore {
  readonly subscriptions: SubscriptionRepository;
  readonly ledger: LedgerRepository;

  constructor(readonly db: Database) {
    this.subscriptions = new SubscriptionRepository(db);
    this.ledger = new LedgerRepository(db);
  }

  /**
   * Claims (target, slot) for `claimedBy` and takes the target's rotation, in one write
   * transaction. Undefined when the slot is already claimed (here or by another process), or
   * when the subscription is gone, paused, or on another schedule now.
   */
  claim(
    platform: PlatformName,
    target: string,
    slotAt: string,
    schedule: { cron: string; timezone: string },
    claimedBy: string,
    now: Date,
  ): Claimed | undefined {
    const run = this.db.transaction((): Claimed | undefined => {
      const sub = this.subscriptions.get(platform, target);
      if (!sub || sub.pausedReason !== null) return undefined;
      if (sub.cron !== schedule.cron || sub.timezone !== schedule.timezone) return undefined;
      const key = `${sub.cron}|${sub.timezone}`;
      const ok = this.ledger.claim(
        { platform, target, slotAt, schedule: key, rotation: sub.rotation, claimedBy },
        now,
      );
      if (!ok) return undefined;
      this.subscriptions.takeRotation(platform, target);
      return { subscription: sub, rotation: sub.rotation };
    });
    // IMMEDIATE: take the write lock before reading, so two processes cannot interleave.
    return run.immediate();
  }

  /** Moves a subscription and its ledger to a new target id (group → supergroup). */
  move(platform: PlatformName, from: string, to: string, now: Date): boolean {
    return this.db
      .transaction(() => {
        const moved = this.subscriptions.move(platform, from, to, now);
        this.ledger.move(platform, from, to);
        return moved;
      })
      .immediate();
  }
}
