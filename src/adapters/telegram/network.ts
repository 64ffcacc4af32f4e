import { HttpError, type Transformer } from "grammy";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
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
  /**
   * False after a failed getUpdates, until a new poll is under way: a long poll only answers
   * when an update comes or it times out, so until then we are not receiving updates.
   */
  pollHealthy: boolean;
}

/** Methods whose repeat would post twice: retried only when the request provably never left. */
const POSTS = /^(send|edit|forward|copy)/;

/**
 * The bot's own API client's one transformer (one layer on every call, rather than one per
 * concern), under auto-retry so that it sees each attempt:
 * - counts every 429 the Bot API answers (`metrics.rateLimited`), retried or not;
 * - keeps `state.pollHealthy` (each getUpdates attempt: true while under way, then whether it
 *   succeeded);
 * - retries network failures (no answer at all; API errors are auto-retry's). Every failed
 *   attempt is logged with its cause and method; the back-off doubles from `baseMs` up to
 *   `maxMs`. getUpdates retries until it works (the bot must come back by itself); other
 *   calls stop after `attempts`, and posts are retried only when the connection was never
 *   made (a timeout may have posted). `state.problem` says why while it fails.
 * Install it before auto-retry (so auto-retry, with `rethrowHttpErrors`, sees only answers).
 *
 * @example bot.api.config.use(watchCalls(log, state, metrics)); bot.api.config.use(autoRetry(…));
 */
export function watchCalls(
  log: Logger,
  state: Reachability,
  metrics?: Metrics,
  policy: NetworkRetry = defaultNetworkRetry,
): Transformer {
  return async (prev, method, payload, signal) => {
    const polling = method === "getUpdates";
    for (let attempt = 1; ; attempt++) {
      if (polling) state.pollHealthy = true;
      try {
        // After a failure, poll without waiting: an answer at once says Telegram is back.
        const retryPayload = attempt > 1 && polling ? { ...payload, timeout: 0 } : payload;
        const result = await prev(method, retryPayload as typeof payload, signal);
        if (!result.ok && result.error_code === 429)
          metrics?.rateLimited.inc({ platform: "telegram" });
        if (polling) state.pollHealthy = result.ok;
        if (state.problem !== undefined) {
          state.problem = undefined;
          log.info({ platform: "telegram", method }, "telegram reachable again");
        }
        return result;
      } catch (error) {
        if (polling) state.pollHealthy = false;
        if (!(error instanceof HttpError) || signal?.aborted) throw error;
        const cause = networkCause(error);
        const retry =
          polling || (attempt < policy.attempts && (!POSTS.test(method) || neverSent(error)));
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
