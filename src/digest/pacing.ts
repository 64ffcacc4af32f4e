import type PQueue from "p-queue";
import type { PlatformName, PlatformPacing } from "../platform.ts";

export type { PlatformPacing };

/** Scales every rate by `factor` (benchmarks against fakes whose limits are scaled too). */
export function scalePacing(pacing: PlatformPacing, factor: number): PlatformPacing {
  return {
    ...pacing,
    perSecond: pacing.perSecond && pacing.perSecond * factor,
    perGroupPerMinute: pacing.perGroupPerMinute && pacing.perGroupPerMinute * factor,
    maxConcurrent: Math.ceil(pacing.maxConcurrent * Math.max(1, factor / 4)),
  };
}

/** Starts a little under the limit: the platform counts arrivals, and the network jitters. */
const HEADROOM = 0.99;

/**
 * A strict sliding window (p-queue) for `rate` starts per `period` ms. The window is cut into
 * shorter ones when the rate allows at least ~100 per window, so that starts come in small
 * bursts: one big burst reaches the server spread out and overlaps the next one.
 */
function windowQueue(
  Queue: typeof PQueue,
  concurrency: number,
  rate: number,
  period: number,
): PQueue {
  const interval = Math.min(period, Math.max(100, Math.ceil((period * 100) / rate)));
  const cap = (rate * interval) / period;
  return new Queue({
    concurrency,
    // Headroom only where 1 % is at least about one message (20/min per group stays 20).
    intervalCap: Math.max(1, Math.floor(cap >= 100 ? cap * HEADROOM : cap)),
    // p-queue reads Date.now() (whole ms): pad so that windows are never a fraction short.
    interval: interval + 1,
    strict: true,
  });
}

export class PacerStoppedError extends Error {
  override readonly name = "PacerStoppedError";
}

interface Lane {
  readonly pacing: PlatformPacing;
  readonly global: PQueue;
  readonly groups: Map<string, { queue: PQueue; lastUsed: number }>;
}

/** p-queue, loaded with the first paced send: a process that posts no digest never loads it. */
let queueClass: Promise<typeof PQueue> | undefined;
const loadQueue = () => (queueClass ??= import("p-queue").then((m) => m.default));

/** How long an idle group's window is kept (its limit is per minute). */
const GROUP_MEMORY_MS = 60_000;

/**
 * Paces sends per platform with p-queue: a global queue (rate as a strict sliding window, and
 * concurrency) and, for group chats, a per-chat queue in front of it. Jobs are attempts, not
 * retries: callers wait out retry_after outside the pacer, so a waiting target holds no slot.
 *
 * Why not Bottleneck: its local datastore yields a timer tick per operation behind a lock,
 * which caps one limiter near 400 jobs/s; the scaled benchmark needs 600/s.
 *
 * @example await pacer.run("telegram", "-100123", () => sender.send("-100123", reply));
 */
export class Pacer {
  /** Each platform's pacing, as added; its queues are made on its first send. */
  private readonly pacings = new Map<PlatformName, PlatformPacing>();
  private readonly lanes = new Map<PlatformName, Lane>();
  /** Jobs queued but not started: rejected by stop(). */
  private readonly waiting = new Set<(error: Error) => void>();
  private stopped = false;
  private calls = 0;

  /** `pacing`: lanes known in advance (tests, benchmarks); senders add their own (`addLane`). */
  constructor(pacing: Readonly<Partial<Record<PlatformName, PlatformPacing>>> = {}) {
    for (const [platform, p] of Object.entries(pacing)) if (p) this.addLane(platform, p);
  }

  /** Paces `platform` as `pacing` says, unless it is paced already. */
  addLane(platform: PlatformName, pacing: PlatformPacing): void {
    if (!this.pacings.has(platform)) this.pacings.set(platform, pacing);
  }

  /** Runs `job` when the platform's limits allow; rejects with `PacerStoppedError` after stop(). */
  run<T>(platform: PlatformName, target: string, job: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new PacerStoppedError("pacer stopped"));
    const pacing = this.pacings.get(platform);
    if (!pacing) return job();
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      const start = () => {
        this.waiting.delete(reject);
        if (this.stopped) throw new PacerStoppedError("pacer stopped before this send");
        return job();
      };
      // Jobs reach their queues in the order of their calls (each waits for the same load).
      loadQueue().then((Queue) => {
        // stop() has rejected this job already.
        if (this.stopped) return;
        const lane = this.lane(Queue, platform, pacing);
        const group = this.groupQueue(Queue, lane, target);
        const viaGlobal = () => lane.global.add(start);
        (group ? group.add(viaGlobal) : viaGlobal()).then(resolve, reject);
      }, reject);
    });
  }

  /** Drops the jobs still waiting (they reject with `PacerStoppedError`); running jobs finish. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const lane of this.lanes.values()) {
      lane.global.clear();
      for (const g of lane.groups.values()) g.queue.clear();
    }
    const error = new PacerStoppedError("pacer stopped before this send");
    for (const reject of this.waiting) reject(error);
    this.waiting.clear();
  }

  private lane(Queue: typeof PQueue, platform: PlatformName, pacing: PlatformPacing): Lane {
    let lane = this.lanes.get(platform);
    if (!lane) {
      const global = pacing.perSecond
        ? windowQueue(Queue, pacing.maxConcurrent, pacing.perSecond, 1000)
        : new Queue({ concurrency: pacing.maxConcurrent });
      lane = { pacing, global, groups: new Map() };
      this.lanes.set(platform, lane);
    }
    return lane;
  }

  private groupQueue(Queue: typeof PQueue, lane: Lane, target: string): PQueue | undefined {
    const { perGroupPerMinute, isGroup } = lane.pacing;
    if (!perGroupPerMinute || !isGroup?.(target)) return undefined;
    const now = Date.now();
    if (++this.calls % 1000 === 0) {
      for (const [key, g] of lane.groups)
        if (g.queue.size === 0 && g.queue.pending === 0 && now - g.lastUsed > GROUP_MEMORY_MS)
          lane.groups.delete(key);
    }
    let entry = lane.groups.get(target);
    if (!entry) {
      entry = { queue: windowQueue(Queue, 1, perGroupPerMinute, 60_000), lastUsed: now };
      lane.groups.set(target, entry);
    }
    entry.lastUsed = now;
    return entry.queue;
  }
}
