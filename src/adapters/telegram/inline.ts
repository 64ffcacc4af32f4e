import type { InlineQueryResultArticle, InlineQueryResultCachedPhoto } from "grammy/types";
import { runCommand } from "../../../commands/registry.ts";
import type { CommandContext } from "../../../commands/types.ts";
import type { Locale } from "../../core/locale.ts";
import type { QuoteBlock, Reply } from "../../core/reply.ts";
import type { Story } from "../../core/story.ts";
import { imageLocale } from "../../images/pictures.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import { recordCommand } from "../../ops/observe.ts";
import type { BotContext } from "./decode.ts";
import { renderTelegram, renderWithCaption } from "./render.ts";
import { MESSAGE_OPTIONS } from "./sender.ts";

/** How long inline results may be cached by Telegram, in seconds. */
export const INLINE_CACHE_SECONDS = 300;
const INLINE_MAX = 50;

/** Answers an inline query (`@bot louk` in any chat) with `inlineResults`, recorded as "inline". */
export async function answerInline(
  ctx: BotContext,
  deps: { readonly context: CommandContext; readonly log: Logger; readonly metrics?: Metrics },
): Promise<void> {
  const query = ctx.inlineQuery;
  if (!query) return;
  const startedAt = performance.now();
  const results = await inlineResults(deps.context, query.query, ctx.locale, deps.log);
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
}

/**
 * Inline mode (`@bot louk`): for each matching speaker, the cards of their quotes already
 * uploaded to Telegram (photo results by `file_id`: an inline query never uploads), then their
 * quotes as an article result; then the summary and the members list. Every result is in the
 * reader's language and holds a complete message or caption, never a cut one.
 */
export async function inlineResults(
  context: CommandContext,
  query: string,
  locale: Locale,
  log: Logger,
): Promise<(InlineQueryResultArticle | InlineQueryResultCachedPhoto)[]> {
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
  const results: (InlineQueryResultArticle | InlineQueryResultCachedPhoto)[] = [];
  for (const [id, reply] of entries) {
    if (id.startsWith("quote:"))
      results.push(
        ...(await cachedCards(context, story, id.slice("quote:".length), reply, locale)),
      );
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

/**
 * The speaker's quote cards that Telegram already has (their `file_id` is known), in the
 * reader's language, as photo results; the caption is the quote's whole answer when it fits
 * a caption, else its title and source (the card itself shows the quote and our translation).
 */
async function cachedCards(
  context: CommandContext,
  story: Story,
  speaker: string,
  reply: Reply,
  locale: Locale,
): Promise<InlineQueryResultCachedPhoto[]> {
  const pictures = context.pictures;
  const found = story.lookupSpeaker(speaker);
  if (!pictures || found.kind !== "quoted" || reply.status !== "ok") return [];
  const blocks = reply.blocks.filter((b): b is QuoteBlock => b.type === "quote");
  const photos: InlineQueryResultCachedPhoto[] = [];
  for (const [i, quote] of found.quotes.entries()) {
    const key = pictures.store.key(story, `quote:${quote.id}`, imageLocale(locale));
    // A database that does not answer costs the photo results, never the answer.
    const fileId = await pictures.fileIds.get("telegram", key).catch(() => undefined);
    const id = `card:${quote.id}`;
    const block = blocks[i];
    if (!fileId || !block || Buffer.byteLength(id) > 64) continue;
    const one: Reply = { status: "ok", title: reply.title, blocks: [block], footer: reply.footer };
    const whole = renderWithCaption(one);
    const caption =
      whole.rest.length === 0
        ? whole.caption
        : renderWithCaption({ status: "ok", title: reply.title, blocks: [], footer: reply.footer })
            .caption;
    photos.push({
      type: "photo",
      id,
      photo_file_id: fileId,
      title: reply.title,
      description: describe(one),
      caption,
      parse_mode: "HTML",
    });
  }
  return photos;
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
