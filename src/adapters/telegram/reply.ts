import type { Context } from "grammy";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Logger } from "../../log.ts";
import type { ReplyOptions } from "../../serve.ts";
import type { BotContext } from "./decode.ts";
import { actionKeyboard } from "./keyboard.ts";
import { renderTelegram } from "./render.ts";
import { createSender, MESSAGE_OPTIONS } from "./sender.ts";
import { wording } from "./wording.ts";

/** Sends a rendered reply in the chat of the update; in groups, as a reply to the command. */
export async function replyWith(ctx: Context, reply: Reply): Promise<void> {
  const parts = renderTelegram(reply);
  const keyboard = actionKeyboard(reply.actions);
  const replyTo =
    ctx.chat?.type !== "private" && ctx.message
      ? {
          reply_parameters: {
            message_id: ctx.message.message_id,
            allow_sending_without_reply: true,
          },
        }
      : {};
  for (const [i, text] of parts.entries()) {
    const last = i === parts.length - 1;
    await ctx.reply(text, {
      ...MESSAGE_OPTIONS,
      ...(i === 0 ? replyTo : {}),
      ...(last && keyboard ? { reply_markup: keyboard } : {}),
    });
  }
}

/**
 * The invocation's way to answer: in the chat; a private answer asked for in a group goes to
 * the caller in a private message, and the group gets a one-line note (when the bot cannot
 * write to the caller, the note says how to get it instead). Never posted in the group.
 */
export function replier(ctx: BotContext, log: Logger) {
  return async (reply: Reply, options: ReplyOptions): Promise<void> => {
    if (!options.private || ctx.chat?.type === "private" || reply.status !== "ok")
      return replyWith(ctx, reply);
    await replyWith(ctx, await sendPrivately(ctx, reply, ctx.locale, log));
  };
}

/** Sends `reply` to the caller privately; returns the short note for the group. */
async function sendPrivately(
  ctx: Context,
  reply: Reply,
  locale: Locale,
  log: Logger,
): Promise<Reply> {
  const w = wording[locale];
  const username = ctx.me.username;
  const note = (title: string, text: string): Reply => ({
    status: "ok",
    title,
    blocks: [{ type: "text", text }],
  });
  if (ctx.message?.sender_chat || !ctx.from)
    return note(w.previewPrivateTitle, w.previewAnonymous(username));
  const result = await createSender(ctx.api).send(String(ctx.from.id), reply);
  if (result.ok) return note(w.previewSentTitle, w.previewSent);
  // Only "cannot write to this user" has a helpful answer; anything else is ours to fix.
  if (!result.permanent) throw new Error(`private reply failed: ${result.reason}`);
  log.info({ reason: result.reason }, "private reply refused by Telegram");
  return note(w.previewPrivateTitle, w.previewCannotReach(username));
}

/** The short fixed apology in the chat of the update. */
export async function apologize(ctx: BotContext): Promise<void> {
  if (ctx.chat && !ctx.inlineQuery) await ctx.reply(wording[ctx.locale].internalError);
}
