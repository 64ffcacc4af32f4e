import type { Context } from "grammy";
import type { CommandDefinition, Place } from "../../../commands/types.ts";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Invocation, Who } from "../../serve.ts";
import { wording } from "./wording.ts";

/** grammY context flavour: the reader's language, resolved once per update. */
export interface LocaleFlavor {
  locale: Locale;
}
/** The context every handler of this adapter sees. */
export type BotContext = Context & LocaleFlavor;

/** The decoded parts of an update; `reply` and `apologize` are added by the caller. */
export type DecodedUpdate = Omit<Invocation, "reply" | "apologize">;

/** The chat of an update: every chat can take digests. */
export function placeOf(ctx: Context): Place {
  return {
    platform: "telegram",
    chat: String(ctx.chat?.id ?? ""),
    private: ctx.chat?.type === "private",
    subscribable: ctx.chat !== undefined,
    // Telegram tells us only when a send fails.
    missingToPost: () => [],
  };
}

/**
 * May the sender of this message manage the chat? In a private chat, the user may; in a
 * group, its administrators: those getChatMember says are creator or administrator, and
 * anonymous administrators, whose messages Telegram sends on behalf of the group itself
 * (`sender_chat` is the chat; `from` is GroupAnonymousBot). Someone writing as a channel is
 * not an administrator of the group.
 */
export async function mayManage(ctx: Context): Promise<boolean> {
  const chat = ctx.chat;
  if (!chat) return false;
  if (chat.type === "private") return true;
  const senderChat = ctx.message?.sender_chat;
  if (senderChat) return senderChat.id === chat.id;
  if (!ctx.from) return false;
  const member = await ctx.getChatMember(ctx.from.id);
  return member.status === "creator" || member.status === "administrator";
}

export function whoOf(ctx: Context): Who {
  return {
    ...(ctx.from ? { id: String(ctx.from.id) } : {}),
    canManage: () => mayManage(ctx),
    refusal: (locale): Reply => ({
      status: "user-error",
      title: wording[locale].adminsOnlyTitle,
      blocks: [{ type: "text", text: wording[locale].adminsOnly }],
    }),
  };
}

/** `/name text` (typed, a deep link or a button) as a neutral invocation. */
export function decodeText(ctx: BotContext, command: string, text: string): DecodedUpdate {
  return {
    platform: "telegram",
    id: ctx.update.update_id,
    where: placeOf(ctx),
    who: whoOf(ctx),
    command,
    input: { kind: "text", text },
    locale: ctx.locale,
  };
}

/**
 * The deep-link payload of `/start` (t.me/Bot?start=quote_lukashenko) as a command and
 * argument; undefined when it names no command.
 *
 * @example deepLink("quote_lukashenko", ["quote"]) // { name: "quote", argument: "lukashenko" }
 */
export function deepLink(
  payload: string,
  names: readonly string[],
): { name: string; argument: string } | undefined {
  const name = [...names]
    .sort((a, b) => b.length - a.length)
    .find((n) => payload === n || payload.startsWith(`${n}_`));
  return name === undefined ? undefined : { name, argument: payload.slice(name.length + 1) };
}

/**
 * The name of the command a message starts with, without its `@BotName`: for a message
 * grammY's `command()` filter matched, the command it matched.
 *
 * @example commandName(ctxOf("/quote@SummitBot tokaiev")) // "quote"
 */
export function commandName(ctx: Context): string {
  // The message grammY's filter reads: a message, else a channel post.
  const message = ctx.message ?? ctx.channelPost;
  const entity = message?.entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!entity) return "";
  const command = (message?.text ?? "").substring(1, entity.length);
  const at = command.indexOf("@");
  return at < 0 ? command : command.slice(0, at);
}

/** Is the message one of `commands` that is `pure` (its answer reads the story, changes nothing)? */
export function runsPureCommand(ctx: Context, commands: readonly CommandDefinition[]): boolean {
  const name = commandName(ctx);
  return name !== "" && commands.some((c) => c.pure === true && c.name === name);
}

/**
 * The command of a message that starts with one we do not serve, when it is clearly meant
 * for us (`/x@ThisBot`, or any `/x` in a private chat); undefined otherwise.
 */
export function strayCommand(ctx: Context): string | undefined {
  const message = ctx.message;
  if (!message || !ctx.chat) return undefined;
  const entity = (message.entities ?? []).find((e) => e.type === "bot_command" && e.offset === 0);
  if (!entity) return undefined;
  const [command = "", target] = (message.text ?? "").slice(1, entity.length).split("@");
  const forUs = target
    ? target.toLowerCase() === ctx.me.username.toLowerCase()
    : ctx.chat.type === "private";
  return forUs ? command.toLowerCase().slice(0, 32) : undefined;
}
