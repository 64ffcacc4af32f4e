import type { Logger } from "../log.ts";
import type { PlatformName } from "../platform.ts";
import type { DigestStore } from "../storage/store.ts";
import type { Clock } from "./clock.ts";

/**
 * What the platforms tell about digest targets (the bot removed, re-added, a group upgraded),
 * applied to the subscriptions: pause with the reason, resume, move. Never deletes.
 */
export class PlatformEvents {
  constructor(
    private readonly deps: {
      readonly store: DigestStore;
      readonly clock: Clock;
      readonly log: Logger;
      readonly refresh: () => Promise<void>;
    },
  ) {}

  /** The bot is back in a channel (re-added, unblocked): resumes a paused subscription. */
  async resume(platform: PlatformName, target: string): Promise<boolean> {
    const resumed = await this.deps.store.subscriptions.resume(
      platform,
      target,
      this.deps.clock.now(),
    );
    if (resumed) {
      this.deps.log.info({ platform, target }, "digest target resumed");
      await this.deps.refresh();
    }
    return resumed;
  }

  /** The bot lost a channel (kicked, blocked, channel deleted): pauses, never deletes. */
  async pause(platform: PlatformName, target: string, reason: string): Promise<boolean> {
    const paused = await this.deps.store.subscriptions.pause(
      platform,
      target,
      reason,
      this.deps.clock.now(),
    );
    if (paused) await this.deps.refresh();
    return paused;
  }

  /** A group became a supergroup: its subscription and ledger move to the new id. */
  async migrate(platform: PlatformName, from: string, to: string): Promise<boolean> {
    const moved = await this.deps.store.move(platform, from, to, this.deps.clock.now());
    if (moved) this.deps.log.info({ platform, from, to }, "digest target migrated");
    return moved;
  }
}
