import type { ScheduledTask } from "node-cron";
import type { Logger } from "../log.ts";
import { type Clock, systemClock } from "./clock.ts";
import { cronRunner } from "./cron.ts";
import { type Schedule, scheduleKey } from "./schedule.ts";
import { latestSlot, nextSlot, slotId } from "./slots.ts";

export interface SchedulerOptions {
  /** Called once per slot of each schedule; the delivery ledger makes repeats harmless anyway. */
  readonly onSlot: (schedule: Schedule, slot: Date) => void | Promise<void>;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** A fire later than this after its slot does not post it (start-up catch-up covers restarts). */
  readonly lateToleranceMs?: number;
}

interface Entry {
  readonly schedule: Schedule;
  readonly task: ScheduledTask;
  compensation?: NodeJS.Timeout;
  lastSlot?: string;
}

/** setTimeout's ceiling is ~24.8 days; re-arm in steps well below it. */
const MAX_TIMER_MS = 6 * 3_600_000;

/**
 * Runs one node-cron task per distinct (cron, timezone), whatever the number of subscribers.
 *
 * node-cron 4.6 skips a time that falls in a spring-forward gap and fires a fall-back time at
 * its second occurrence; our slots (see `slots.ts`) are the gap's end and the first occurrence.
 * So after each fire the scheduler compares node-cron's next run with the next slot and arms a
 * one-shot timer when the slot comes first. Each fire resolves "the latest slot now" and
 * passes it on once.
 *
 * @example
 * const scheduler = new DigestScheduler({ onSlot: (s, slot) => service.deliverSlot(s, slot) });
 * scheduler.sync([{ cron: "0 8 * * *", timezone: "Europe/Paris" }]);
 */
export class DigestScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly tolerance: number;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.tolerance = options.lateToleranceMs ?? 5 * 60_000;
  }

  /** The keys (`cron|timezone`) that have a running task. */
  get keys(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Makes the running tasks exactly the given schedules (adds new ones, stops unused ones). */
  sync(schedules: Iterable<Schedule>): void {
    if (this.stopped) return;
    const wanted = new Map<string, Schedule>();
    for (const s of schedules) wanted.set(scheduleKey(s), s);
    for (const [key, entry] of this.entries) {
      if (!wanted.has(key)) this.drop(key, entry);
    }
    for (const [key, schedule] of wanted) {
      if (this.entries.has(key)) continue;
      const task = cronRunner().schedule(schedule.cron, () => this.fire(key), {
        timezone: schedule.timezone,
        name: `digest ${key}`,
        // A busy event loop must not turn a fire into a silent miss; fire() checks lateness.
        missedExecutionTolerance: this.tolerance,
        suppressMissedWarning: true,
      });
      const entry: Entry = { schedule, task };
      this.entries.set(key, entry);
      this.arm(key, entry);
    }
  }

  /** Posts a schedule's latest slot if it is due and not passed on yet (what a fire does). */
  fire(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || this.stopped) return;
    const now = this.clock.now();
    const slot = latestSlot(entry.schedule, now);
    const id = slot && slotId(slot);
    if (slot && id !== entry.lastSlot && now.getTime() - slot.getTime() <= this.tolerance) {
      entry.lastSlot = id;
      const failed = (error: unknown) =>
        this.options.log?.error({ err: error, schedule: key }, "digest slot failed");
      try {
        Promise.resolve(this.options.onSlot(entry.schedule, slot)).catch(failed);
      } catch (error) {
        failed(error);
      }
    }
    this.arm(key, entry);
  }

  /** Stops every task and timer. Idempotent. */
  stop(): void {
    this.stopped = true;
    for (const [key, entry] of this.entries) this.drop(key, entry);
  }

  private drop(key: string, entry: Entry): void {
    clearTimeout(entry.compensation);
    void entry.task.destroy();
    this.entries.delete(key);
  }

  /** Arms a one-shot timer for the next slot when node-cron would fire later than it. */
  private arm(key: string, entry: Entry): void {
    clearTimeout(entry.compensation);
    entry.compensation = undefined;
    const now = this.clock.now();
    const next = nextSlot(entry.schedule, now);
    if (!next) return;
    const cronNext = entry.task.getNextRun();
    if (cronNext && cronNext.getTime() - next.getTime() <= 1000) return;
    const delay = Math.min(Math.max(0, next.getTime() - now.getTime()), MAX_TIMER_MS);
    entry.compensation = setTimeout(() => this.fire(key), delay);
    entry.compensation.unref();
  }
}
