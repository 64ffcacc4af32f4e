import type { Locale } from "./core/locale.ts";
import type { Reply } from "./core/reply.ts";

/** A platform's name, as its entry in the platform list (`src/adapters/index.ts`) gives it. */
export type PlatformName = string;

/**
 * A running chat platform connection, as `main.ts` sees it. Each adapter implements it;
 * nothing here knows discord.js or grammy.
 */
export interface PlatformService {
  readonly name: PlatformName;
  /** Connects and starts serving. Rejects with a clear error if it cannot (bad token, …). */
  start(): Promise<void>;
  /**
   * Stops taking new work, lets what is in flight finish, disconnects; resolves by `deadline`
   * (the process's one shutdown deadline) whatever the platform does. Idempotent.
   */
  stop(deadline?: AbortSignal): Promise<void>;
  /** True while connected and serving (for /readyz). */
  isReady(): boolean;
  /** Why it is not ready, in words safe to show in /readyz (no URL, no secret), if known. */
  problem?(): string | undefined;
}

/**
 * The result of posting to a channel or chat. `permanent` failures (blocked, kicked, unknown
 * chat) must pause the target; others may be retried.
 */
export type SendResult =
  | { readonly ok: true; readonly messageId?: string }
  | {
      readonly ok: false;
      readonly permanent: boolean;
      readonly reason: string;
      /**
       * The post may have reached the platform, whole or in part (a timeout or a reset after
       * the request was written, or a later part failing after the first went out): sending
       * again could post it twice, so it must not be retried (at most once wins).
       */
      readonly uncertain?: boolean;
      /** Telegram group upgraded to a supergroup: the new chat id. */
      readonly migratedTo?: string;
      /**
       * The platform answered 429 with this wait (retry_after, in ms) and the sender did not
       * retry it itself; the digest engine waits that long before its next attempt.
       */
      readonly retryAfterMs?: number;
    };

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
 * "Send this reply to that channel": the platform's one sender (render, split, send, obey
 * `retry_after`, never re-post a part that went out), used by scheduled digests and, in each
 * adapter, by replies.
 */
export interface ReplySender {
  readonly platform: PlatformName;
  /** The platform's published limits, which the digest engine keeps to (none: unpaced). */
  readonly pacing?: PlatformPacing;
  /**
   * `locale`: the reply's language (a subscription's), for the sender's own labels;
   * `options.replyTo`: the message the first part answers (a command in a group).
   */
  send(
    target: string,
    reply: Reply,
    locale?: Locale,
    options?: { readonly replyTo?: string },
  ): Promise<SendResult>;
}
