import { HttpError, type Transformer } from "grammy";
import type { Logger } from "../../log.ts";
import { networkCause, neverSent } from "./sender.ts";

/** How the bot's own API client retries when Telegram cannot be reached. */
export interface NetworkRetry {
  /** First wait; doubles each time. */
  readonly baseMs: number;
  /** Longest wait between two attempts. */
  readonly maxMs: number;
  /** Attempts in all for a call other than getUpdates (polling retries until it works). */
  readonly attempts: number;
}

/** A few seconds to start with, never more than 30 s between attempts. */
export const defaultNetworkRetry: NetworkRetry = { baseMs: 1_000, maxMs: 30_000, attempts: 4 };

/** What the client knows about reaching Telegram, for readiness. */
export interface Reachability {
  /** Why the last call failed, until a call succeeds again (safe to show: no URL, no token). */
  problem?: string;
}

/** Methods whose repeat would post twice: retried only when the request provably never left. */
const POSTS = /^(send|edit|forward|copy)/;

/**
 * A grammY transformer for network failures (no answer at all; API errors are auto-retry's).
 * Every failed attempt is logged with its cause and method; the back-off doubles from
 * `baseMs` up to `maxMs`. getUpdates retries until it works (the bot must come back by
 * itself); other calls stop after `attempts`, and posts are retried only when the connection
 * was never made (a timeout may have posted). `state.problem` says why while it fails.
 * Install it before auto-retry (so auto-retry, with `rethrowHttpErrors`, sees only answers).
 *
 * @example bot.api.config.use(networkRetry(log, state));
 */
export function networkRetry(
  log: Logger,
  state: Reachability,
  policy: NetworkRetry = defaultNetworkRetry,
): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      try {
        // After a failure, poll without waiting: an answer at once says Telegram is back.
        const retryPayload =
          attempt > 1 && method === "getUpdates" ? { ...payload, timeout: 0 } : payload;
        const result = await prev(method, retryPayload as typeof payload, signal);
        if (state.problem !== undefined) {
          state.problem = undefined;
          log.info({ platform: "telegram", method }, "telegram reachable again");
        }
        return result;
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted) throw error;
        const cause = networkCause(error);
        const retry =
          method === "getUpdates" ||
          (attempt < policy.attempts && (!POSTS.test(method) || neverSent(error)));
        const retryInMs = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
        state.problem = `Telegram unreachable: ${cause} (${method})`;
        log.warn(
          { platform: "telegram", method, attempt, cause, ...(retry ? { retryInMs } : {}) },
          "telegram request failed",
        );
        if (!retry) throw error;
        await pause(retryInMs, signal);
      }
    }
  };
}

/** Waits `ms`, or rejects as soon as `signal` aborts (grammY passes its own AbortSignal type). */
function pause(
  ms: number,
  signal:
    | {
        readonly aborted: boolean;
        addEventListener(type: "abort", listener: () => void): void;
        removeEventListener(type: "abort", listener: () => void): void;
      }
    | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(new Error("aborted while waiting to retry"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    if (signal?.aborted) abort();
    else signal?.addEventListener("abort", abort);
  });
}
