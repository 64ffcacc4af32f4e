import { Composer } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import { runCommand } from "../../../commands/registry.ts";
import type { CommandContext } from "../../../commands/types.ts";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import { recordCommand } from "../../ops/observe.ts";
import type { BotContext } from "./decode.ts";
import { renderTelegram } from "./render.ts";
import { MESSAGE_OPTIONS } from "./sender.ts";

/** How long inline results may be cached by Telegram, in seconds. */
export const INLINE_CACHE_SECONDS = 300;
const INLINE_MAX = 50;

/** Inline mode (`@bot louk` in any chat): answers with `inlineResults`, recorded as "inline". */
export function inline(deps: {
  readonly context: CommandContext;
  readonly log: Logger;
  readonly metrics?: Metrics;
}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("inline_query", async (ctx) => {
    const startedAt = performance.now();
    const results = inlineResults(deps.context, ctx.inlineQuery.query, ctx.locale, deps.log);
    await ctx.answerInlineQuery(results, {
      cache_time: INLINE_CACHE_SECONDS,
      // Results depend on the reader's language, so Telegram must not share them across users.
      is_personal: true,
    });
    recordCommand(
      deps,
      { platform: "telegram", command: "inline", locale: ctx.locale, id: ctx.update.update_id },
      startedAt,
      "ok",
    );
  });
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
    first?.type === "quote"
      ? `${first.marks.open}${first.text}${first.marks.close}`
      : first?.type === "text"
        ? first.text
        : "";
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
