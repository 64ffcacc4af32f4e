import { Composer, type Context } from "grammy";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import { parseDigestText } from "../../digest/arguments.ts";
import { ADMIN_SUBCOMMANDS } from "../../digest/command.ts";
import type { DigestService } from "../../digest/service.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import { type MembershipChange, replyWith, serveCommand } from "./handlers.ts";
import { createSender } from "./sender.ts";
import { wording } from "./wording.ts";

export interface DigestHandlerDeps {
  readonly digests: DigestService;
  readonly defaultLocale: Locale;
  readonly log: Logger;
  readonly metrics?: Metrics;
}

/**
 * May the sender of this message change the chat's subscription? In a private chat, the user
 * may; in a group, its administrators: those getChatMember says are creator or administrator,
 * and anonymous administrators, whose messages Telegram sends on behalf of the group itself
 * (`sender_chat` is the chat; `from` is GroupAnonymousBot). Someone writing as a channel is
 * not an administrator of the group.
 */
export async function mayChangeSubscription(ctx: Context): Promise<boolean> {
  const chat = ctx.chat;
  if (!chat) return false;
  if (chat.type === "private") return true;
  const senderChat = ctx.message?.sender_chat;
  if (senderChat) return senderChat.id === chat.id;
  if (!ctx.from) return false;
  const member = await ctx.getChatMember(ctx.from.id);
  return member.status === "creator" || member.status === "administrator";
}

/**
 * `/digest …` in a chat: subscribe, unsubscribe, status, preview, or the usage, answered by the
 * digest service and rendered like every reply. Subscribe and unsubscribe are for the chat's
 * administrators (see `mayChangeSubscription`). In a group, the preview goes to the caller in
 * a private message, and the group gets a one-line note; when the bot cannot write to the
 * caller (never started it, or an anonymous admin), the note says how to get it instead. The
 * preview itself is never posted in the group.
 */
export function digestHandlers(deps: DigestHandlerDeps): Composer<Context> {
  const { digests } = deps;
  const composer = new Composer<Context>();

  composer.command("digest", (ctx) =>
    serveCommand(deps, ctx, "digest", async (locale) => {
      const text = ctx.match;
      const parsed = parseDigestText(text);
      const ref = { platform: "telegram", target: String(ctx.chat.id), locale } as const;
      const w = wording[locale];
      if (
        parsed.kind === "command" &&
        ADMIN_SUBCOMMANDS.includes(parsed.subcommand) &&
        !(await mayChangeSubscription(ctx))
      ) {
        const refusal: Reply = {
          status: "user-error",
          title: w.adminsOnlyTitle,
          blocks: [{ type: "text", text: w.adminsOnly }],
        };
        await replyWith(ctx, refusal);
        return refusal;
      }
      const answer = digests.handleText(ref, text);
      if (
        parsed.kind !== "command" ||
        parsed.subcommand !== "preview" ||
        ctx.chat.type === "private"
      ) {
        await replyWith(ctx, answer);
        return answer;
      }
      await replyWith(ctx, await previewPrivately(ctx, answer, locale, deps.log));
      return answer;
    }),
  );

  return composer;
}

/** Sends the preview to the caller privately; returns the short note for the group. */
async function previewPrivately(
  ctx: Context,
  preview: Reply,
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
  const result = await createSender(ctx.api).send(String(ctx.from.id), preview);
  if (result.ok) return note(w.previewSentTitle, w.previewSent);
  // Only "cannot write to this user" has a helpful answer; anything else is ours to fix.
  if (!result.permanent) throw new Error(`private preview failed: ${result.reason}`);
  log.info({ reason: result.reason }, "private preview refused by Telegram");
  return note(w.previewPrivateTitle, w.previewCannotReach(username));
}

/**
 * What a membership change means for the chat's digests: back in the chat → resume; removed,
 * kicked or blocked → pause with the reason (`/digest status` shows it); a group upgraded to
 * a supergroup → its subscription moves to the new id, where the bot is present.
 */
export function applyMembership(digests: DigestService, change: MembershipChange): void {
  switch (change.kind) {
    case "joined":
      digests.resume("telegram", change.chatId);
      return;
    case "left":
      digests.pause("telegram", change.chatId, leaveReason(change.chatType, change.status));
      return;
    case "migrated":
      digests.migrate("telegram", change.chatId, change.migratedTo);
      digests.resume("telegram", change.migratedTo);
      return;
  }
}

/** The pause reason, worded like the Bot API's own 403 descriptions. */
export function leaveReason(chatType: string, status: string): string {
  if (chatType === "private") return "bot was blocked by the user";
  if (chatType === "channel") return "bot was removed from the channel";
  const chat = chatType === "supergroup" ? "supergroup chat" : "group chat";
  return status === "kicked"
    ? `bot was kicked from the ${chat}`
    : `bot was removed from the ${chat}`;
}
