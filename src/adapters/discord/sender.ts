import { DiscordAPIError, HTTPError, REST, RESTEvents } from "discord.js";
import type { Config } from "../../config.ts";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { SenderPictures } from "../../images/pictures.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import type { PlatformPacing, ReplySender, SendResult } from "../../platform.ts";
import { sendFailure, systemCode } from "./failure.ts";
import { channelOutlet, type OutgoingMessage, type Outlet } from "./outlets.ts";
import { type Origin, renderReply } from "./render.ts";

export { sendFailure } from "./failure.ts";
export {
  channelOutlet,
  interactionOutlet,
  type OutgoingMessage,
  type Outlet,
  turnPage,
} from "./outlets.ts";

/** A send that hangs must not hold a digest forever; its outcome is then unknown (not retried). */
const SENDER_TIMEOUT_MS = 15_000;

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

/** What a reply needs besides its data: page buttons, privacy, pictures. */
export interface DeliverOptions {
  /** The command the reply answers: pages get Previous/Next buttons that re-run it. */
  readonly origin?: Origin;
  /** Shown to the caller only (a user error always is). */
  readonly ephemeral?: boolean;
  /** Where to find the reply's picture; without it, text only. */
  readonly pictures?: SenderPictures;
}

export type { SenderPictures };

/**
 * Discord's one way out, for interaction answers and channel posts alike: renders the reply,
 * sends its pages in order (only the first when they link to each other with buttons), the
 * picture on the first, no mentions. The first page's failure is returned as is (nothing went
 * out); a later page's failure makes the send `uncertain`, since sending the reply again would
 * post the earlier pages twice. 429s are waited out by discord.js's REST queue (`retry_after`).
 * Never throws.
 *
 * @example await deliver(channelOutlet(rest, channelId), reply, "fr")
 */
export async function deliver(
  outlet: Outlet,
  reply: Reply,
  locale: Locale,
  options: DeliverOptions = {},
): Promise<SendResult> {
  const { pages, linked } = renderReply(reply, locale, options.origin);
  const toSend = linked ? pages.slice(0, 1) : pages;
  const ephemeral = (options.ephemeral ?? false) || reply.status === "user-error";
  let picture: OutgoingMessage["picture"];
  try {
    picture = await pictureOf(outlet, reply, locale, ephemeral, options);
  } catch (error) {
    // Deferring failed (Discord's answer), or drawing did (ours): nothing was posted.
    if (error instanceof DiscordAPIError || error instanceof HTTPError || systemCode(error))
      return sendFailure(error);
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, permanent: false, reason: `picture not drawn: ${reason}` };
  }
  let messageId: string | undefined;
  for (const [i, page] of toSend.entries()) {
    try {
      const message = { ...page, ephemeral, ...(i === 0 && picture ? { picture } : {}) };
      const id = await outlet.post(message, i);
      messageId ??= id;
    } catch (error) {
      const failure = sendFailure(error);
      if (i === 0 || failure.ok || failure.permanent) return failure;
      return {
        ...failure,
        uncertain: true,
        reason: `page ${i + 1} of ${toSend.length} not delivered after page 1 was: ${failure.reason}`,
      };
    }
  }
  return { ok: true, ...(messageId ? { messageId } : {}) };
}

/** The reply's picture, holding the outlet first when it is not drawn yet. */
async function pictureOf(
  outlet: Outlet,
  reply: Reply,
  locale: Locale,
  ephemeral: boolean,
  options: DeliverOptions,
): Promise<OutgoingMessage["picture"]> {
  const images = options.pictures;
  if (!images || !reply.image || reply.status !== "ok") return undefined;
  if (!images.pictures.ready(reply, images.library(), locale)) await outlet.hold?.(ephemeral);
  const picture = await images.pictures.of(reply, images.library(), locale);
  return picture && { png: picture.png, filename: picture.filename, alt: reply.image.alt };
}

/**
 * "Send this reply to that channel" for Discord: `deliver` to the channel through `rest` (no
 * mentions); the first message's id is returned. Buttons are labelled in the `locale` given
 * to `send` (the subscription's language), else in `fallback()`. With `images`, a reply that
 * names a picture (a digest's card) carries it on its first message.
 *
 * @example await createDiscordSender(client.rest, () => "fr").send("1049721932418043954", reply, "en")
 */
export function createDiscordSender(
  rest: REST,
  fallback: () => Locale,
  images?: SenderPictures,
): ReplySender {
  return {
    platform: "discord",
    pacing: DISCORD_PACING,
    send: (channelId, reply, locale) =>
      deliver(
        channelOutlet(rest, channelId),
        reply,
        locale ?? fallback(),
        images ? { pictures: images } : {},
      ),
  };
}

/**
 * The Discord sender built from the configuration: its own REST client (`digestRest`), 429s
 * counted and logged, buttons labelled in the digest language when a send names none; with
 * `images`, a digest that names the day's card carries it. The running service and
 * `npm run digest -- --now` both use it.
 *
 * @example const sender = senderFromConfig(config, metrics, log, images);
 */
export function senderFromConfig(
  config: Config,
  metrics?: Metrics,
  log?: Logger,
  images?: SenderPictures,
): ReplySender {
  const rest = digestRest({
    token: config.DISCORD_TOKEN ?? "",
    ...(config.DISCORD_API_ROOT ? { api: config.DISCORD_API_ROOT } : {}),
  });
  countRateLimits(rest, metrics, log);
  return createDiscordSender(rest, () => config.DIGEST_LOCALE ?? config.defaultLocale, images);
}

/** Counts and logs every 429 a REST client gets (`metrics.rateLimited`). */
export function countRateLimits(rest: REST, metrics?: Metrics, log?: Logger): void {
  rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429) return;
    metrics?.rateLimited.inc({ platform: "discord" });
    log?.warn({ platform: "discord", route: request.route }, "rate limited (429)");
  });
}
