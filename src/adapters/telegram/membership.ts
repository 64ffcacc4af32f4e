import type { DigestService } from "../../digest/service.ts";

/**
 * The bot joined, left or moved a chat: what scheduled digests need to resume or pause
 * (decoded from `my_chat_member` updates and migration messages by `decodeUpdate`).
 */
export type MembershipChange =
  | {
      readonly kind: "joined" | "left";
      readonly chatId: string;
      readonly chatType: string;
      /** The bot's new status in the chat (member, administrator, left, kicked, …). */
      readonly status: string;
    }
  | { readonly kind: "migrated"; readonly chatId: string; readonly migratedTo: string };

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
