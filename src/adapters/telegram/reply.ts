import type { Context } from "grammy";
import type { CommandContext } from "../../../commands/types.ts";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Logger } from "../../log.ts";
import type { ReplyOptions } from "../../serve.ts";
import type { BotContext } from "./decode.ts";
import { createSender } from "./sender.ts";
import { wording } from "./wording.ts";

/**
 * Sends a reply in the chat of the update through the platform's one sender (the same as
 * digests: render, split, keyboard on the last part, never a part twice; a reply with a
 * picture goes as a photo with its caption first); in groups, as a reply to the command.
 * Throws when it could not be sent, for the caller's error boundary.
 */
export async function replyWith(
  ctx: BotContext,
  reply: Reply,
  context?: CommandContext,
): Promise<void> {
  if (!ctx.chat) throw new Error("no chat to reply in");
  const replyTo =
    ctx.chat.type !== "private" && ctx.message ? String(ctx.message.message_id) : undefined;
  const result = await createSender(ctx.api, picturesOf(context)).send(
    String(ctx.chat.id),
    reply,
    ctx.locale,
    { ...(replyTo ? { replyTo } : {}) },
  );
  if (!result.ok) throw new Error(`reply not sent: ${result.reason}`);
}

/**
 * The invocation's way to answer: in the chat; a private answer asked for in a group goes to
 * the caller in a private message, and the group gets a one-line note (when the bot cannot
 * write to the caller, the note says how to get it instead). Never posted in the group.
 */
export function replier(ctx: BotContext, log: Logger, context?: CommandContext) {
  return async (reply: Reply, options: ReplyOptions): Promise<void> => {
    if (!options.private || ctx.chat?.type === "private" || reply.status !== "ok")
      return replyWith(ctx, reply, context);
    await replyWith(ctx, await sendPrivately(ctx, reply, ctx.locale, log));
  };
}

/** What the sender needs to attach pictures, when the bot has them. */
function picturesOf(context: CommandContext | undefined) {
  const pictures = context?.pictures;
  return pictures && context ? { pictures, library: () => context.library } : undefined;
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
