// The delivery engine: claim a (target, slot), send, record sent / uncertain / failed / paused,
// with bounded retries and retry_after. It stays one file (over 300 lines) because the at-most-once
// rule is a single state machine and splitting it would scatter the transitions.

import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { Locale } from "../core/locale.ts";
import type { Reply } from "../core/reply.ts";
import { toDeadline, within } from "../deadline.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../ops/metrics.ts";
import type { PlatformName, ReplySender, SendResult } from "../platform.ts";
import { DatabaseBusyError } from "../storage/database.ts";
import type { DigestStore } from "../storage/store.ts";
import type { Clock } from "./clock.ts";
import { type Pacer, PacerStoppedError } from "./pacing.ts";
import type { Schedule } from "./schedule.ts";
import { slotId } from "./slots.ts";

/** One digest to post: a target and the slot it is for. */
export interface DeliveryJob {
  readonly platform: PlatformName;
  readonly target: string;
  readonly schedule: Schedule;
  readonly slot: Date;
  /**
   * A claim taken over from a process that stopped before its request (`ledger.takeOver`):
   * already claimed by this process, with the rotation it took.
   */
  readonly reclaimed?: { readonly rotation: number };
}

export type DeliveryResult =
  /** Posted and recorded. */
  | "sent"
  /**
   * Already claimed (by this or another process), the subscription changed, or the claim was
   * taken over by another leader before the request: not sent here.
   */
  | "skipped"
  /** Claimed, attempted, and given up after the retry bound: recorded as failed. */
  | "failed"
  /** A permanent failure: recorded as failed, and the subscription paused with its reason. */
  | "paused"
  /**
   * The platform may have posted it (a timeout, a reset after the request was written):
   * recorded as uncertain and never retried, since at most once wins over at least once.
   */
  | "uncertain"
  /** No sender for the platform (adapter not running): not claimed, so catch-up can retry. */
  | "no-sender"
  /**
   * Dropped by shutdown before any request, or between a failed attempt and its retry: never
   * posted, and its claim (if any) left `claimed` for the next leader to send.
   */
  | "stopped"
  /** The database stayed locked (by another process) past the slot's window: never claimed. */
  | "locked";

export interface DeliveryOutcome {
  readonly platform: PlatformName;
  /** The target it was finally sent to (the new id after a migration). */
  readonly target: string;
  readonly slotAt: string;
  readonly result: DeliveryResult;
  readonly attempts: number;
  readonly rateLimited: number;
  readonly reason?: string;
}

export interface DeliveryReport {
  readonly outcomes: readonly DeliveryOutcome[];
  readonly count: Readonly<Record<DeliveryResult, number>>;
  /** 429 answers that reached the engine (the sender did not absorb them). */
  readonly rateLimited: number;
}

/** Bounded retries for transient failures (5xx, network, 429). */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** First backoff when the platform gave no retry_after; doubles each time. */
  readonly baseDelayMs: number;
  /** Longest wait we accept; a longer retry_after fails the slot instead of holding it. */
  readonly maxDelayMs: number;
}

export const defaultRetry: RetryPolicy = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 };

export interface DeliveryDeps {
  readonly store: DigestStore;
  readonly pacer: Pacer;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics?: Metrics;
  /** Identifies this process in the ledger's `claimed_by`. */
  readonly instanceId: string;
  /** The digest to post: in the subscription's language, with the day's card if `image`. */
  readonly render: (locale: Locale, rotation: number, image: boolean) => Reply;
  readonly retry?: RetryPolicy;
  /** Called after a post is recorded as uncertain (for /readyz). */
  readonly onUncertain?: () => void;
  /**
   * How long after its slot a claim may still be retried while the database is locked by
   * another process (`DIGEST_CATCHUP`, at least a minute).
   */
  readonly claimWindowMs?: number;
}

/** The shortest claim window: a lock held for seconds must not cost a slot, catch-up or not. */
export const MIN_CLAIM_WINDOW_MS = 60_000;

/** What the pacer's task answers when the claim was taken over before the request. */
const TAKEN_OVER = Symbol("taken over");

/**
 * Claims, sends and records digests: claim (transaction) → `sending` (a compare-and-set only
 * the claim's holder wins) → send through the pacer → mark sent, failed or paused. Every job runs concurrently; the pacer keeps within the platform's limits
 * and a target waiting for a retry holds no pacer slot.
 */
export class DeliveryEngine {
  private readonly senders = new Map<PlatformName, ReplySender>();
  private readonly inFlight = new Set<Promise<DeliveryOutcome>>();
  private readonly abort = new AbortController();
  private readonly retry: RetryPolicy;

  constructor(private readonly deps: DeliveryDeps) {
    this.retry = deps.retry ?? defaultRetry;
    // Every target waiting for a retry listens for shutdown: many are expected, not a leak.
    setMaxListeners(0, this.abort.signal);
  }

  /** Registers (or replaces) the sender of a platform. */
  setSender(sender: ReplySender): void {
    this.senders.set(sender.platform, sender);
    if (sender.pacing) this.deps.pacer.addLane(sender.platform, sender.pacing);
  }

  hasSender(platform: PlatformName): boolean {
    return this.senders.has(platform);
  }

  /** Delivers every job concurrently; resolves when all have an outcome. */
  async deliver(jobs: readonly DeliveryJob[]): Promise<DeliveryReport> {
    const outcomes = await Promise.all(jobs.map((job) => this.deliverOne(job)));
    return summarize(outcomes);
  }

  /** Delivers one job; never rejects. */
  deliverOne(job: DeliveryJob): Promise<DeliveryOutcome> {
    const p = this.run(job).catch((error: unknown): DeliveryOutcome => {
      this.deps.log.error(
        { err: error, platform: job.platform, target: job.target },
        "digest delivery crashed",
      );
      return this.outcome(job, job.target, "failed", 0, 0, "internal error");
    });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /**
   * Stops: drops queued jobs (never claimed), cancels retry waits (recorded as failed), and
   * waits until the deadline (a signal, or milliseconds) for sends in flight to finish and be
   * recorded.
   */
  async stop(deadline: number | AbortSignal): Promise<void> {
    const until = toDeadline(deadline);
    this.abort.abort();
    await within(this.deps.pacer.stop(), until);
    await within(Promise.allSettled([...this.inFlight]), until);
  }

  private async run(job: DeliveryJob): Promise<DeliveryOutcome> {
    const { store, pacer, clock, log, metrics } = this.deps;
    const sender = this.senders.get(job.platform);
    const slotAt = slotId(job.slot);
    if (!sender) {
      log.warn(
        { platform: job.platform, target: job.target, slotAt },
        "no sender for the platform: digest not posted",
      );
      return this.outcome(job, job.target, "no-sender", 0, 0);
    }
    let target = job.target;
    let attempts = 0;
    let rateLimited = 0;
    let claimed: { rotation: number; locale: Locale; image: boolean } | undefined;
    for (;;) {
      let result: SendResult | typeof TAKEN_OVER | undefined;
      try {
        result = (await pacer.run(job.platform, target, async () => {
          if (!claimed && job.reclaimed) {
            // Taken over from a stopped leader: the claim is ours already.
            const sub = await store.subscriptions.get(job.platform, target);
            if (!sub) {
              const key = { platform: job.platform, target, slotAt };
              await store.ledger.markFailed(key, 0, "unsubscribed before the re-send", clock.now());
              return undefined;
            }
            claimed = { rotation: job.reclaimed.rotation, locale: sub.locale, image: sub.image };
          }
          if (!claimed) {
            // Claim at the last moment: a job dropped by shutdown was never claimed.
            // A lock held elsewhere is waited for (asynchronously) until the slot's window ends.
            const window = Math.max(this.deps.claimWindowMs ?? 0, MIN_CLAIM_WINDOW_MS);
            const c = await store.claim(
              job.platform,
              target,
              slotAt,
              job.schedule,
              this.deps.instanceId,
              clock.now(),
              {
                giveUp: () => clock.now().getTime() - job.slot.getTime() > window,
                signal: this.abort.signal,
              },
            );
            if (!c) return undefined;
            claimed = {
              rotation: c.rotation,
              locale: c.subscription.locale,
              image: c.subscription.image,
            };
          }
          // Written right before the request: a leader dying after this line leaves a row the
          // next one will not re-send (it may have been posted); dying before it, one it will.
          const key = { platform: job.platform, target, slotAt };
          if (!(await store.ledger.markSending(key, this.deps.instanceId))) return TAKEN_OVER;
          attempts++;
          const reply = this.deps.render(claimed.locale, claimed.rotation, claimed.image);
          return sendSafely(sender, target, reply, claimed.locale);
        })) as SendResult | typeof TAKEN_OVER | undefined;
      } catch (error) {
        if (error instanceof DatabaseBusyError && !claimed) {
          log.error(
            { platform: job.platform, target, slotAt },
            "digest not posted: the database stayed locked past the slot's catch-up window",
          );
          metrics?.digestPosts.inc({ platform: job.platform, result: "failed" });
          return this.outcome(job, target, "locked", 0, 0, "database locked");
        }
        if (this.abort.signal.aborted && !claimed)
          return this.outcome(job, target, "stopped", attempts, rateLimited);
        if (!(error instanceof PacerStoppedError)) throw error;
        if (!claimed) return this.outcome(job, target, "stopped", attempts, rateLimited);
        return this.leaveClaimed(job, target, slotAt, attempts, rateLimited);
      }
      if (result === TAKEN_OVER) {
        log.info(
          { platform: job.platform, target, slotAt },
          "digest claim taken over by another leader before the request: not sent here",
        );
        return this.outcome(job, target, "skipped", attempts, rateLimited);
      }
      if (!claimed || result === undefined) return this.outcome(job, target, "skipped", 0, 0);
      if (result.ok) {
        await store.ledger.markSent(
          { platform: job.platform, target, slotAt },
          attempts,
          result.messageId,
          clock.now(),
        );
        metrics?.digestPosts.inc({ platform: job.platform, result: "sent" });
        return this.outcome(job, target, "sent", attempts, rateLimited);
      }
      if (result.uncertain) {
        await store.ledger.markUncertain(
          { platform: job.platform, target, slotAt },
          attempts,
          result.reason,
          clock.now(),
        );
        metrics?.digestPosts.inc({ platform: job.platform, result: "uncertain" });
        this.deps.onUncertain?.();
        log.warn(
          { platform: job.platform, target, slotAt, attempts, reason: result.reason },
          "digest post outcome unknown: recorded as uncertain and not retried (at most once per slot)",
        );
        return this.outcome(job, target, "uncertain", attempts, rateLimited, result.reason);
      }
      if (result.migratedTo && result.migratedTo !== target) {
        log.info(
          { platform: job.platform, from: target, to: result.migratedTo },
          "chat migrated: moving its subscription",
        );
        // Nothing was posted: the claim goes back to `claimed` before it moves with the chat.
        await store.ledger.release(
          { platform: job.platform, target, slotAt },
          this.deps.instanceId,
        );
        await store.move(job.platform, target, result.migratedTo, clock.now());
        target = result.migratedTo;
        continue;
      }
      if (result.permanent) {
        await store.ledger.markFailed(
          { platform: job.platform, target, slotAt },
          attempts,
          result.reason,
          clock.now(),
        );
        await store.subscriptions.pause(job.platform, target, result.reason, clock.now());
        metrics?.digestPosts.inc({ platform: job.platform, result: "paused" });
        log.warn(
          { platform: job.platform, target, slotAt, reason: result.reason },
          "digest target paused",
        );
        return this.outcome(job, target, "paused", attempts, rateLimited, result.reason);
      }
      if (result.retryAfterMs !== undefined) rateLimited++;
      const wait = result.retryAfterMs ?? this.retry.baseDelayMs * 2 ** (attempts - 1);
      if (attempts >= this.retry.attempts || wait > this.retry.maxDelayMs)
        return this.fail(job, target, slotAt, attempts, rateLimited, result.reason);
      // The failure proved nothing was posted: back to `claimed` while waiting for the retry,
      // so that a leader dying now leaves a claim the next one may send.
      await store.ledger.release({ platform: job.platform, target, slotAt }, this.deps.instanceId);
      try {
        await sleep(wait, undefined, { signal: this.abort.signal });
      } catch {
        return this.leaveClaimed(job, target, slotAt, attempts, rateLimited);
      }
    }
  }

  /** Shutdown between a failed attempt and its retry: nothing posted, the claim stays open. */
  private leaveClaimed(
    job: DeliveryJob,
    target: string,
    slotAt: string,
    attempts: number,
    rateLimited: number,
  ): DeliveryOutcome {
    this.deps.log.warn(
      { platform: job.platform, target, slotAt, attempts },
      "digest not posted before shutdown (a retry was pending): left claimed for the next leader",
    );
    return this.outcome(job, target, "stopped", attempts, rateLimited, "shutdown before a retry");
  }

  private async fail(
    job: DeliveryJob,
    target: string,
    slotAt: string,
    attempts: number,
    rateLimited: number,
    reason: string,
  ): Promise<DeliveryOutcome> {
    await this.deps.store.ledger.markFailed(
      { platform: job.platform, target, slotAt },
      attempts,
      reason,
      this.deps.clock.now(),
    );
    this.deps.metrics?.digestPosts.inc({ platform: job.platform, result: "failed" });
    this.deps.log.warn(
      { platform: job.platform, target, slotAt, attempts, reason },
      "digest not delivered",
    );
    return this.outcome(job, target, "failed", attempts, rateLimited, reason);
  }

  private outcome(
    job: DeliveryJob,
    target: string,
    result: DeliveryResult,
    attempts: number,
    rateLimited: number,
    reason?: string,
  ): DeliveryOutcome {
    return {
      platform: job.platform,
      target,
      slotAt: slotId(job.slot),
      result,
      attempts,
      rateLimited,
      reason,
    };
  }
}

/** A sender that throws is a transient failure, not a crash of the fan-out. */
async function sendSafely(
  sender: ReplySender,
  target: string,
  reply: Reply,
  locale: Locale,
): Promise<SendResult> {
  try {
    return await sender.send(target, reply, locale);
  } catch (error) {
    return {
      ok: false,
      permanent: false,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Counts outcomes by result. */
export function summarize(outcomes: readonly DeliveryOutcome[]): DeliveryReport {
  const count: Record<DeliveryResult, number> = {
    sent: 0,
    skipped: 0,
    failed: 0,
    paused: 0,
    uncertain: 0,
    "no-sender": 0,
    stopped: 0,
    locked: 0,
  };
  let rateLimited = 0;
  for (const o of outcomes) {
    count[o.result]++;
    rateLimited += o.rateLimited;
  }
  return { outcomes, count, rateLimited };
}
