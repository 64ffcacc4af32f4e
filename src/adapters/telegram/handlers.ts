import { Composer, type Context, type Middleware } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import { runCommand } from "../../../commands/registry.ts";
import type { CommandContext } from "../../../commands/types.ts";
import { type Locale, resolveLocale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import { outcomeOf, recordCommand } from "../../ops/observe.ts";
import { actionKeyboard, decodeAction } from "./keyboard.ts";
import { renderTelegram } from "./render.ts";
import { MESSAGE_OPTIONS } from "./sender.ts";
import { wording } from "./wording.ts";

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

export interface HandlerDeps {
  readonly context: CommandContext;
  readonly defaultLocale: Locale;
  readonly log: Logger;
  readonly metrics?: Metrics;
  /** Called when the bot is added to, removed from, or moved with a chat. */
  readonly onMembership?: (change: MembershipChange) => void | Promise<void>;
  /**
   * Commands bound to a chat rather than to the story (the place for `/digest`), tried
   * before the story commands and the unknown-command answer.
   */
  readonly chatCommands?: Middleware<Context>;
}

/** How long inline results may be cached by Telegram, in seconds. */
export const INLINE_CACHE_SECONDS = 300;
const INLINE_MAX = 50;

/** A failure already logged by `recordCommand`; the boundary only tells the reader. */
class CommandFailed extends Error {
  override readonly name = "CommandFailed";
}

/**
 * Serves one command: `handle` answers (in whatever way the command needs) and returns the
 * reply it gave, for the outcome. Records the command once, whatever happens; a failure goes
 * on to the error boundary of `createHandlers`, which tells the reader.
 */
export async function serveCommand(
  deps: { readonly log: Logger; readonly metrics?: Metrics; readonly defaultLocale: Locale },
  ctx: Context,
  name: string,
  handle: (locale: Locale) => Promise<Reply>,
): Promise<void> {
  const startedAt = performance.now();
  const locale = localeOf(ctx, deps.defaultLocale);
  const event = { platform: "telegram", command: name, locale, id: ctx.update.update_id } as const;
  let answer: Reply;
  try {
    answer = await handle(locale);
  } catch (error) {
    recordCommand(deps, event, startedAt, "internal_error", error);
    throw new CommandFailed(`/${name} failed`, { cause: error });
  }
  recordCommand(deps, event, startedAt, outcomeOf(answer));
}

/** The reader's language: fr → French, en → English, anything else the configured default. */
export function localeOf(ctx: Context, fallback: Locale): Locale {
  return resolveLocale(ctx.from?.language_code, fallback);
}

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
 * Every update the bot answers, as one grammy composer: the story commands of `commands/`
 * (also as `/cmd@BotName` in groups), `/start` with deep links, inline-keyboard presses,
 * inline mode, membership changes, and one error boundary.
 */
export function createHandlers(deps: HandlerDeps): Composer<Context> {
  const { context, defaultLocale, log, metrics } = deps;
  const names = context.commands.map((c) => c.name);
  const composer = new Composer<Context>();

  /** Runs one story command and answers; records it once, whatever happens. */
  const serve = (ctx: Context, name: string, argument: string, reply?: Reply) =>
    serveCommand(deps, ctx, name, async (locale) => {
      const answer = reply ?? runCommand(context, name, argument, locale);
      await replyWith(ctx, answer);
      return answer;
    });

  // The error boundary: one short fixed message, one log line with the update id.
  composer.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof CommandFailed))
        log.error({ err: error, updateId: ctx.update.update_id }, "update failed");
      if (ctx.chat && !ctx.inlineQuery) {
        const text = wording[localeOf(ctx, defaultLocale)].internalError;
        await ctx.reply(text).catch((e: unknown) => log.warn({ err: e }, "error reply failed"));
      }
    }
  });

  composer.on("my_chat_member", async (ctx) => {
    const { chat, new_chat_member: now } = ctx.myChatMember;
    const present =
      now.status === "member" ||
      now.status === "administrator" ||
      now.status === "creator" ||
      (now.status === "restricted" && now.is_member);
    await deps.onMembership?.({
      kind: present ? "joined" : "left",
      chatId: String(chat.id),
      chatType: chat.type,
      status: now.status,
    });
  });
  // Telegram tells both sides of a group's upgrade: the old group, then the new supergroup.
  composer.on("message:migrate_to_chat_id", async (ctx) => {
    await deps.onMembership?.({
      kind: "migrated",
      chatId: String(ctx.chat.id),
      migratedTo: String(ctx.message.migrate_to_chat_id),
    });
  });
  composer.on("message:migrate_from_chat_id", async (ctx) => {
    await deps.onMembership?.({
      kind: "migrated",
      chatId: String(ctx.message.migrate_from_chat_id),
      migratedTo: String(ctx.chat.id),
    });
  });

  if (deps.chatCommands) composer.use(deps.chatCommands);

  composer.command("start", async (ctx) => {
    const link = deepLink(ctx.match.trim(), names);
    if (link) return serve(ctx, link.name, link.argument);
    const locale = localeOf(ctx, defaultLocale);
    const help = runCommand(context, "help", "", locale);
    const w = wording[locale];
    return serve(ctx, "start", "", {
      ...help,
      title: w.greetingTitle,
      blocks: [{ type: "text", text: w.greeting(ctx.me.username) }, ...help.blocks],
    });
  });

  for (const name of names) composer.command(name, (ctx) => serve(ctx, name, ctx.match));

  composer.on("callback_query:data", async (ctx) => {
    const action = decodeAction(ctx.callbackQuery.data);
    const known = action && names.includes(action.command);
    // Answer first, always: it stops the button's spinner even if the command fails.
    await ctx
      .answerCallbackQuery(known ? {} : { text: wording[localeOf(ctx, defaultLocale)].staleButton })
      .catch((e: unknown) => log.warn({ err: e }, "answerCallbackQuery failed"));
    if (known && ctx.chat) await serve(ctx, action.command, action.argument);
  });
  composer.on("callback_query", (ctx) => ctx.answerCallbackQuery().catch(() => undefined));

  composer.on("inline_query", async (ctx) => {
    const startedAt = performance.now();
    const locale = localeOf(ctx, defaultLocale);
    const results = inlineResults(context, ctx.inlineQuery.query, locale, log);
    await ctx.answerInlineQuery(results, {
      cache_time: INLINE_CACHE_SECONDS,
      // Results depend on the reader's language, so Telegram must not share them across users.
      is_personal: true,
    });
    recordCommand(
      { log, metrics },
      { platform: "telegram", command: "inline", locale, id: ctx.update.update_id },
      startedAt,
      "ok",
    );
  });

  // A command we do not serve: answer it only when it is clearly meant for us.
  composer.on("message::bot_command", async (ctx) => {
    const entity = (ctx.message.entities ?? []).find(
      (e) => e.type === "bot_command" && e.offset === 0,
    );
    if (!entity) return;
    const [command = "", target] = (ctx.message.text ?? "").slice(1, entity.length).split("@");
    const forUs = target
      ? target.toLowerCase() === ctx.me.username.toLowerCase()
      : ctx.chat.type === "private";
    if (forUs) await serve(ctx, command.toLowerCase().slice(0, 32), "");
  });
  composer.chatType("private").on("message:text", (ctx) => serve(ctx, "help", ""));

  return composer;
}

/**
 * Inline mode (`@bot louk`): the quotes of matching speakers, then the summary and the
 * members list, each as an article result holding a complete HTML message.
 */
export function inlineResults(
  context: CommandContext,
  query: string,
  locale: Locale,
  log: Logger,
): InlineQueryResultArticle[] {
  const story = context.library.default;
  const wanted = query.trim().slice(0, 100);
  const speakers = wanted ? story.completeSpeaker(wanted) : story.quotedPeople;
  const entries: [string, Reply][] = [
    ...speakers.map((p): [string, Reply] => [
      `quote:${p.id}`,
      runCommand(context, "quote", p.id, locale),
    ]),
    ["summary", runCommand(context, "summary", "", locale)],
    ["members", runCommand(context, "members", "", locale)],
  ];
  const results: InlineQueryResultArticle[] = [];
  for (const [id, reply] of entries) {
    const [text, ...more] = renderTelegram(reply);
    // An inline result is one message: a reply that needs several is left out, never cut.
    if (!text || more.length > 0 || Buffer.byteLength(id) > 64) {
      log.warn({ id }, "inline result left out: does not fit one message");
      continue;
    }
    results.push({
      type: "article",
      id,
      title: reply.title,
      description: describe(reply),
      input_message_content: { message_text: text, ...MESSAGE_OPTIONS },
    });
  }
  return results.slice(0, INLINE_MAX);
}

/** A one-line preview of a reply for the inline results list. */
function describe(reply: Reply): string {
  const first = reply.blocks.find((b) => b.type === "quote" || b.type === "text");
  const text =
    first?.type === "quote" ? `« ${first.text} »` : first?.type === "text" ? first.text : "";
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
