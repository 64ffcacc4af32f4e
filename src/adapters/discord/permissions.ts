import { PermissionFlagsBits, type PermissionsBitField } from "discord.js";

/** A permission the bot needs to post a digest, by its discord.js flag name. */
export type PostingPermission =
  | "ViewChannel"
  | "SendMessages"
  | "SendMessagesInThreads"
  | "EmbedLinks";

/**
 * The permissions the bot lacks to post a digest (an embed) in a channel: View Channel, Send
 * Messages (Send Messages in Threads in a thread) and Embed Links. Empty when it can post.
 *
 * @example missingToPost(interaction.appPermissions, false) // ["EmbedLinks"]
 */
export function missingToPost(
  permissions: Readonly<PermissionsBitField> | null,
  inThread: boolean,
): PostingPermission[] {
  const needed: PostingPermission[] = [
    "ViewChannel",
    inThread ? "SendMessagesInThreads" : "SendMessages",
    "EmbedLinks",
  ];
  return needed.filter((name) => !permissions?.has(PermissionFlagsBits[name]));
}
