import Bottleneck from "bottleneck";
import type { PlatformName } from "../platform.ts";

/** How fast digests may go out on one platform. */
export interface PlatformPacing {
  /** Messages per second across all targets; omit when the platform library paces itself. */
  readonly perSecond?: number;
  /** Messages per minute to one group chat (Telegram: 20). */
  readonly perGroupPerMinute?: number;
  /** Which targets are group chats (Telegram: negative ids). */
  readonly isGroup?: (target: string) => boolean;
  /** Sends in flight at once; a slow target holds one of these, never the whole queue. */
  readonly maxConcurrent: number;
}

/**
 * The platforms' published limits. Telegram: about 30 messages/s overall and 20/min per group.
 * Discord: discord.js's REST queue already obeys the global limit and each route's bucket, so
 * we only bound concurrency there.
 */
export const platformPacing: Readonly<Record<PlatformName, PlatformPacing>> = {
  telegram: {
    perSecond: 30,
    perGroupPerMinute: 20,
    isGroup: (target) => target.startsWith("-"),
    maxConcurrent: 30,
  },
  discord: { maxConcurrent: 10 },
};

/** Scales every rate by `factor` (benchmarks against fakes whose limits are scaled too). */
export function scalePacing(pacing: PlatformPacing, factor: number): PlatformPacing {
  return {
    ...pacing,
    perSecond: pacing.perSecond && pacing.perSecond * factor,
    perGroupPerMinute: pacing.perGroupPerMinute && pacing.perGroupPerMinute * factor,
    maxConcurrent: Math.ceil(pacing.maxConcurrent * Math.max(1, factor / 4)),
  };
}

export class PacerStoppedError extends Error {
  override readonly name = "PacerStoppedError";
}

interface Lane {
  readonly pacing: PlatformPacing;
  readonly global: Bottleneck;
  readonly groups?: Bottleneck.Group;
}

/**
 * Paces sends per platform with Bottleneck: a global limiter (rate and concurrency) and, for
 * group chats, a per-chat limiter chained in front of it. Jobs are attempts, not retries:
 * callers wait out retry_after outside the pacer, so a waiting target holds no slot.
 *
 * @example await pacer.run("telegram", "-100123", () => sender.send("-100123", reply));
 */
export class Pacer {
  private readonly lanes = new Map<PlatformName, Lane>();
  private stopped = false;

  constructor(pacing: Partial<Record<PlatformName, PlatformPacing>> = platformPacing) {
    for (const [platform, p] of Object.entries(pacing) as [PlatformName, PlatformPacing][]) {
      // Space sends evenly a little under the limit: a burst would be refused by a sliding window.
      const global = new Bottleneck({
        maxConcurrent: p.maxConcurrent,
        minTime: p.perSecond ? 1000 / p.perSecond : 0,
      });
      let groups: Bottleneck.Group | undefined;
      if (p.perGroupPerMinute && p.isGroup) {
        groups = new Bottleneck.Group({ maxConcurrent: 1, minTime: 60_000 / p.perGroupPerMinute });
        groups.on("created", (limiter) => limiter.chain(global));
      }
      this.lanes.set(platform, { pacing: p, global, groups });
    }
  }

  /** Runs `job` when the platform's limits allow; rejects with `PacerStoppedError` after stop(). */
  run<T>(platform: PlatformName, target: string, job: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new PacerStoppedError("pacer stopped"));
    const lane = this.lanes.get(platform);
    if (!lane) return job();
    const limiter =
      lane.groups && lane.pacing.isGroup?.(target) ? lane.groups.key(target) : lane.global;
    return limiter.schedule(job).catch((error: unknown) => {
      if (this.stopped) throw new PacerStoppedError("pacer stopped before this send");
      throw error;
    });
  }

  /** Drops the jobs still waiting (they reject); jobs already running finish. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const stops: Promise<void>[] = [];
    for (const lane of this.lanes.values()) {
      for (const limiter of lane.groups?.limiters() ?? [])
        stops.push(limiter.limiter.stop({ dropWaitingJobs: true }));
      stops.push(lane.global.stop({ dropWaitingJobs: true }));
    }
    await Promise.allSettled(stops);
  }
}
