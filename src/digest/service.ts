// Scheduled digests' one face for the rest of the process (adapters, main.ts, the CLI): the
// lifecycle (start, catch-up, scheduler, stop, health) lives here, and one-line doors to the
// concerns split out beside it: subscriptions.ts (the /digest subcommands, operator targets),
// events.ts (platform events), delivery.ts (claim, send, record), wording.ts, settings.ts.
// It stays one file because the lifecycle's steps share the scheduler, the engine and their order.

import { randomUUID } from "node:crypto";
import type { Config } from "../config.ts";
import { digest } from "../core/answers.ts";
import type { Reply } from "../core/reply.ts";
import type { Story } from "../core/story.ts";
import { toDeadline, within } from "../deadline.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../ops/metrics.ts";
import type { PlatformName, ReplySender } from "../platform.ts";
import type { Delivery } from "../storage/ledger.ts";
import { openStore } from "../storage/open.ts";
import type { DigestStore } from "../storage/store.ts";
import { type Clock, systemClock } from "./clock.ts";
import {
  DeliveryEngine,
  type DeliveryJob,
  type DeliveryReport,
  type RetryPolicy,
  summarize,
} from "./delivery.ts";
import { PlatformEvents } from "./events.ts";
import { Pacer, type PlatformPacing } from "./pacing.ts";
import { type Schedule, scheduleKey } from "./schedule.ts";
import { DigestScheduler } from "./scheduler.ts";
import { type DigestSettings, digestSettings, type OperatorTarget } from "./settings.ts";
import { latestSlot, slotId } from "./slots.ts";
import { type SubscribeRequest, SubscriptionCommands, type TargetRef } from "./subscriptions.ts";

export type { DigestSettings, SubscribeRequest, TargetRef };
export { digestSettings };

export interface DigestServiceDeps {
  /** The subscriptions and the ledger (SQLite or PostgreSQL). */
  readonly store: DigestStore;
  /** The story the digest is about, read at each post (the library can be reloaded). */
  readonly story: () => Story;
  readonly settings: DigestSettings;
  readonly log: Logger;
  readonly metrics?: Metrics;
  readonly clock?: Clock;
  readonly pacing?: Partial<Record<PlatformName, PlatformPacing>>;
  readonly retry?: RetryPolicy;
  readonly senders?: readonly ReplySender[];
  /** How often a running service re-reads the schedules others may have changed (ms). */
  readonly resyncMs?: number;
  /** Written to the ledger's `claimed_by`; a random id by default. */
  readonly instanceId?: string;
}

/** A digest as it would be posted, for `--preview`. */
export interface PreviewItem {
  readonly platform: PlatformName;
  readonly target: string;
  readonly slot: Date;
  readonly reply: Reply;
}

/**
 * Scheduled digests, as the adapters and `main.ts` see them: commands that return neutral
 * `Reply` data (never throw on user input), lifecycle events from the platforms, and the
 * scheduler and delivery engine behind them.
 *
 * @example
 * const digests = await openDigestService(app, metrics, { operatorTargets: operatorTargets(config) });
 * digests.setSender(telegramSender);
 * await digests.start();
 * const reply = await digests.subscribe({ platform: "telegram", target: "-100123", locale: "en", time: "08:00" });
 */
export class DigestService {
  readonly store: DigestStore;
  readonly scheduler: DigestScheduler;
  private readonly engine: DeliveryEngine;
  private readonly clock: Clock;
  private readonly settings: DigestSettings;
  private readonly log: Logger;
  /** This process in the ledger's `claimed_by`. */
  private readonly instanceId: string;
  private started = false;
  private readonly commands: SubscriptionCommands;
  private readonly events: PlatformEvents;
  /** Posts needing an operator's eye since start: claims found open, sends with no answer. */
  private readonly counts = { interrupted: 0, uncertain: 0 };
  private resync: NodeJS.Timeout | undefined;
  /** Scheduler syncs, one after the other (each reads the schedules afresh). */
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DigestServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock ?? systemClock;
    this.settings = deps.settings;
    this.log = deps.log;
    this.instanceId = deps.instanceId ?? randomUUID();
    this.engine = new DeliveryEngine({
      store: this.store,
      pacer: new Pacer(deps.pacing),
      clock: this.clock,
      log: deps.log,
      metrics: deps.metrics,
      instanceId: this.instanceId,
      claimWindowMs: deps.settings.catchupMs,
      retry: deps.retry,
      onUncertain: () => {
        this.counts.uncertain++;
      },
      render: (locale, rotation, image) => digest(deps.story(), locale, rotation, { image }),
    });
    for (const sender of deps.senders ?? []) this.engine.setSender(sender);
    const refresh = () => this.refresh();
    this.commands = new SubscriptionCommands({
      store: this.store,
      clock: this.clock,
      settings: this.settings,
      story: deps.story,
      refresh,
    });
    this.events = new PlatformEvents({
      store: this.store,
      clock: this.clock,
      log: this.log,
      refresh,
    });
    this.scheduler = new DigestScheduler({
      clock: this.clock,
      log: deps.log,
      onSlot: (schedule, slot) => this.deliverSlot(schedule, slot).then(() => undefined),
    });
  }

  /** Registers a platform's sender (each adapter, once it is connected). */
  setSender(sender: ReplySender): void {
    this.engine.setSender(sender);
  }

  // ── Commands ────────────────────────────────────────────────────────────────────────────

  /** `/digest subscribe`: validates the options, saves the subscription, answers with the next post. */
  subscribe(request: SubscribeRequest): Promise<Reply> {
    return this.commands.subscribe(request);
  }

  /** Telegram-style `/digest …` text: dispatches to the subcommand; unknown words get help. */
  handleText(ref: TargetRef, text: string): Promise<Reply> {
    return this.commands.handleText(ref, text);
  }

  /** `/digest unsubscribe`: removes the subscription (its ledger stays as history). */
  unsubscribe(ref: TargetRef): Promise<Reply> {
    return this.commands.unsubscribe(ref);
  }

  /** `/digest status`: schedule, next post in the target's zone, last post, pause and why. */
  status(ref: TargetRef): Promise<Reply> {
    return this.commands.status(ref);
  }

  /** `/digest preview`: the next digest exactly as it will be posted. */
  preview(ref: TargetRef): Promise<Reply> {
    return this.commands.preview(ref);
  }

  // ── Platform events (the adapters call these) ───────────────────────────────────────────

  /** The bot is back in a channel (re-added, unblocked): resumes a paused subscription. */
  resume(platform: PlatformName, target: string): Promise<boolean> {
    return this.events.resume(platform, target);
  }

  /** The bot lost a channel (kicked, blocked, channel deleted): pauses, never deletes. */
  pause(platform: PlatformName, target: string, reason: string): Promise<boolean> {
    return this.events.pause(platform, target, reason);
  }

  /** A group became a supergroup: its subscription and ledger move to the new id. */
  migrate(platform: PlatformName, from: string, to: string): Promise<boolean> {
    return this.events.migrate(platform, from, to);
  }

  // ── Running ─────────────────────────────────────────────────────────────────────────────

  /** `npm run digest`: the operator's targets, as `start()` makes them, without starting. */
  syncOperatorTargets(): Promise<void> {
    return this.commands.syncOperatorTargets();
  }

  /**
   * Syncs the operator targets, takes over what stopped processes left in the ledger (claims
   * never sent are sent, posts in flight are reported as interrupted), posts the missed slots
   * that are younger than `DIGEST_CATCHUP`, then starts the scheduler. Resolves after the
   * catch-up. Called at start, and each time this replica becomes the digest leader.
   */
  async start(): Promise<DeliveryReport> {
    await this.commands.syncOperatorTargets();
    const reclaimed = await this.takeOver();
    this.started = true;
    await this.refresh();
    // Other replicas change subscriptions too: re-read the schedules every little while
    // (a short re-read rather than LISTEN/NOTIFY: no extra connection, works through any
    // pooler; each slot re-reads its targets anyway, so only a new schedule waits for it).
    clearInterval(this.resync);
    this.resync = setInterval(() => void this.refresh(), this.deps.resyncMs ?? 10_000);
    this.resync.unref();
    return this.catchUp(reclaimed);
  }

  /**
   * Stops scheduling, keeps serving commands (another replica leads now). Sends in flight
   * finish and are recorded; `start()` again when this replica leads again.
   */
  standBy(): void {
    this.started = false;
    clearInterval(this.resync);
    this.scheduler.sync([]);
  }

  /**
   * Posts the missed latest slot of each active target, if young enough and never claimed,
   * and the `reclaimed` claims (taken over from a stopped process, never sent).
   */
  async catchUp(reclaimed: readonly DeliveryJob[] = []): Promise<DeliveryReport> {
    const { catchupMs } = this.settings;
    if (catchupMs <= 0 && !reclaimed.length) return summarize([]);
    const now = this.clock.now();
    const due = catchupMs <= 0 ? [] : await this.dueJobs(now);
    const jobs = [
      ...reclaimed,
      ...due.filter((j) => now.getTime() - j.slot.getTime() <= catchupMs),
    ];
    if (jobs.length) this.log.info({ count: jobs.length }, "digest catch-up");
    return this.engine.deliver(jobs);
  }

  /** `npm run digest -- --now`: posts every active target's latest slot not yet claimed. */
  async runDue(): Promise<DeliveryReport> {
    return this.engine.deliver(await this.dueJobs(this.clock.now()));
  }

  /** `--preview`: the digests `runDue` would post, without claiming or sending anything. */
  async previewDue(): Promise<PreviewItem[]> {
    const items: PreviewItem[] = [];
    for (const job of await this.dueJobs(this.clock.now())) {
      const sub = await this.store.subscriptions.get(job.platform, job.target);
      if (sub)
        items.push({
          ...job,
          reply: digest(this.deps.story(), sub.locale, sub.rotation, { image: sub.image }),
        });
    }
    return items;
  }

  /** Posts one slot of one schedule to every active target on it (the scheduler's callback). */
  async deliverSlot(schedule: Schedule, slot: Date): Promise<DeliveryReport> {
    const jobs = (await this.store.subscriptions.activeOn(schedule.cron, schedule.timezone))
      // A slot older than the subscription is not its slot.
      .filter((s) => new Date(s.createdAt).getTime() <= slot.getTime())
      .map((s) => ({ platform: s.platform, target: s.target, schedule, slot }));
    return this.engine.deliver(jobs);
  }

  /**
   * Stops the scheduler, lets sends in flight finish and records them, until the deadline (the
   * process's shutdown signal, or milliseconds).
   */
  async stop(deadline: number | AbortSignal = 5_000): Promise<void> {
    this.started = false;
    clearInterval(this.resync);
    this.scheduler.stop();
    await this.engine.stop(deadline);
  }

  /** Stops, then closes the database (always, even past the deadline). */
  async close(deadline: number | AbortSignal = 5_000): Promise<void> {
    const until = toDeadline(deadline);
    try {
      await this.stop(until);
      await within(this.refreshing, until);
    } finally {
      await this.store.close();
      this.log.info("database closed");
    }
  }

  /**
   * Posts that need an operator's eye, counted by this process: claims found open at start
   * (`interrupted`, each logged once) and sends with no answer since (`uncertain`). Neither is
   * ever re-sent.
   */
  attention(): { readonly interrupted: number; readonly uncertain: number } {
    return { ...this.counts };
  }

  /** The `attention()` counts in words for /readyz, or undefined when there is nothing to say. */
  attentionDetail(): string | undefined {
    const { interrupted, uncertain } = this.counts;
    const parts = [
      ...(interrupted ? [`${interrupted} digest post(s) interrupted before this start`] : []),
      ...(uncertain ? [`${uncertain} digest post(s) with no answer (uncertain)`] : []),
    ];
    return parts.length ? `${parts.join("; ")}: not re-sent, see the log` : undefined;
  }

  /**
   * A readiness check for /readyz: the database answers a read (never a write lock: a lock
   * held elsewhere must not make probes wait), its engine, and how many posts are interrupted
   * or uncertain (reported, never re-sent). Same shape as `Check` in `src/ops/health.ts`.
   */
  async databaseCheck(): Promise<{ name: string; ok: boolean; detail?: string }> {
    const check = await this.store.check();
    if (!check.ok) return { name: "database", ok: false, detail: check.detail };
    const detail = this.attentionDetail();
    return {
      name: "database",
      ok: true,
      detail: detail ? `${check.detail}; ${detail}` : check.detail,
    };
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────

  /** Each active target's latest slot (at or before now, after it subscribed) with no ledger row. */
  private async dueJobs(now: Date): Promise<DeliveryJob[]> {
    const candidates: DeliveryJob[] = [];
    for (const s of await this.store.subscriptions.active()) {
      const schedule = { cron: s.cron, timezone: s.timezone };
      const slot = latestSlot(schedule, now);
      if (!slot || slot.getTime() < new Date(s.createdAt).getTime()) continue;
      candidates.push({ platform: s.platform, target: s.target, schedule, slot });
    }
    // The ledger is asked a batch at a time: on PostgreSQL, a new leader's catch-up over
    // thousands of targets costs round trips spread over the pool, not one after the other.
    const jobs: DeliveryJob[] = [];
    for (let i = 0; i < candidates.length; i += DUE_BATCH) {
      const batch = candidates.slice(i, i + DUE_BATCH);
      const rows = await Promise.all(
        batch.map((j) => this.store.ledger.get(j.platform, j.target, slotId(j.slot))),
      );
      jobs.push(...batch.filter((_, k) => !rows[k]));
    }
    return jobs;
  }

  /**
   * Takes over the ledger rows other processes left open (`ledger.takeOver`): reports the
   * posts that were in flight (interrupted: never re-sent) and the claims too old to send,
   * and returns the claims never sent, still within `DIGEST_CATCHUP`, to send now.
   */
  private async takeOver(): Promise<DeliveryJob[]> {
    const now = this.clock.now();
    const since = slotId(new Date(now.getTime() - Math.max(0, this.settings.catchupMs)));
    const found = await this.store.ledger.takeOver(this.instanceId, since, now);
    for (const d of found.interrupted) {
      this.counts.interrupted++;
      this.deps.metrics?.digestPosts.inc({ platform: d.platform, result: "interrupted" });
      this.log.warn(
        where(d),
        "digest post interrupted (in flight when its process stopped, outcome unknown): not re-sent, to avoid a duplicate",
      );
    }
    for (const d of found.expired) {
      this.deps.metrics?.digestPosts.inc({ platform: d.platform, result: "failed" });
      this.log.warn(
        where(d),
        "digest post never sent (its process stopped before the request) and now too late or unsubscribed: recorded as failed",
      );
    }
    if (found.reclaimed.length)
      this.log.info(
        { count: found.reclaimed.length },
        "digest claims taken over from a stopped process (never sent): sending them",
      );
    return found.reclaimed.map((d) => ({
      platform: d.platform,
      target: d.target,
      schedule: scheduleOfRow(d.schedule),
      slot: new Date(d.slotAt),
      reclaimed: { rotation: d.rotation },
    }));
  }

  /** Keeps the scheduler's tasks equal to the active schedules (syncs run one at a time). */
  private refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(async () => {
      if (!this.started) return;
      const schedules = await this.store.subscriptions.activeSchedules();
      if (this.started) this.scheduler.sync(schedules);
    });
    // A failed sync is logged; the next change (or restart) syncs again.
    this.refreshing = this.refreshing.catch((err: unknown) =>
      this.log.error({ err }, "digest schedules not refreshed"),
    );
    return this.refreshing;
  }

  /** For tests and the CLI: the schedule key of a target, if subscribed. */
  async scheduleOf(platform: PlatformName, target: string): Promise<string | undefined> {
    const sub = await this.store.subscriptions.get(platform, target);
    return sub && scheduleKey(sub);
  }
}

/** Ledger look-ups in flight at once while listing the due slots. */
const DUE_BATCH = 64;

/** A ledger row's identity and claim, for log lines. */
const where = (d: Delivery) => ({
  platform: d.platform,
  target: d.target,
  slotAt: d.slotAt,
  claimedAt: d.claimedAt,
  claimedBy: d.claimedBy,
});

/** A ledger row's `schedule` (`cron|timezone`) as a Schedule. */
function scheduleOfRow(key: string): Schedule {
  const bar = key.lastIndexOf("|");
  return { cron: key.slice(0, bar), timezone: key.slice(bar + 1) };
}

/**
 * Opens the database (`DATABASE_URL`, else `DATABASE_PATH`; migrating it) and builds the
 * service from the app's configuration; the story is read from the library at each post.
 * Add senders with `setSender`. Throws `DatabaseError` with one line for the operator.
 *
 * @example const digests = await openDigestService(app, metrics, { operatorTargets: operatorTargets(config) });
 */
export async function openDigestService(
  app: { config: Config; log: Logger; context: { library: { default: Story } } },
  metrics: Metrics | undefined,
  options: {
    /** The operator's targets, from the platform list (`operatorTargets(config)`). */
    readonly operatorTargets: readonly OperatorTarget[];
  } & Partial<Omit<DigestServiceDeps, "store" | "story" | "settings" | "log" | "metrics">>,
): Promise<DigestService> {
  const { operatorTargets, ...deps } = options;
  return new DigestService({
    ...deps,
    store: await openStore(app.config, app.log),
    story: () => app.context.library.default,
    settings: digestSettings(app.config, operatorTargets),
    log: app.log,
    metrics,
  });
}
