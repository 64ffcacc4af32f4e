import { randomUUID } from "node:crypto";
import type { Config } from "../config.ts";
import { digest } from "../core/answers.ts";
import { echo } from "../core/format.ts";
import { isLocale, type Locale } from "../core/locale.ts";
import type { Block, Reply } from "../core/reply.ts";
import type { Story } from "../core/story.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../ops/metrics.ts";
import type { PlatformName, ReplySender } from "../platform.ts";
import { openStore } from "../storage/open.ts";
import type { DigestStore } from "../storage/store.ts";
import type { Subscription } from "../storage/subscriptions.ts";
import { parseDigestText, parseSubscribeWords, type SubscribeOptions } from "./arguments.ts";
import { type Clock, systemClock } from "./clock.ts";
import {
  DeliveryEngine,
  type DeliveryJob,
  type DeliveryReport,
  type RetryPolicy,
  summarize,
} from "./delivery.ts";
import { digestMessages } from "./messages.ts";
import { Pacer, type PlatformPacing } from "./pacing.ts";
import {
  checkCron,
  checkTimezone,
  dailyTime,
  parseTime,
  type Schedule,
  type ScheduleProblem,
  scheduleKey,
} from "./schedule.ts";
import { DigestScheduler } from "./scheduler.ts";
import { latestSlot, nextSlot, slotId } from "./slots.ts";

/** The digest settings, from the `DIGEST_*` configuration. */
export interface DigestSettings {
  /** Default zone for commands, and the zone of operator targets (`DIGEST_TIMEZONE`). */
  readonly timezone: string;
  /** Language of operator targets (`DIGEST_LOCALE`, else `DEFAULT_LOCALE`). */
  readonly locale: Locale;
  /** Rhythm of operator targets (`DIGEST_CRON`, else daily at `defaultTime`). */
  readonly operatorCron: string;
  /** Time used by `/digest subscribe` without a time or cron. */
  readonly defaultTime: string;
  /** `DIGEST_CATCHUP`: how old a missed slot may be and still be posted at start (0: never). */
  readonly catchupMs: number;
  readonly discordChannels: readonly string[];
  readonly telegramChats: readonly string[];
  /** The fastest rhythm an admin may choose by command (operators are not limited). */
  readonly minIntervalMs: number;
  /** A claim older than this with no outcome is reported as interrupted. */
  readonly staleClaimMs: number;
}

/** Reads the digest settings from the validated configuration. */
export function digestSettings(config: Config): DigestSettings {
  return {
    timezone: config.DIGEST_TIMEZONE,
    locale: config.DIGEST_LOCALE ?? config.defaultLocale,
    operatorCron: config.DIGEST_CRON ?? "0 8 * * *",
    defaultTime: "08:00",
    catchupMs: config.DIGEST_CATCHUP,
    discordChannels: config.DIGEST_DISCORD_CHANNELS,
    telegramChats: config.DIGEST_TELEGRAM_CHATS,
    minIntervalMs: 3_600_000,
    staleClaimMs: 10 * 60_000,
  };
}

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
  /** Written to the ledger's `claimed_by`; a random id by default. */
  readonly instanceId?: string;
}

/** Which channel or chat a command is about, and the language to answer in. */
export interface TargetRef {
  readonly platform: PlatformName;
  readonly target: string;
  /** The language of the reply (the reader's). */
  readonly locale: Locale;
}

/** `/digest subscribe`: every option a string as typed, all optional. */
export interface SubscribeRequest extends TargetRef, SubscribeOptions {}

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
 * const digests = await openDigestService(app, metrics);
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
  private started = false;
  /** Posts needing an operator's eye since start: claims found open, sends with no answer. */
  private readonly counts = { interrupted: 0, uncertain: 0 };
  /** Scheduler syncs, one after the other (each reads the schedules afresh). */
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DigestServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock ?? systemClock;
    this.settings = deps.settings;
    this.log = deps.log;
    this.engine = new DeliveryEngine({
      store: this.store,
      pacer: new Pacer(deps.pacing),
      clock: this.clock,
      log: deps.log,
      metrics: deps.metrics,
      instanceId: deps.instanceId ?? randomUUID(),
      claimWindowMs: deps.settings.catchupMs,
      retry: deps.retry,
      onUncertain: () => {
        this.counts.uncertain++;
      },
      render: (locale, rotation) => digest(deps.story(), locale, rotation),
    });
    for (const sender of deps.senders ?? []) this.engine.setSender(sender);
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
  async subscribe(request: SubscribeRequest): Promise<Reply> {
    const m = digestMessages[request.locale];
    const given = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    const time = given(request.time);
    const cronText = given(request.cron);
    if (time && cronText) return this.problem(request.locale, { kind: "time-and-cron" });
    let cron: string;
    if (cronText) {
      const checked = checkCron(cronText, this.settings.minIntervalMs);
      if (!checked.ok) return this.problem(request.locale, checked.problem);
      cron = checked.value;
    } else {
      const checked = parseTime(time ?? this.settings.defaultTime);
      if (!checked.ok) return this.problem(request.locale, checked.problem);
      cron = checked.value;
    }
    const zone = checkTimezone(given(request.timezone) ?? this.settings.timezone);
    if (!zone.ok) return this.problem(request.locale, zone.problem);
    const wanted = given(request.language)?.toLowerCase();
    if (wanted !== undefined && !isLocale(wanted))
      return this.problem(request.locale, { kind: "locale", value: request.language ?? "" });
    const locale: Locale = wanted ?? request.locale;
    const before = await this.store.subscriptions.get(request.platform, request.target);
    const sub = await this.store.subscriptions.upsert(
      {
        platform: request.platform,
        target: request.target,
        cron,
        timezone: zone.value,
        locale,
        source: "command",
      },
      this.clock.now(),
    );
    await this.refresh();
    const blocks: Block[] = [
      {
        type: "text",
        text: m.subscribed(this.describeSchedule(sub, request.locale), m.languageName[locale]),
      },
      {
        type: "fields",
        fields: [{ name: m.fieldNext, value: this.nextText(sub, request.locale) }],
      },
    ];
    if (before?.pausedReason) blocks.push({ type: "text", text: m.resumedToo });
    return { status: "ok", title: m.subscribedTitle, blocks };
  }

  /** Telegram-style `/digest …` text: dispatches to the subcommand; unknown words get help. */
  async handleText(ref: TargetRef, text: string): Promise<Reply> {
    const parsed = parseDigestText(text);
    const m = digestMessages[ref.locale];
    if (parsed.kind === "usage") return this.usage(ref.locale, "ok");
    if (parsed.kind === "unknown-subcommand")
      return this.usage(ref.locale, "user-error", m.unknownSubcommand(echo(parsed.value)));
    switch (parsed.subcommand) {
      case "subscribe": {
        const words = parseSubscribeWords(parsed.words);
        if (!words.ok) return this.problem(ref.locale, words.problem);
        return this.subscribe({ ...ref, ...words.value });
      }
      case "unsubscribe":
        return this.unsubscribe(ref);
      case "status":
        return this.status(ref);
      case "preview":
        return this.preview(ref);
    }
  }

  /** `/digest unsubscribe`: removes the subscription (its ledger stays as history). */
  async unsubscribe(ref: TargetRef): Promise<Reply> {
    const m = digestMessages[ref.locale];
    if (!(await this.store.subscriptions.remove(ref.platform, ref.target)))
      return {
        status: "user-error",
        title: m.notSubscribedTitle,
        blocks: [{ type: "text", text: m.notSubscribed }],
      };
    await this.refresh();
    return {
      status: "ok",
      title: m.unsubscribedTitle,
      blocks: [{ type: "text", text: m.unsubscribed }],
    };
  }

  /** `/digest status`: schedule, next post in the target's zone, last post, pause and why. */
  async status(ref: TargetRef): Promise<Reply> {
    const m = digestMessages[ref.locale];
    const sub = await this.store.subscriptions.get(ref.platform, ref.target);
    if (!sub)
      return {
        status: "ok",
        title: m.notSubscribedTitle,
        blocks: [{ type: "text", text: m.notSubscribed }],
      };
    const fields: { name: string; value: string }[] = [
      { name: m.fieldSchedule, value: this.describeSchedule(sub, ref.locale) },
      { name: m.fieldLanguage, value: m.languageName[sub.locale] },
      { name: m.fieldNext, value: sub.pausedReason ? m.noNext : this.nextText(sub, ref.locale) },
    ];
    const last = await this.store.ledger.lastSent(sub.platform, sub.target);
    fields.push({
      name: m.fieldLast,
      value: last ? this.when(new Date(last.slotAt), sub.timezone, ref.locale) : m.none,
    });
    if (sub.pausedReason)
      fields.push({
        name: m.fieldPaused,
        value: m.pausedBecause(
          sub.pausedReason,
          this.when(new Date(sub.pausedAt ?? sub.updatedAt), sub.timezone, ref.locale),
        ),
      });
    const latest = await this.store.ledger.latest(sub.platform, sub.target);
    if (
      latest?.status === "interrupted" ||
      (latest?.status === "claimed" && this.isStale(latest.claimedAt))
    )
      fields.push({
        name: m.fieldInterrupted,
        value: m.interrupted(this.when(new Date(latest.slotAt), sub.timezone, ref.locale)),
      });
    if (latest?.status === "uncertain")
      fields.push({
        name: m.fieldUncertain,
        value: m.uncertain(this.when(new Date(latest.slotAt), sub.timezone, ref.locale)),
      });
    if (latest?.status === "failed" && !sub.pausedReason)
      fields.push({
        name: m.fieldFailed,
        value: m.failed(
          this.when(new Date(latest.slotAt), sub.timezone, ref.locale),
          latest.reason ?? "?",
        ),
      });
    fields.push({
      name: m.fieldSource,
      value: sub.source === "operator" ? m.sourceOperator : m.sourceCommand,
    });
    return { status: "ok", title: m.statusTitle, blocks: [{ type: "fields", fields }] };
  }

  /** `/digest preview`: the next digest exactly as it will be posted (show it to the caller only). */
  async preview(ref: TargetRef): Promise<Reply> {
    const m = digestMessages[ref.locale];
    const sub = await this.store.subscriptions.get(ref.platform, ref.target);
    const reply = digest(this.deps.story(), sub?.locale ?? ref.locale, sub?.rotation ?? 0);
    const note = sub ? m.previewNote(this.nextText(sub, ref.locale)) : m.previewUnsubscribed;
    return { ...reply, blocks: [{ type: "text", text: note }, ...reply.blocks] };
  }

  // ── Platform events (phase 2: the adapters call these) ──────────────────────────────────

  /** The bot is back in a channel (re-added, unblocked): resumes a paused subscription. */
  async resume(platform: PlatformName, target: string): Promise<boolean> {
    const resumed = await this.store.subscriptions.resume(platform, target, this.clock.now());
    if (resumed) {
      this.log.info({ platform, target }, "digest target resumed");
      await this.refresh();
    }
    return resumed;
  }

  /** The bot lost a channel (kicked, blocked, channel deleted): pauses, never deletes. */
  async pause(platform: PlatformName, target: string, reason: string): Promise<boolean> {
    const paused = await this.store.subscriptions.pause(platform, target, reason, this.clock.now());
    if (paused) await this.refresh();
    return paused;
  }

  /** A group became a supergroup: its subscription and ledger move to the new id. */
  async migrate(platform: PlatformName, from: string, to: string): Promise<boolean> {
    const moved = await this.store.move(platform, from, to, this.clock.now());
    if (moved) this.log.info({ platform, from, to }, "digest target migrated");
    return moved;
  }

  // ── Running ─────────────────────────────────────────────────────────────────────────────

  /**
   * Syncs the operator targets, reports interrupted claims, posts the missed slots that are
   * younger than `DIGEST_CATCHUP`, then starts the scheduler. Resolves after the catch-up.
   */
  async start(): Promise<DeliveryReport> {
    await this.syncOperatorTargets();
    await this.reportInterrupted();
    this.started = true;
    await this.refresh();
    return this.catchUp();
  }

  /** Posts the missed latest slot of each active target, if young enough and never claimed. */
  async catchUp(): Promise<DeliveryReport> {
    const { catchupMs } = this.settings;
    if (catchupMs <= 0) return summarize([]);
    const now = this.clock.now();
    const jobs = (await this.dueJobs(now)).filter(
      (j) => now.getTime() - j.slot.getTime() <= catchupMs,
    );
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
      if (sub) items.push({ ...job, reply: digest(this.deps.story(), sub.locale, sub.rotation) });
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

  /** Stops the scheduler, lets sends in flight finish (up to `graceMs`) and records them. */
  async stop(graceMs = 5_000): Promise<void> {
    this.started = false;
    this.scheduler.stop();
    await this.engine.stop(graceMs);
  }

  /** Stops and closes the database. */
  async close(graceMs = 5_000): Promise<void> {
    await this.stop(graceMs);
    await this.refreshing;
    await this.store.close();
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
    const jobs: DeliveryJob[] = [];
    for (const s of await this.store.subscriptions.active()) {
      const schedule = { cron: s.cron, timezone: s.timezone };
      const slot = latestSlot(schedule, now);
      if (!slot || slot.getTime() < new Date(s.createdAt).getTime()) continue;
      if (await this.store.ledger.get(s.platform, s.target, slotId(slot))) continue;
      jobs.push({ platform: s.platform, target: s.target, schedule, slot });
    }
    return jobs;
  }

  private async syncOperatorTargets(): Promise<void> {
    const { settings } = this;
    const wanted = [
      ...settings.discordChannels.map((target) => ({ platform: "discord" as const, target })),
      ...settings.telegramChats.map((target) => ({ platform: "telegram" as const, target })),
    ];
    const keep = new Set(wanted.map((w) => `${w.platform}:${w.target}`));
    for (const old of await this.store.subscriptions.operatorTargets())
      if (!keep.has(`${old.platform}:${old.target}`))
        await this.store.subscriptions.remove(old.platform, old.target);
    // No operator target, no rhythm to check: croner's first computation holds the event loop
    // for tens of milliseconds, just when the first updates arrive.
    if (wanted.length === 0) return;
    const cron = checkCron(settings.operatorCron);
    if (!cron.ok)
      throw new Error(
        `DIGEST_CRON: ${cron.problem.kind === "cron" ? cron.problem.detail : "invalid"}`,
      );
    const now = this.clock.now();
    for (const w of wanted) {
      const existing = await this.store.subscriptions.get(w.platform, w.target);
      // An admin's own subscription wins over the operator's defaults.
      if (existing?.source === "command") continue;
      if (
        existing &&
        existing.cron === cron.value &&
        existing.timezone === settings.timezone &&
        existing.locale === settings.locale
      )
        continue;
      await this.store.subscriptions.upsert(
        {
          ...w,
          cron: cron.value,
          timezone: settings.timezone,
          locale: settings.locale,
          source: "operator",
        },
        now,
      );
    }
  }

  /**
   * Every claim still open at start, whatever its age, is marked interrupted and reported
   * once (log line, metric, /readyz, /digest status). A process sharing the database may
   * still finish one; its outcome then replaces the mark.
   */
  private async reportInterrupted(): Promise<void> {
    for (const d of await this.store.ledger.markInterrupted()) {
      this.counts.interrupted++;
      this.deps.metrics?.digestPosts.inc({ platform: d.platform, result: "interrupted" });
      this.log.warn(
        {
          platform: d.platform,
          target: d.target,
          slotAt: d.slotAt,
          claimedAt: d.claimedAt,
          claimedBy: d.claimedBy,
        },
        "digest post interrupted (claimed, no outcome recorded): not re-sent, to avoid a duplicate",
      );
    }
  }

  private isStale(claimedAt: string): boolean {
    return this.clock.now().getTime() - new Date(claimedAt).getTime() > this.settings.staleClaimMs;
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

  private describeSchedule(sub: Subscription, locale: Locale): string {
    const m = digestMessages[locale];
    const time = dailyTime(sub.cron);
    return time ? m.daily(time, sub.timezone) : m.cron(sub.cron, sub.timezone);
  }

  private nextText(sub: Subscription, locale: Locale): string {
    const next = nextSlot({ cron: sub.cron, timezone: sub.timezone }, this.clock.now());
    return next ? this.when(next, sub.timezone, locale) : digestMessages[locale].noNext;
  }

  /** A date as the target's zone shows it, in the reader's language. */
  private when(date: Date, timezone: string, locale: Locale): string {
    return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
      timeZone: timezone,
      dateStyle: "full",
      timeStyle: "short",
    }).format(date);
  }

  private problem(locale: Locale, problem: ScheduleProblem): Reply {
    const m = digestMessages[locale];
    const text = (() => {
      switch (problem.kind) {
        case "time":
          return m.badTime(echo(problem.value));
        case "timezone":
          return m.badTimezone(echo(problem.value), problem.suggestion);
        case "cron":
          return m.badCron(echo(problem.value), echo(problem.detail));
        case "too-often":
          return m.tooOften(echo(problem.value), problem.minMinutes);
        case "time-and-cron":
          return m.timeAndCron;
        case "locale":
          return m.badLocale(echo(problem.value));
        case "unknown-word":
          return m.unknownWord(echo(problem.value));
      }
    })();
    return { status: "user-error", title: m.badInputTitle, blocks: [{ type: "text", text }] };
  }

  private usage(locale: Locale, status: Reply["status"], lead?: string): Reply {
    const m = digestMessages[locale];
    const blocks: Block[] = lead ? [{ type: "text", text: lead }] : [];
    blocks.push({ type: "list", items: [...m.usage] });
    return { status, title: m.usageTitle, blocks };
  }

  /** For tests and the CLI: the schedule key of a target, if subscribed. */
  async scheduleOf(platform: PlatformName, target: string): Promise<string | undefined> {
    const sub = await this.store.subscriptions.get(platform, target);
    return sub && scheduleKey(sub);
  }
}

/**
 * Opens the database (`DATABASE_URL`, else `DATABASE_PATH`; migrating it) and builds the
 * service from the app's configuration; the story is read from the library at each post.
 * Add senders with `setSender`. Throws `DatabaseError` with one line for the operator.
 *
 * @example const digests = await openDigestService(app, metrics); digests.setSender(telegram.sender);
 */
export async function openDigestService(
  app: { config: Config; log: Logger; context: { library: { default: Story } } },
  metrics?: Metrics,
  options: Partial<
    Omit<DigestServiceDeps, "store" | "story" | "settings" | "log" | "metrics">
  > = {},
): Promise<DigestService> {
  return new DigestService({
    ...options,
    store: await openStore(app.config, app.log),
    story: () => app.context.library.default,
    settings: digestSettings(app.config),
    log: app.log,
    metrics,
  });
}
