// Telegram's one sender, for replies and digests alike: render, split, send (text, photo with
// caption, keyboard), obey retry_after, report a later part's failure as uncertain, pace. Just
// over 300 lines: one file so the rule "never re-post a part that went out" is read in one place.

import { setTimeout as sleep } from "node:timers/promises";
import {
  Api,
  GrammyError,
  HttpError,
  type InlineKeyboard,
  InputFile,
  type Transformer,
} from "grammy";
import type { Config } from "../../config.ts";
import type { Reply } from "../../core/reply.ts";
import type { SenderPictures } from "../../images/pictures.ts";
import type { Metrics } from "../../ops/metrics.ts";
import type { PlatformPacing, ReplySender, SendResult } from "../../platform.ts";
import { actionKeyboard } from "./keyboard.ts";
import { renderTelegram, renderWithCaption } from "./render.ts";

/**
 * Telegram's published limits: about 30 messages/s overall and 20/min per group (negative
 * chat ids are groups and channels).
 */
export const TELEGRAM_PACING: PlatformPacing = {
  perSecond: 30,
  perGroupPerMinute: 20,
  isGroup: (target) => target.startsWith("-"),
  maxConcurrent: 30,
};

/** What every message we send carries: HTML parse mode, no link previews. */
export const MESSAGE_OPTIONS = {
  parse_mode: "HTML",
  link_preview_options: { is_disabled: true },
} as const;

/** 403s all mean "this chat will not take our messages" (blocked, kicked, deactivated…). */
const PERMANENT_400 = /chat not found|user not found|peer_id_invalid|have no rights to send/i;

/** Attempts for the second and later parts of a long reply (the first part is the caller's). */
const CONTINUATION_ATTEMPTS = 3;
/** Longest wait the sender itself accepts before a continuation part. */
const CONTINUATION_MAX_WAIT_MS = 30_000;

/** A send that hangs must not hold a digest forever; its outcome is then unknown (not retried). */
const SENDER_TIMEOUT_SECONDS = 30;

/**
 * Network error codes that prove the request never reached the API (no connection was made):
 * only these may be retried blindly. Anything else (timeout, reset, broken answer) may come
 * after Telegram acted on the request.
 */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/**
 * Why a request got no answer, in words safe to log and show: grammY's network errors wrap
 * node-fetch errors whose message holds the URL, and the URL holds the bot token. Gives the
 * timeout message, a system error code (ECONNREFUSED…) or the error's class, never a URL.
 */
export function networkCause(error: unknown): string {
  const inner = error instanceof HttpError ? error.error : error;
  if (
    inner instanceof Error &&
    /^Request to '\w+' timed out after [\d.]+ seconds$/.test(inner.message)
  )
    return inner.message;
  const code = (inner as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return inner instanceof Error ? inner.name : typeof inner;
}

/** True when a failed call provably never reached the API (so retrying cannot duplicate). */
export function neverSent(error: unknown): boolean {
  return error instanceof HttpError && NOT_SENT.has(networkCause(error));
}

/**
 * Maps a failed Bot API call to a `SendResult`. Permanent: any 403 (blocked, kicked, not a
 * member, deactivated, can't initiate) and 400 "chat not found"; a group upgraded to a
 * supergroup gives its new id in `migratedTo`. A 429 carries its `retry_after` as
 * `retryAfterMs`. A 5xx answer, or a connection that was never made, is transient. Any other
 * network failure (timeout, reset after the request was written) is `uncertain`: Telegram may
 * have posted the message.
 */
export function sendFailure(error: unknown): SendResult {
  if (error instanceof GrammyError) {
    const migratedTo = error.parameters.migrate_to_chat_id;
    const retryAfter = error.error_code === 429 ? error.parameters.retry_after : undefined;
    return {
      ok: false,
      permanent:
        error.error_code === 403 ||
        (error.error_code === 400 && (PERMANENT_400.test(error.description) || !!migratedTo)),
      reason: error.description,
      ...(migratedTo === undefined ? {} : { migratedTo: String(migratedTo) }),
      ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter * 1000 }),
    };
  }
  if (error instanceof HttpError) {
    const cause = networkCause(error);
    if (neverSent(error)) return { ok: false, permanent: false, reason: `network: ${cause}` };
    return { ok: false, permanent: false, uncertain: true, reason: `no answer: ${cause}` };
  }
  return {
    ok: false,
    permanent: false,
    reason: error instanceof Error ? error.message : String(error),
  };
}

/** Counts every 429 the Bot API answers (`metrics.rateLimited`), retried or not. */
export function countRateLimits(metrics: Metrics): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok && result.error_code === 429) metrics.rateLimited.inc({ platform: "telegram" });
    return result;
  };
}

/**
 * The Bot API client for scheduled digests: no auto-retry (the digest engine owns retries
 * and obeys `retryAfterMs`), 429s counted, a bounded request time (`timeoutSeconds`, 30 by
 * default; a send that times out is recorded as uncertain, never retried).
 *
 * @example const sender = createSender(digestApi(token, apiRoot, metrics));
 */
export function digestApi(
  token: string,
  apiRoot: string | undefined,
  metrics?: Metrics,
  options: { timeoutSeconds?: number } = {},
): Api {
  const api = new Api(token, {
    ...(apiRoot ? { apiRoot } : {}),
    timeoutSeconds: options.timeoutSeconds ?? SENDER_TIMEOUT_SECONDS,
  });
  if (metrics) api.config.use(countRateLimits(metrics));
  return api;
}

/**
 * Posts a reply to a chat: rendered to HTML, split if long, the keyboard on the last part.
 * Never throws; the result says whether to retry (and when), pause or move the target.
 *
 * The first part's failure goes back to the caller as is. Once a part is posted, a retry by
 * the caller would post it twice, so later parts are retried here (a few attempts, obeying
 * retry_after, only when the failed attempt provably did not post), and a later part that
 * still fails makes the whole send `uncertain` (or permanent): the caller must not resend.
 * With `images`, a reply that has a picture goes first as a photo (`sendPhoto`, the reply as
 * its HTML caption, at most 1,024 characters; the rest follows as messages), uploaded once
 * and then re-sent by its `file_id`.
 *
 * @example await createSender(api).send("-1001234567890", digestReply)
 */
export function createSender(api: Api, images?: SenderPictures): ReplySender {
  return {
    platform: "telegram",
    pacing: TELEGRAM_PACING,
    async send(target, reply, locale, options = {}): Promise<SendResult> {
      const picture =
        images && locale && reply.image
          ? await images.pictures.of(reply, images.library(), locale)
          : undefined;
      const { caption, parts, keyboard, partOptions } = rendered(reply, picture !== undefined);
      let messageId: number | undefined;
      const replyToFirst = options.replyTo
        ? {
            reply_parameters: {
              message_id: Number(options.replyTo),
              allow_sending_without_reply: true,
            },
          }
        : undefined;
      if (images && picture) {
        // The photo first, the reply as its caption: uploaded once, then sent by file_id.
        // The cache failing (a database down) costs an upload, never the send.
        const known = await images.pictures.fileIds
          .get("telegram", picture.key)
          .catch(() => undefined);
        const photo = (file: string | InputFile) =>
          api.sendPhoto(target, file, {
            caption,
            parse_mode: "HTML",
            ...(replyToFirst ?? {}),
            ...(parts.length === 0 && keyboard ? { reply_markup: keyboard } : {}),
          });
        const upload = () => new InputFile(picture.png, picture.filename);
        let sent: Awaited<ReturnType<Api["sendPhoto"]>>;
        let uploaded = !known;
        try {
          sent = await photo(known ?? upload());
        } catch (error) {
          // A stored id Telegram no longer takes (another bot's, a database copied over): the
          // 400 proves nothing was posted, so the picture is uploaded once more, here.
          if (!known || !staleFileId(error)) return sendFailure(error);
          try {
            sent = await photo(upload());
            uploaded = true;
          } catch (again) {
            return sendFailure(again);
          }
        }
        // Posted: from here nothing may turn this send into a failure that would be retried.
        messageId = sent.message_id;
        const fileId = sent.photo?.at(-1)?.file_id;
        if (uploaded && fileId)
          await images.pictures.fileIds.set("telegram", picture.key, fileId).catch(() => {});
      }
      const first = picture ? -1 : 0;
      for (let i = 0; i < parts.length; i++) {
        const text = parts[i] as string;
        const shared = partOptions[i] as MessageOptions;
        const other = i === first && replyToFirst ? { ...shared, ...replyToFirst } : shared;
        const post = () => api.sendMessage(target, text, other);
        try {
          const sent = i === first ? await post() : await continuation(post);
          messageId ??= sent.message_id;
        } catch (error) {
          const failure = sendFailure(error);
          if (i === first || failure.ok || failure.permanent) return failure;
          return {
            ...failure,
            uncertain: true,
            reason: `part ${i + 1 - first} of ${parts.length - first} not delivered after part 1 was: ${failure.reason}`,
          };
        }
      }
      return { ok: true, ...(messageId === undefined ? {} : { messageId: String(messageId) }) };
    },
  };
}

/** What a message of a reply is sent with: HTML, no preview, the buttons on the last one. */
type MessageOptions = typeof MESSAGE_OPTIONS & { readonly reply_markup?: InlineKeyboard };

/** A reply as Telegram messages: the caption under its picture (if any), the texts, the buttons. */
interface Rendering {
  readonly caption: string | undefined;
  readonly parts: readonly string[];
  readonly keyboard: InlineKeyboard | undefined;
  /** Each part's options, built once (grammY copies them into its payload). */
  readonly partOptions: readonly MessageOptions[];
}

/**
 * Renderings of shared replies, by reply object, with or without a picture. Only frozen
 * replies (those `serve` remembers, src/reply-memo.ts) are kept: they cannot change, and the
 * same one is sent again and again; an entry goes with its reply.
 */
const renderings = new WeakMap<Reply, { alone?: Rendering; withPicture?: Rendering }>();

/** The reply rendered for Telegram, or its remembered rendering. */
function rendered(reply: Reply, withPicture: boolean): Rendering {
  const shared = Object.isFrozen(reply) ? renderings.get(reply) : undefined;
  const known = withPicture ? shared?.withPicture : shared?.alone;
  if (known) return known;
  const keyboard = actionKeyboard(reply.actions);
  const { caption, rest: parts } = withPicture
    ? renderWithCaption(reply)
    : { caption: undefined, rest: renderTelegram(reply) };
  const partOptions = parts.map((_, i) =>
    i === parts.length - 1 && keyboard
      ? { ...MESSAGE_OPTIONS, reply_markup: keyboard }
      : MESSAGE_OPTIONS,
  );
  const fresh: Rendering = { caption, parts, keyboard, partOptions };
  if (Object.isFrozen(reply))
    renderings.set(reply, { ...shared, [withPicture ? "withPicture" : "alone"]: fresh });
  return fresh;
}

/** Telegram's answer to a `file_id` it does not know (or no longer gives this bot). */
function staleFileId(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /wrong file identifier|file_id|file reference/i.test(error.description)
  );
}

/** Retries a later part of a reply on transient failures; throws the last error. */
async function continuation<T>(post: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await post();
    } catch (error) {
      const failure = sendFailure(error);
      if (failure.ok || failure.permanent || failure.uncertain || attempt >= CONTINUATION_ATTEMPTS)
        throw error;
      const wait = failure.retryAfterMs ?? 1_000 * attempt;
      if (wait > CONTINUATION_MAX_WAIT_MS) throw error;
      await sleep(wait);
    }
  }
}

/**
 * The Telegram sender built from the configuration: a Bot API client without auto-retry (the
 * digest engine owns digest retries), 429s counted; with `images`, a digest that names the
 * day's card goes as a photo with its caption. The running service and
 * `npm run digest -- --now` both use it.
 *
 * @example const sender = senderFromConfig(config, metrics, images);
 */
export function senderFromConfig(
  config: Config,
  metrics?: Metrics,
  images?: SenderPictures,
): ReplySender {
  return createSender(
    digestApi(config.TELEGRAM_BOT_TOKEN ?? "", config.TELEGRAM_API_ROOT, metrics),
    images,
  );
}
