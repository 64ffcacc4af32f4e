import { Composer } from "grammy";
import type { DigestService } from "../../digest/service.ts";
import type { BotContext } from "./decode.ts";

/** The bot joined, left or moved a chat: what scheduled digests need to resume or pause. */
export type MembershipChange =
  | {
      readonly kind: "joined" | "left";
      readonly chatId: string;
      readonly chatType: string;
      /** The bot's new status in the chat (member, administrator, left, kicked, …). */
      readonly status: string;
    }
  | { readonly kind: "migrated"; readonly chatId: string; readonly migratedTo: string };

/** The bot added to, removed from or moved with a chat, as `MembershipChange`s. */
export function membership(
  onChange: (change: MembershipChange) => void | Promise<void>,
): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("my_chat_member", async (ctx) => {
    const { chat, new_chat_member: now } = ctx.myChatMember;
    const present =
      now.status === "member" ||
      now.status === "administrator" ||
      now.status === "creator" ||
      (now.status === "restricted" && now.is_member);
    await onChange({
      kind: present ? "joined" : "left",
      chatId: String(chat.id),
      chatType: chat.type,
      status: now.status,
    });
  });
  // Telegram tells both sides of a group's upgrade: the old group, then the new supergroup.
  composer.on("message:migrate_to_chat_id", async (ctx) => {
    await onChange({
      kind: "migrated",
      chatId: String(ctx.chat.id),
      migratedTo: String(ctx.message.migrate_to_chat_id),
    });
  });
  composer.on("message:migrate_from_chat_id", async (ctx) => {
    await onChange({
      kind: "migrated",
      chatId: String(ctx.message.migrate_from_chat_id),
      migratedTo: String(ctx.chat.id),
    });
  });
  return composer;
}

/**
 * What a membership change means for the chat's digests: back in the chat → resume; removed,
 * kicked or blocked → pause with the reason (`/digest status` shows it); a group upgraded to
 * a supergroup → its subscription moves to the new id, where the bot is present.
 */
export async function applyMembership(
  digests: DigestService,
  change: MembershipChange,
): Promise<void> {
  switch (change.kind) {
    case "joined":
      await digests.resume("telegram", change.chatId);
      return;
    case "left":
      await digests.pause("telegram", change.chatId, leaveReason(change.chatType, change.status));
      return;
    case "migrated":
      await digests.migrate("telegram", change.chatId, change.migratedTo);
      await digests.resume("telegram", change.migratedTo);
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
