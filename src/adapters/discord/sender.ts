import {
  DiscordAPIError,
  HTTPError,
  type REST,
  type RESTPostAPIChannelMessageResult,
  Routes,
} from "discord.js";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { ReplySender, SendResult } from "../../platform.ts";
import { renderReply } from "./render.ts";

/** Discord error codes that mean "this channel will not work until someone acts". */
const PERMANENT_CODES = new Set([
  10003, // Unknown Channel
  50001, // Missing Access
  50013, // Missing Permissions
]);

/**
 * Maps a failed Discord request to a `SendResult`: unknown channel, missing access or
 * permissions (and any 403/404) are permanent; rate limits, 5xx and network errors transient.
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
  return {
    ok: false,
    permanent: false,
    reason: error instanceof Error ? error.message : String(error),
  };
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
    async send(channelId: string, reply: Reply, locale?: Locale): Promise<SendResult> {
      try {
        let messageId: string | undefined;
        for (const page of renderReply(reply, locale ?? fallback()).pages) {
          const message = (await rest.post(Routes.channelMessages(channelId), {
            body: {
              embeds: page.embeds,
              components: page.components,
              allowed_mentions: { parse: [] },
            },
          })) as RESTPostAPIChannelMessageResult;
          messageId ??= message.id;
        }
        return { ok: true, ...(messageId ? { messageId } : {}) };
      } catch (error) {
        return sendFailure(error);
      }
    },
  };
}
