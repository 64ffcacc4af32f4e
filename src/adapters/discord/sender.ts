import {
  DiscordAPIError,
  HTTPError,
  REST,
  RESTEvents,
  type RESTPostAPIChannelMessageResult,
  Routes,
} from "discord.js";
import type { Config } from "../../config.ts";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import type { PlatformPacing, ReplySender, SendResult } from "../../platform.ts";
import { renderReply } from "./render.ts";

/** Discord error codes that mean "this channel will not work until someone acts". */
const PERMANENT_CODES = new Set([
  10003, // Unknown Channel
  50001, // Missing Access
  50013, // Missing Permissions
]);

/** Network error codes that prove the request never reached Discord: safe to retry. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/** A send that hangs must not hold a digest forever; its outcome is then unknown (not retried). */
const SENDER_TIMEOUT_MS = 15_000;

/** The system error code of a network failure (on the error or its `cause`), if any. */
function systemCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The REST client for scheduled digests: the given timeout, and no retries of its own, because
 * @discordjs/rest retries a timed-out or reset request blindly, which could post it twice. The
 * digest engine retries what is safe to retry (429, 5xx, no connection) and records the rest
 * as uncertain. 429s are still waited out by the client (Discord did not act on them).
 *
 * @example const sender = createDiscordSender(digestRest({ token, api }), () => "fr");
 */
export function digestRest(options: { token: string; api?: string; timeoutMs?: number }): REST {
  return new REST({
    ...(options.api ? { api: options.api } : {}),
    retries: 0,
    timeout: options.timeoutMs ?? SENDER_TIMEOUT_MS,
  }).setToken(options.token);
}

/**
 * discord.js's REST queue already obeys the global limit and each route's bucket, so digests
 * only bound their concurrency.
 */
export const DISCORD_PACING: PlatformPacing = { maxConcurrent: 10 };

/**
 * Maps a failed Discord request to a `SendResult`: unknown channel, missing access or
 * permissions (and any 403/404) are permanent; rate limits, 5xx and a connection never made
 * are transient; any other network failure (timeout, reset after the request was written) is
 * `uncertain`, since Discord may have created the message.
 */
export function sendFailure(error: unknown): SendResult {
  if (error instanceof DiscordAPIError) {
    const permanent =
      (typeof error.code === "number" && PERMANENT_CODES.has(error.code)) ||
      error.status === 403 ||
      error.status === 404;
    return { ok: false, permanent, reason: `${error.status} ${error.code}: ${error.message}` };
  }
  if (error instanceof HTTPError)
    return {
      ok: false,
      permanent: error.status === 403 || error.status === 404,
      reason: `${error.status}: ${error.message}`,
    };
  const code = systemCode(error);
  if (code && NOT_SENT.has(code))
    return { ok: false, permanent: false, reason: `network: ${code}` };
  const cause =
    error instanceof Error && error.name === "AbortError"
      ? "timeout"
      : (code ?? (error instanceof Error ? error.name : String(error)));
  return { ok: false, permanent: false, uncertain: true, reason: `no answer: ${cause}` };
}

/**
 * "Send this reply to that channel" for Discord: every page of the rendered reply is posted
 * (no mentions); the first message's id is returned. Buttons are labelled in the `locale`
 * given to `send` (the subscription's language), else in `fallback()`.
 *
 * @example await createDiscordSender(client.rest, () => "fr").send("1049721932418043954", reply, "en")
 */
export function createDiscordSender(rest: REST, fallback: () => Locale): ReplySender {
  return {
    platform: "discord",
    pacing: DISCORD_PACING,
    async send(channelId: string, reply: Reply, locale?: Locale): Promise<SendResult> {
      let messageId: string | undefined;
      const pages = renderReply(reply, locale ?? fallback()).pages;
      for (const [i, page] of pages.entries()) {
        try {
          const message = (await rest.post(Routes.channelMessages(channelId), {
            body: {
              embeds: page.embeds,
              components: page.components,
              allowed_mentions: { parse: [] },
            },
          })) as RESTPostAPIChannelMessageResult;
          messageId ??= message.id;
        } catch (error) {
          const failure = sendFailure(error);
          if (i === 0 || failure.ok || failure.permanent) return failure;
          // A page went out already: sending the reply again would post it twice.
          return {
            ...failure,
            uncertain: true,
            reason: `page ${i + 1} of ${pages.length} not delivered after page 1 was: ${failure.reason}`,
          };
        }
      }
      return { ok: true, ...(messageId ? { messageId } : {}) };
    },
  };
}

/**
 * The Discord sender built from the configuration: its own REST client (`digestRest`), 429s
 * counted and logged, buttons labelled in the digest language when a send names none. The
 * running service and `npm run digest -- --now` both use it.
 *
 * @example const sender = senderFromConfig(config, metrics, log);
 */
export function senderFromConfig(config: Config, metrics?: Metrics, log?: Logger): ReplySender {
  const rest = digestRest({
    token: config.DISCORD_TOKEN ?? "",
    ...(config.DISCORD_API_ROOT ? { api: config.DISCORD_API_ROOT } : {}),
  });
  countRateLimits(rest, metrics, log);
  return createDiscordSender(rest, () => config.DIGEST_LOCALE ?? config.defaultLocale);
}

/** Counts and logs every 429 a REST client gets (`metrics.rateLimited`). */
export function countRateLimits(rest: REST, metrics?: Metrics, log?: Logger): void {
  rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429) return;
    metrics?.rateLimited.inc({ platform: "discord" });
    log?.warn({ platform: "discord", route: request.route }, "rate limited (429)");
  });
}
