import type { Context } from "grammy";
import type { ChatMemberUpdated, MessageEntity } from "grammy/types";
import type { CommandDefinition, Place } from "../../../commands/types.ts";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Invocation, Who } from "../../serve.ts";
import type { MembershipChange } from "./membership.ts";
import { wording } from "./wording.ts";

/** grammY context flavour: the reader's language, resolved once per update. */
export interface LocaleFlavor {
  locale: Locale;
}
/** The context every handler of this adapter sees. */
export type BotContext = Context & LocaleFlavor;

/** Telegram tells us only when a send fails. */
const nothingMissing = (): readonly string[] => [];

/** The chat of an update: every chat can take digests. */
export function placeOf(ctx: Context): Place {
  const chat = ctx.chat;
  return {
    platform: "telegram",
    chat: chat ? String(chat.id) : "",
    private: chat?.type === "private",
    subscribable: chat !== undefined,
    missingToPost: nothingMissing,
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

/** Telegram's words for "only the chat's administrators may". */
const refusal = (locale: Locale): Reply => ({
  status: "user-error",
  title: wording[locale].adminsOnlyTitle,
  blocks: [{ type: "text", text: wording[locale].adminsOnly }],
});

export function whoOf(ctx: Context): Who {
  const canManage = () => mayManage(ctx);
  return ctx.from ? { id: String(ctx.from.id), canManage, refusal } : { canManage, refusal };
}

/**
 * `/name text` (typed, a deep link or a button) as a neutral invocation, answered through
 * `reply` and `apologize`.
 */
export function decodeText(
  ctx: BotContext,
  command: string,
  text: string,
  reply: Invocation["reply"],
  apologize: Invocation["apologize"],
): Invocation {
  return {
    platform: "telegram",
    id: ctx.update.update_id,
    where: placeOf(ctx),
    who: whoOf(ctx),
    command,
    input: { kind: "text", text },
    locale: ctx.locale,
    reply,
    apologize,
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
 * What an update asks of the bot, decoded once per update (no filter chain): the handlers
 * route on `kind`, and the service lets `pure` commands skip the chat's queue.
 */
export type Route =
  /** `/name text` or `/name@ThisBot text`, `name` one of our commands. */
  | {
      readonly kind: "command";
      readonly name: string;
      readonly text: string;
      readonly pure: boolean;
    }
  /** `/start` (with or without a deep-link payload). */
  | { readonly kind: "start"; readonly payload: string }
  /** A command we do not serve, clearly meant for us (lower case, at most 32 characters). */
  | { readonly kind: "stray"; readonly name: string }
  /** Plain text in a private chat: the help. */
  | { readonly kind: "help" }
  /** An inline-keyboard press (`data` absent for a game button). */
  | { readonly kind: "button"; readonly data: string | undefined }
  | { readonly kind: "inline" }
  /** The bot joined, left or moved a chat. */
  | { readonly kind: "membership"; readonly change: MembershipChange }
  /** Nothing for us (a command for another bot, a photo, a channel post…). */
  | { readonly kind: "none" };

const HELP: Route = { kind: "help" };
const INLINE: Route = { kind: "inline" };
const NONE: Route = { kind: "none" };

/** The command names the decoder knows: every command of the list, and which are `pure`. */
export interface CommandNames {
  readonly all: ReadonlySet<string>;
  readonly pure: ReadonlySet<string>;
}

/** The names of `commands`, for `decodeUpdate`. */
export function commandNames(commands: readonly CommandDefinition[]): CommandNames {
  return {
    all: new Set(commands.map((c) => c.name)),
    pure: new Set(commands.filter((c) => c.pure === true).map((c) => c.name)),
  };
}

/**
 * Decodes an update into its `Route`. Commands match as grammY's `command()` filter matches
 * them (a `bot_command` entity at offset 0, case-sensitive, `@ThisBot` in any case; another
 * bot's command is not ours), `/start` before the others; a message with a command that is
 * not ours goes to `strayCommand`, and only other private texts get the help. Membership is
 * decided by the update's type alone (`my_chat_member`, a group's migration message), so
 * ordinary messages pay nothing for it.
 *
 * @example decodeUpdate(ctxOf("/quote@SummitBot tokaiev"), names) // { kind: "command", name: "quote", text: "tokaiev", pure: true }
 */
export function decodeUpdate(ctx: Context, names: CommandNames, membership = true): Route {
  const update = ctx.update;
  if (update.inline_query) return INLINE;
  if (update.callback_query) return { kind: "button", data: update.callback_query.data };
  if (update.my_chat_member) return membership ? joinedOrLeft(update.my_chat_member) : NONE;
  const message = update.message;
  if (membership && message) {
    if (message.migrate_to_chat_id != null)
      return migration(String(message.chat.id), String(message.migrate_to_chat_id));
    if (message.migrate_from_chat_id != null)
      return migration(String(message.migrate_from_chat_id), String(message.chat.id));
  }
  const post = message ?? update.channel_post;
  if (!post) return NONE;
  if (hasCommandEntity(post.entities)) {
    const command = ourCommand(
      post.entities,
      post.text ?? post.caption ?? "",
      ctx.me.username,
      names,
    );
    if (command) return command;
    // A message (not a channel post) starting with a command that is not ours.
    if (!message) return NONE;
    const name = strayCommand(ctx);
    return name === undefined ? NONE : { kind: "stray", name };
  }
  if (hasCommandEntity(message?.caption_entities)) return NONE;
  return message?.text != null && message.chat.type === "private" ? HELP : NONE;
}

function hasCommandEntity(entities: readonly MessageEntity[] | undefined): boolean {
  return entities?.some((e) => e.type === "bot_command") ?? false;
}

/** `/name …` or `/name@ThisBot …` at the start, `name` ours (`start` first); else undefined. */
function ourCommand(
  entities: readonly MessageEntity[] | undefined,
  text: string,
  username: string,
  names: CommandNames,
): Route | undefined {
  const entity = entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!entity) return undefined;
  const typed = text.substring(1, entity.length);
  let name = typed;
  if (!names.all.has(typed) && typed !== "start") {
    const at = typed.indexOf("@");
    if (at < 0 || typed.substring(at + 1).toLowerCase() !== username.toLowerCase())
      return undefined;
    name = typed.substring(0, at);
    if (!names.all.has(name) && name !== "start") return undefined;
  }
  const rest = text.substring(typed.length + 1).trimStart();
  return name === "start"
    ? { kind: "start", payload: rest }
    : { kind: "command", name, text: rest, pure: names.pure.has(name) };
}

function joinedOrLeft(update: ChatMemberUpdated): Route {
  const { chat, new_chat_member: now } = update;
  const present =
    now.status === "member" ||
    now.status === "administrator" ||
    now.status === "creator" ||
    (now.status === "restricted" && now.is_member);
  return {
    kind: "membership",
    change: {
      kind: present ? "joined" : "left",
      chatId: String(chat.id),
      chatType: chat.type,
      status: now.status,
    },
  };
}

/** Telegram tells both sides of a group's upgrade: the old group, then the new supergroup. */
function migration(chatId: string, migratedTo: string): Route {
  return { kind: "membership", change: { kind: "migrated", chatId, migratedTo } };
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
