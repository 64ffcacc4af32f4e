import { Composer } from "grammy";
import { help } from "../../../commands/help.ts";
import type { CommandContext } from "../../../commands/types.ts";
import { type Locale, resolveLocale } from "../../core/locale.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import { serve } from "../../serve.ts";
import { type BotContext, commandName, decodeText, deepLink, strayCommand } from "./decode.ts";
import { inline } from "./inline.ts";
import { decodeAction } from "./keyboard.ts";
import { type MembershipChange, membership } from "./membership.ts";
import { apologize, replier, replyWith } from "./reply.ts";
import { wording } from "./wording.ts";

export interface HandlerDeps {
  readonly context: CommandContext;
  readonly defaultLocale: Locale;
  readonly log: Logger;
  readonly metrics?: Metrics;
  /** Called when the bot is added to, removed from, or moved with a chat. */
  readonly onMembership?: (change: MembershipChange) => void | Promise<void>;
}

/**
 * The commands, one composer: every command of the list (`/digest` included, and as
 * `/cmd@BotName` in groups), `/start` with deep links, inline-keyboard presses, commands we
 * do not serve, and plain text in private chats. Each is decoded into an invocation and
 * served by `serve`, which owns authorisation, metrics, the log line and the error boundary.
 */
export function commandHandlers(deps: HandlerDeps): Composer<BotContext> {
  const { context, log } = deps;
  const names = context.commands.map((c) => c.name);
  const composer = new Composer<BotContext>();

  /** Serves `/name text` in the update's chat. */
  const serveText = (ctx: BotContext, name: string, text: string) =>
    serve(
      {
        ...decodeText(ctx, name, text),
        reply: replier(ctx, log, context),
        apologize: () => apologize(ctx),
      },
      deps,
    );

  composer.command("start", async (ctx) => {
    const link = deepLink(ctx.match.trim(), names);
    if (link) return void (await serveText(ctx, link.name, link.argument));
    // A plain /start: the help, greeted.
    const w = wording[ctx.locale];
    await serve(
      {
        ...decodeText(ctx, help.name, ""),
        reply: (answer) =>
          replyWith(ctx, {
            ...answer,
            title: w.greetingTitle,
            blocks: [{ type: "text", text: w.greeting(ctx.me.username) }, ...answer.blocks],
          }),
        apologize: () => apologize(ctx),
      },
      deps,
    );
  });

  // One filter for every command (not one per command): each filter grammY tries costs a
  // little on every update.
  composer.command(names, (ctx) => serveText(ctx, commandName(ctx), ctx.match));

  composer.on("callback_query:data", async (ctx) => {
    const action = decodeAction(ctx.callbackQuery.data);
    const known = action && names.includes(action.command);
    // Answer first, always: it stops the button's spinner even if the command fails.
    await ctx
      .answerCallbackQuery(known ? {} : { text: wording[ctx.locale].staleButton })
      .catch((e: unknown) => log.warn({ err: e }, "answerCallbackQuery failed"));
    if (known && ctx.chat) await serveText(ctx, action.command, action.argument);
  });
  composer.on("callback_query", (ctx) => ctx.answerCallbackQuery().catch(() => undefined));

  // A command we do not serve: answered (with the help) only when it is clearly meant for us.
  composer.on("message::bot_command", async (ctx) => {
    const command = strayCommand(ctx);
    if (command !== undefined) await serveText(ctx, command, "");
  });
  composer.chatType("private").on("message:text", (ctx) => serveText(ctx, help.name, ""));
  return composer;
}

/**
 * Every update the bot answers, as one grammY composer: the reader's language set once
 * (`ctx.locale`), membership changes, the commands, inline mode, all under one
 * `errorBoundary` for what is not a command (commands have theirs in `serve`).
 */
export function createHandlers(deps: HandlerDeps): Composer<BotContext> {
  const { defaultLocale, log } = deps;
  const root = new Composer<BotContext>();
  root.use((ctx, next) => {
    ctx.locale = resolveLocale(ctx.from?.language_code, defaultLocale);
    return next();
  });
  const guarded = root.errorBoundary(async ({ error, ctx }) => {
    log.error({ err: error, updateId: ctx.update.update_id }, "update failed");
    await apologize(ctx).catch((e: unknown) => log.warn({ err: e }, "error reply failed"));
  });
  if (deps.onMembership) guarded.use(membership(deps.onMembership));
  guarded.use(commandHandlers(deps));
  guarded.use(inline(deps));
  return root;
}
