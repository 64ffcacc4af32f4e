import type { Locale } from "../core/locale.ts";
import type { PlatformName } from "../platform.ts";
import type { Database } from "./database.ts";

/** Who created a subscription: an admin by command, or the operator through `DIGEST_*`. */
export type SubscriptionSource = "command" | "operator";

/** What a subscription is made of, as given by a command or the operator's settings. */
export interface SubscriptionInput {
  readonly platform: PlatformName;
  readonly target: string;
  readonly cron: string;
  readonly timezone: string;
  readonly locale: Locale;
  readonly source: SubscriptionSource;
  /**
   * Whether the digest carries the day's quote card. Omitted: on for a new subscription, and
   * an existing one keeps its setting.
   */
  readonly image?: boolean;
}

/** A channel or chat that receives the digest on a schedule. */
export interface Subscription extends SubscriptionInput {
  readonly image: boolean;
  /** Picks the next digest's quote; incremented by each claimed slot. */
  readonly rotation: number;
  /** Set when a permanent failure paused the subscription (kicked, blocked, …). */
  readonly pausedReason: string | null;
  readonly pausedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Row {
  platform: PlatformName;
  target: string;
  cron: string;
  timezone: string;
  locale: Locale;
  source: SubscriptionSource;
  rotation: number;
  /** 1: the digest carries the day's quote card; 0: text only. */
  image: number;
  paused_reason: string | null;
  paused_at: string | null;
  created_at: string;
  updated_at: string;
}

export const fromRow = (r: Row): Subscription => ({
  platform: r.platform,
  target: r.target,
  cron: r.cron,
  timezone: r.timezone,
  locale: r.locale,
  source: r.source,
  rotation: r.rotation,
  image: r.image !== 0,
  pausedReason: r.paused_reason,
  pausedAt: r.paused_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The `subscriptions` table. Subscriptions are paused, never deleted, on delivery failures. */
export class SubscriptionRepository {
  constructor(private readonly db: Database) {}

  get(platform: PlatformName, target: string): Subscription | undefined {
    const row = this.db
      .prepare<[string, string], Row>(
        "SELECT * FROM subscriptions WHERE platform = ? AND target = ?",
      )
      .get(platform, target);
    return row && fromRow(row);
  }

  /** Every subscription, paused ones included, in a stable order. */
  all(): Subscription[] {
    return this.db
      .prepare<[], Row>("SELECT * FROM subscriptions ORDER BY platform, target")
      .all()
      .map(fromRow);
  }

  /** The active (not paused) subscriptions on one schedule. */
  activeOn(cron: string, timezone: string): Subscription[] {
    return this.db
      .prepare<[string, string], Row>(
        "SELECT * FROM subscriptions WHERE cron = ? AND timezone = ? AND paused_reason IS NULL ORDER BY platform, target",
      )
      .all(cron, timezone)
      .map(fromRow);
  }

  /**
   * Creates or replaces a subscription's schedule and language; clears any pause (subscribing
   * again is how an admin resumes). Keeps the rotation counter and the creation date, and the
   * image setting when the input gives none.
   */
  upsert(input: SubscriptionInput, now: Date): Subscription {
    const at = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO subscriptions (platform, target, cron, timezone, locale, source, image, created_at, updated_at)
         VALUES (@platform, @target, @cron, @timezone, @locale, @source, COALESCE(@image, 1), @at, @at)
         ON CONFLICT (platform, target) DO UPDATE SET
           cron = excluded.cron, timezone = excluded.timezone, locale = excluded.locale,
           source = excluded.source, image = COALESCE(@image, subscriptions.image),
           paused_reason = NULL, paused_at = NULL, updated_at = excluded.updated_at`,
      )
      .run({
        platform: input.platform,
        target: input.target,
        cron: input.cron,
        timezone: input.timezone,
        locale: input.locale,
        source: input.source,
        image: input.image === undefined ? null : Number(input.image),
        at,
      });
    return this.get(input.platform, input.target) as Subscription;
  }

  /** Removes a subscription; its ledger stays (it is history). True if there was one. */
  remove(platform: PlatformName, target: string): boolean {
    return (
      this.db
        .prepare("DELETE FROM subscriptions WHERE platform = ? AND target = ?")
        .run(platform, target).changes > 0
    );
  }

  /** Pauses a subscription with its reason; true if it was active. */
  pause(platform: PlatformName, target: string, reason: string, now: Date): boolean {
    return (
      this.db
        .prepare(
          "UPDATE subscriptions SET paused_reason = ?, paused_at = ?, updated_at = ? WHERE platform = ? AND target = ? AND paused_reason IS NULL",
        )
        .run(reason, now.toISOString(), now.toISOString(), platform, target).changes > 0
    );
  }

  /** Clears a pause; true if the subscription was paused. */
  resume(platform: PlatformName, target: string, now: Date): boolean {
    return (
      this.db
        .prepare(
          "UPDATE subscriptions SET paused_reason = NULL, paused_at = NULL, updated_at = ? WHERE platform = ? AND target = ? AND paused_reason IS NOT NULL",
        )
        .run(now.toISOString(), platform, target).changes > 0
    );
  }

  /** Takes the current rotation value and advances it, atomically (call inside the claim). */
  takeRotation(platform: PlatformName, target: string): number {
    const row = this.db
      .prepare<[string, string], { rotation: number }>(
        "UPDATE subscriptions SET rotation = rotation + 1 WHERE platform = ? AND target = ? RETURNING rotation - 1 AS rotation",
      )
      .get(platform, target);
    return row?.rotation ?? 0;
  }

  /**
   * Moves a subscription to a new target id (a Telegram group that became a supergroup).
   * If the new id already has one, that one wins and the old one is removed.
   */
  move(platform: PlatformName, from: string, to: string, now: Date): boolean {
    if (this.get(platform, to)) return this.remove(platform, from);
    return (
      this.db
        .prepare(
          "UPDATE subscriptions SET target = ?, updated_at = ? WHERE platform = ? AND target = ?",
        )
        .run(to, now.toISOString(), platform, from).changes > 0
    );
  }

  /** The distinct schedules of active subscriptions: one scheduler task each. */
  activeSchedules(): { cron: string; timezone: string }[] {
    return this.db
      .prepare<[], { cron: string; timezone: string }>(
        "SELECT DISTINCT cron, timezone FROM subscriptions WHERE paused_reason IS NULL ORDER BY cron, timezone",
      )
      .all();
  }

  /** Every active subscription. */
  active(): Subscription[] {
    return this.all().filter((s) => s.pausedReason === null);
  }

  /** The operator-defined subscriptions (source 'operator'). */
  operatorTargets(): Subscription[] {
    return this.all().filter((s) => s.source === "operator");
  }
}
