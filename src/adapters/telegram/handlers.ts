import { help } from "../../../commands/help.ts";
import type { CommandContext } from "../../../commands/types.ts";
import { type Locale, resolveLocale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import { serve } from "../../serve.ts";
import { type BotContext, decodeText, deepLink, type Route } from "./decode.ts";
import { answerInline } from "./inline.ts";
import { decodeAction } from "./keyboard.ts";
import type { MembershipChange } from "./membership.ts";
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

/** Serves one update, decoded by `decodeUpdate`. Never rejects for what the update does. */
export type UpdateHandler = (ctx: BotContext, route: Route) => Promise<void>;

/**
 * Every update the bot answers, as one function of its decoded `Route` (no filter chain): the
 * reader's language set once (`ctx.locale`), membership changes, every command of the list
 * (`/digest` included, and as `/cmd@BotName` in groups), `/start` with deep links,
 * inline-keyboard presses, commands we do not serve, plain text in private chats, and inline
 * mode. Commands are decoded into an invocation and served by `serve`, which owns
 * authorisation, metrics, the log line and the error boundary; what is not a command is under
 * one boundary here (logged with the update id, a short apology in the chat).
 */
export function createHandlers(deps: HandlerDeps): UpdateHandler {
  const { context, defaultLocale, log } = deps;
  const names = context.commands.map((c) => c.name);

  /** Serves `/name text` in the update's chat. */
  const serveText = (ctx: BotContext, name: string, text: string) =>
    serve(
      decodeText(ctx, name, text, replier(ctx, log, context), () => apologize(ctx)),
      deps,
    );

  /** `/start`: the command of a deep link, else the help, greeted. */
  const start = async (ctx: BotContext, payload: string) => {
    const link = deepLink(payload.trim(), names);
    if (link) return void (await serveText(ctx, link.name, link.argument));
    const w = wording[ctx.locale];
    const greet = (answer: Reply) =>
      replyWith(ctx, {
        ...answer,
        title: w.greetingTitle,
        blocks: [{ type: "text", text: w.greeting(ctx.me.username) }, ...answer.blocks],
      });
    await serve(
      decodeText(ctx, help.name, "", greet, () => apologize(ctx)),
      deps,
    );
  };

  /** An inline-keyboard press: answered first, always (it stops the button's spinner). */
  const press = async (ctx: BotContext, data: string | undefined) => {
    if (data === undefined) return void (await ctx.answerCallbackQuery().catch(() => undefined));
    const action = decodeAction(data);
    const known = action && names.includes(action.command);
    await ctx
      .answerCallbackQuery(known ? {} : { text: wording[ctx.locale].staleButton })
      .catch((e: unknown) => log.warn({ err: e }, "answerCallbackQuery failed"));
    if (known && ctx.chat) await serveText(ctx, action.command, action.argument);
  };

  /** The route's work, returned rather than awaited: one promise layer less per update. */
  const handle = (ctx: BotContext, route: Route): unknown => {
    switch (route.kind) {
      case "command":
        return serveText(ctx, route.name, route.text);
      case "start":
        return start(ctx, route.payload);
      case "button":
        return press(ctx, route.data);
      // A command we do not serve, clearly meant for us: answered with the help.
      case "stray":
        return serveText(ctx, route.name, "");
      case "help":
        return serveText(ctx, help.name, "");
      case "inline":
        return answerInline(ctx, deps);
      case "membership":
        return deps.onMembership?.(route.change);
      case "none":
        return undefined;
    }
  };

  return async (ctx, route) => {
    ctx.locale = resolveLocale(ctx.from?.language_code, defaultLocale);
    try {
      await handle(ctx, route);
    } catch (error) {
      log.error({ err: error, updateId: ctx.update.update_id }, "update failed");
      await apologize(ctx).catch((e: unknown) => log.warn({ err: e }, "error reply failed"));
    }
  };
}
