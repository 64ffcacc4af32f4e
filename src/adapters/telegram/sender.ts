import { type Api, GrammyError } from "grammy";
import type { Reply } from "../../core/reply.ts";
import type { ReplySender, SendResult } from "../../platform.ts";
import { actionKeyboard } from "./keyboard.ts";
import { renderTelegram } from "./render.ts";

/** What every message we send carries: HTML parse mode, no link previews. */
export const MESSAGE_OPTIONS = {
  parse_mode: "HTML",
  link_preview_options: { is_disabled: true },
} as const;

/** 403s all mean "this chat will not take our messages" (blocked, kicked, deactivated…). */
const PERMANENT_400 = /chat not found|user not found|peer_id_invalid|have no rights to send/i;

/**
 * Maps a failed Bot API call to a `SendResult`. Permanent: any 403 (blocked, kicked, not a
 * member, deactivated, can't initiate) and 400 "chat not found"; a group upgraded to a
 * supergroup gives its new id in `migratedTo`. Anything else (429 past our retries, 5xx,
 * network) is transient.
 */
export function sendFailure(error: unknown): SendResult {
  if (error instanceof GrammyError) {
    const migratedTo = error.parameters.migrate_to_chat_id;
    return {
      ok: false,
      permanent:
        error.error_code === 403 ||
        (error.error_code === 400 && (PERMANENT_400.test(error.description) || !!migratedTo)),
      reason: error.description,
      ...(migratedTo === undefined ? {} : { migratedTo: String(migratedTo) }),
    };
  }
  return {
    ok: false,
    permanent: false,
    reason: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Posts a reply to a chat: rendered to HTML, split if long, the keyboard on the last part.
 * Never throws; the result says whether to retry, pause or move the target.
 *
 * @example await createSender(bot.api).send("-1001234567890", digestReply)
 */
export function createSender(api: Api): ReplySender {
  return {
    platform: "telegram",
    async send(target: string, reply: Reply): Promise<SendResult> {
      const parts = renderTelegram(reply);
      const keyboard = actionKeyboard(reply.actions);
      let messageId: number | undefined;
      try {
        for (const [i, text] of parts.entries()) {
          const last = i === parts.length - 1;
          const sent = await api.sendMessage(target, text, {
            ...MESSAGE_OPTIONS,
            ...(last && keyboard ? { reply_markup: keyboard } : {}),
          });
          messageId = sent.message_id;
        }
      } catch (error) {
        return sendFailure(error);
      }
      return { ok: true, ...(messageId === undefined ? {} : { messageId: String(messageId) }) };
    },
  };
}
