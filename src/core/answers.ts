// The story's answers as neutral reply data, one function per command. Just over 300 lines; one
// file so every answer shares the same localizer and quote block.

import { longDate, partialDate } from "./dates.ts";
import { echo } from "./format.ts";
import { isLocale, type Locale } from "./locale.ts";
import { Localizer } from "./localize.ts";
import { messages } from "./messages.ts";
import {
  type Action,
  type CommandCall,
  type Marks,
  type QuoteBlock,
  type Reply,
  typed,
} from "./reply.ts";
import type { Person, Quote } from "./schema.ts";
import type { Story } from "./story.ts";

/**
 * The bot's answers about a story, as neutral reply data. Pure functions of (story, locale,
 * input): no I/O, no platform. Story texts are read through a `Localizer`: a text the story
 * lacks in the reader's language comes in English (else French), and the answer says so in
 * one line.
 */

/** "Erevan, mercredi 23 novembre 2022" */
export function dateline(story: Story, locale: Locale, l = new Localizer(locale)): string {
  return `${l.t(story.data.event.place.city)}, ${longDate(story.data.event.date, locale)}`;
}

export function sourceLine(story: Story, locale: Locale): string {
  const s = story.data.source;
  const m = messages[locale];
  return m.sourceLine(
    s.title,
    isLocale(s.language) ? m.languageName[s.language] : s.language,
    partialDate(s.published, locale),
  );
}

/**
 * The summary, short or long. `more`: the call that shows the long one, offered under the
 * short one (from the commands layer; none without it).
 */
export function summary(
  story: Story,
  locale: Locale,
  length: "short" | "long" = "short",
  more?: CommandCall,
): Reply {
  const m = messages[locale];
  const l = new Localizer(locale);
  const paragraphs = l.t(story.data.summary[length]).split(/\n\s*\n/);
  return l.finish({
    status: "ok",
    title: l.t(story.data.headline),
    blocks: [
      {
        type: "text",
        text: `${length === "short" ? m.summaryShortTitle : m.summaryLongTitle} · ${dateline(story, locale, l)}`,
      },
      ...paragraphs.map((text) => ({ type: "text" as const, text })),
    ],
    footer: sourceLine(story, locale),
    actions: length === "short" && more ? [{ label: m.summaryLongTitle, ...more }] : undefined,
  });
}

/** The quotation marks of a language: the catalogue's for ours, English ones otherwise. */
function marksOf(lang: string): Marks {
  return messages[isLocale(lang) ? lang : "en"].translationMarks;
}

export function quoteBlock(
  story: Story,
  quote: Quote,
  locale: Locale,
  l = new Localizer(locale),
): QuoteBlock {
  const m = messages[locale];
  const person = story.person(quote.speaker);
  const hasTranslation = Object.keys(quote.translation).length > 0;
  return {
    type: "quote",
    speaker: l.t(person.name),
    office: l.t(person.office),
    text: quote.text,
    lang: quote.lang,
    marks: marksOf(quote.lang),
    translation:
      locale === quote.lang || !hasTranslation
        ? undefined
        : { label: m.translationLabel, text: l.t(quote.translation), marks: m.translationMarks },
    where: m.where(quote.location.paragraph, quote.location.section),
  };
}

/** The calls a quote answer offers, from the commands layer: a speaker's quotes, their card. */
export interface QuoteCalls {
  speaker(id: string): CommandCall;
  card(id: string): CommandCall;
}

function speakerActions(people: readonly Person[], l: Localizer, calls?: QuoteCalls): Action[] {
  return calls ? people.map((p) => ({ label: l.t(p.name), ...calls.speaker(p.id) })) : [];
}

/**
 * Quotes by speaker, in any spelling. Unknown names, people who are not quoted and empty
 * input all get a helpful answer that lists who is quoted. `options.calls`: the follow-ups to
 * offer (speakers, the card), from the commands layer; without them, none.
 */
export function quote(
  story: Story,
  locale: Locale,
  query: string | undefined,
  options: { readonly card?: boolean; readonly calls?: QuoteCalls } = {},
): Reply {
  const { calls } = options;
  const m = messages[locale];
  const l = new Localizer(locale);
  const found = story.lookupSpeaker(query);
  const quoted = story.quotedPeople;
  const quotedList = {
    type: "list" as const,
    // The same command the speaker's button runs, so the list never shows another spelling.
    items: quoted.map((p) =>
      calls ? `${l.t(p.name)} — ${typed(calls.speaker(p.id))}` : l.t(p.name),
    ),
  };
  const footer = sourceLine(story, locale);
  switch (found.kind) {
    case "quoted": {
      const p = found.person;
      const first = found.quotes[0] as Quote;
      return l.finish({
        status: "ok",
        title: m.quoteTitle(l.t(p.name)),
        blocks: [
          ...(found.sure || query === undefined
            ? []
            : [{ type: "text" as const, text: m.unsureMatch(echo(query), l.t(p.name)) }]),
          ...found.quotes.map((q) => quoteBlock(story, q, locale, l)),
        ],
        footer,
        // The card on request; otherwise a button that asks for it.
        ...(options.card
          ? {
              image: {
                story: story.id,
                card: `quote:${first.id}` as const,
                alt: m.quoteTitle(l.t(p.name)),
              },
            }
          : calls
            ? { actions: [{ label: m.cardButton, ...calls.card(p.id) }] }
            : {}),
      });
    }
    case "unquoted":
      return l.finish({
        status: "user-error",
        title: m.unquotedTitle(l.t(found.person.name)),
        blocks: [
          { type: "text", text: m.unquoted(l.t(found.person.name), l.t(found.person.office)) },
          { type: "text", text: m.quotedAre },
          quotedList,
        ],
        footer,
        actions: speakerActions(quoted, l, calls),
      });
    case "ambiguous":
      return l.finish({
        status: "user-error",
        title: m.ambiguousTitle,
        blocks: [
          { type: "text", text: m.ambiguous(echo(query ?? "")) },
          { type: "list", items: found.candidates.map((p) => l.t(p.name)) },
        ],
        actions: speakerActions(
          found.candidates.filter((p) => story.quotesBy(p.id).length > 0),
          l,
          calls,
        ),
      });
    case "nobody-from": {
      const country = l.t(found.country.name);
      return l.finish({
        status: "user-error",
        title: m.nobodyFromTitle(`${found.country.flag} ${country}`),
        blocks: [
          { type: "text", text: m.nobodyFrom(country) },
          { type: "text", text: l.t(found.country.role) },
          { type: "text", text: m.quotedAre },
          quotedList,
        ],
        footer,
        actions: speakerActions(quoted, l, calls),
      });
    }
    case "unknown":
      return l.finish({
        status: "user-error",
        title: m.unknownTitle,
        blocks: [
          { type: "text", text: m.unknown(echo(found.query)) },
          { type: "text", text: m.quotedAre },
          quotedList,
        ],
        actions: speakerActions(quoted, l, calls),
      });
    case "empty":
      return l.finish({
        status: "user-error",
        title: m.emptyTitle,
        blocks: [{ type: "text", text: m.empty }, quotedList],
        actions: speakerActions(quoted, l, calls),
      });
  }
}

/** Every quote of the article, in article order. */
export function allQuotes(story: Story, locale: Locale): Reply {
  const l = new Localizer(locale);
  return l.finish({
    status: "ok",
    title: messages[locale].quotesTitle,
    blocks: story.data.quotes.map((q) => quoteBlock(story, q, locale, l)),
    footer: sourceLine(story, locale),
  });
}

export function members(story: Story, locale: Locale): Reply {
  const l = new Localizer(locale);
  const { countries, event } = story.data;
  const acronym = l.t(event.organisation.acronym);
  const title = messages[locale].membersTitle(countries.length, acronym);
  return l.finish({
    status: "ok",
    title,
    image: { story: story.id, card: "map", alt: title },
    blocks: [
      { type: "text", text: `${l.t(event.organisation.name)} (${acronym})` },
      {
        type: "fields",
        fields: countries.map((c) => ({ name: `${c.flag} ${l.t(c.name)}`, value: l.t(c.role) })),
      },
    ],
    footer: sourceLine(story, locale),
  });
}

export function outcome(story: Story, locale: Locale): Reply {
  const m = messages[locale];
  const l = new Localizer(locale);
  return l.finish({
    status: "ok",
    title: m.outcomeTitle,
    blocks: [
      { type: "text", text: l.t(story.data.outcome.summary) },
      {
        type: "fields",
        fields: [{ name: m.outcomeReading, value: l.t(story.data.outcome.reading) }],
      },
    ],
    footer: sourceLine(story, locale),
  });
}

export function context(story: Story, locale: Locale): Reply {
  const m = messages[locale];
  const l = new Localizer(locale);
  return l.finish({
    status: "ok",
    title: m.contextTitle,
    blocks: [
      { type: "text", text: dateline(story, locale, l) },
      { type: "list", items: l.t(story.data.context) },
      { type: "text", text: m.happeningsTitle },
      { type: "list", items: l.t(story.data.event.happenings) },
    ],
    footer: sourceLine(story, locale),
  });
}

export function source(story: Story, locale: Locale): Reply {
  const m = messages[locale];
  const l = new Localizer(locale);
  const s = story.data.source;
  return l.finish({
    status: "ok",
    title: m.sourceTitle,
    blocks: [
      { type: "text", text: sourceLine(story, locale) },
      { type: "text", text: l.t(s.note) },
      {
        type: "list",
        items: [
          s.publisher ? m.publisher(s.publisher) : m.publisherUnknown,
          m.quotesCount(story.data.quotes.length),
        ],
      },
    ],
  });
}

/**
 * The scheduled digest. `rotation` picks the quote (any integer; consecutive values give
 * different quotes when the story has several); with `image`, the reply names that quote's card.
 */
export function digest(
  story: Story,
  locale: Locale,
  rotation: number,
  options: { readonly image?: boolean } = {},
): Reply {
  const m = messages[locale];
  const l = new Localizer(locale);
  const quotes = story.data.quotes;
  const q = quotes[((rotation % quotes.length) + quotes.length) % quotes.length] as Quote;
  return l.finish({
    status: "ok",
    title: m.digestTitle(l.t(story.data.headline)),
    blocks: [
      { type: "text", text: dateline(story, locale, l) },
      { type: "text", text: l.t(story.data.summary.short) },
      quoteBlock(story, q, locale, l),
      {
        type: "fields",
        fields: [{ name: m.outcomeTitle, value: l.t(story.data.outcome.summary) }],
      },
    ],
    footer: `${sourceLine(story, locale)} · ${m.digestMore}`,
    // The day's quote as a card, when the subscription wants it.
    ...(options.image
      ? {
          image: {
            story: story.id,
            card: `quote:${q.id}` as const,
            alt: m.quoteTitle(l.t(story.person(q.speaker).name)),
            locale,
          },
        }
      : {}),
  });
}
