import { echo, longDate, partialDate } from "./format.ts";
import type { Locale } from "./locale.ts";
import { messages } from "./messages.ts";
import type { Action, QuoteBlock, Reply } from "./reply.ts";
import type { Person, Quote } from "./schema.ts";
import type { Story } from "./story.ts";

/**
 * The bot's answers about a story, as neutral reply data. Pure functions of (story, locale,
 * input): no I/O, no platform.
 */

/** "Erevan, mercredi 23 novembre 2022" */
export function dateline(story: Story, locale: Locale): string {
  return `${story.data.event.place.city[locale]}, ${longDate(story.data.event.date, locale)}`;
}

export function sourceLine(story: Story, locale: Locale): string {
  const s = story.data.source;
  return messages[locale].sourceLine(
    s.title,
    messages[locale].languageName[s.language],
    partialDate(s.published, locale),
  );
}

export function summary(story: Story, locale: Locale, length: "short" | "long" = "short"): Reply {
  const m = messages[locale];
  const paragraphs = story.data.summary[length][locale].split(/\n\s*\n/);
  return {
    status: "ok",
    title: story.data.headline[locale],
    blocks: [
      {
        type: "text",
        text: `${length === "short" ? m.summaryShortTitle : m.summaryLongTitle} · ${dateline(story, locale)}`,
      },
      ...paragraphs.map((text) => ({ type: "text" as const, text })),
    ],
    footer: sourceLine(story, locale),
    actions:
      length === "short"
        ? [{ label: m.summaryLongTitle, command: "summary", argument: "long" }]
        : undefined,
  };
}

export function quoteBlock(story: Story, quote: Quote, locale: Locale): QuoteBlock {
  const m = messages[locale];
  const person = story.person(quote.speaker);
  return {
    type: "quote",
    speaker: person.name[locale],
    office: person.office[locale],
    text: quote.text,
    lang: quote.lang,
    translation:
      locale === quote.lang
        ? undefined
        : { label: m.translationLabel, text: quote.translation[locale as "en"] },
    where: m.where(quote.location.paragraph, quote.location.section),
  };
}

function speakerActions(people: readonly Person[], locale: Locale): Action[] {
  return people.map((p) => ({ label: p.name[locale], command: "quote", argument: p.id }));
}

/**
 * Quotes by speaker, in any spelling. Unknown names, people who are not quoted and empty
 * input all get a helpful answer that lists who is quoted.
 */
export function quote(story: Story, locale: Locale, query: string | undefined): Reply {
  const m = messages[locale];
  const found = story.lookupSpeaker(query);
  const quoted = story.quotedPeople;
  const quotedList = {
    type: "list" as const,
    // The same command the speaker's button runs, so the list never shows another spelling.
    items: quoted.map((p) => `${p.name[locale]} — ${m.tryQuote(p.id)}`),
  };
  const footer = sourceLine(story, locale);
  switch (found.kind) {
    case "quoted": {
      const p = found.person;
      return {
        status: "ok",
        title: m.quoteTitle(p.name[locale]),
        blocks: [
          ...(found.sure || query === undefined
            ? []
            : [{ type: "text" as const, text: m.unsureMatch(echo(query), p.name[locale]) }]),
          ...found.quotes.map((q) => quoteBlock(story, q, locale)),
        ],
        footer,
      };
    }
    case "unquoted":
      return {
        status: "user-error",
        title: m.unquotedTitle(found.person.name[locale]),
        blocks: [
          {
            type: "text",
            text: m.unquoted(found.person.name[locale], found.person.office[locale]),
          },
          { type: "text", text: m.quotedAre },
          quotedList,
        ],
        footer,
        actions: speakerActions(quoted, locale),
      };
    case "ambiguous":
      return {
        status: "user-error",
        title: m.ambiguousTitle,
        blocks: [
          { type: "text", text: m.ambiguous(echo(query ?? "")) },
          { type: "list", items: found.candidates.map((p) => p.name[locale]) },
        ],
        actions: speakerActions(
          found.candidates.filter((p) => story.quotesBy(p.id).length > 0),
          locale,
        ),
      };
    case "nobody-from": {
      const name = `${found.country.flag} ${found.country.name[locale]}`;
      return {
        status: "user-error",
        title: m.nobodyFromTitle(name),
        blocks: [
          { type: "text", text: m.nobodyFrom(found.country.name[locale]) },
          { type: "text", text: found.country.role[locale] },
          { type: "text", text: m.quotedAre },
          quotedList,
        ],
        footer,
        actions: speakerActions(quoted, locale),
      };
    }
    case "unknown":
      return {
        status: "user-error",
        title: m.unknownTitle,
        blocks: [
          { type: "text", text: m.unknown(echo(found.query)) },
          { type: "text", text: m.quotedAre },
          quotedList,
        ],
        actions: speakerActions(quoted, locale),
      };
    case "empty":
      return {
        status: "user-error",
        title: m.emptyTitle,
        blocks: [{ type: "text", text: m.empty }, quotedList],
        actions: speakerActions(quoted, locale),
      };
  }
}

/** Every quote of the article, in article order. */
export function allQuotes(story: Story, locale: Locale): Reply {
  return {
    status: "ok",
    title: messages[locale].quotesTitle,
    blocks: story.data.quotes.map((q) => quoteBlock(story, q, locale)),
    footer: sourceLine(story, locale),
  };
}

export function members(story: Story, locale: Locale): Reply {
  const { countries, event } = story.data;
  return {
    status: "ok",
    title: messages[locale].membersTitle(countries.length, event.organisation.acronym[locale]),
    blocks: [
      {
        type: "text",
        text: `${event.organisation.name[locale]} (${event.organisation.acronym[locale]})`,
      },
      {
        type: "fields",
        fields: countries.map((c) => ({
          name: `${c.flag} ${c.name[locale]}`,
          value: c.role[locale],
        })),
      },
    ],
    footer: sourceLine(story, locale),
  };
}

export function outcome(story: Story, locale: Locale): Reply {
  const m = messages[locale];
  return {
    status: "ok",
    title: m.outcomeTitle,
    blocks: [
      { type: "text", text: story.data.outcome.summary[locale] },
      {
        type: "fields",
        fields: [{ name: m.outcomeReading, value: story.data.outcome.reading[locale] }],
      },
    ],
    footer: sourceLine(story, locale),
  };
}

export function context(story: Story, locale: Locale): Reply {
  const m = messages[locale];
  return {
    status: "ok",
    title: m.contextTitle,
    blocks: [
      { type: "text", text: dateline(story, locale) },
      { type: "list", items: story.data.context[locale] },
      { type: "text", text: m.happeningsTitle },
      { type: "list", items: story.data.event.happenings[locale] },
    ],
    footer: sourceLine(story, locale),
  };
}

export function source(story: Story, locale: Locale): Reply {
  const m = messages[locale];
  const s = story.data.source;
  return {
    status: "ok",
    title: m.sourceTitle,
    blocks: [
      { type: "text", text: sourceLine(story, locale) },
      { type: "text", text: s.note[locale] },
      {
        type: "list",
        items: [
          s.publisher ? m.publisher(s.publisher) : m.publisherUnknown,
          m.quotesCount(story.data.quotes.length),
        ],
      },
    ],
  };
}

/**
 * The scheduled digest. `rotation` picks the quote (any integer; consecutive values give
 * different quotes when the story has several).
 */
export function digest(story: Story, locale: Locale, rotation: number): Reply {
  const m = messages[locale];
  const quotes = story.data.quotes;
  const q = quotes[((rotation % quotes.length) + quotes.length) % quotes.length] as Quote;
  return {
    status: "ok",
    title: m.digestTitle(story.data.headline[locale]),
    blocks: [
      { type: "text", text: dateline(story, locale) },
      { type: "text", text: story.data.summary.short[locale] },
      quoteBlock(story, q, locale),
      {
        type: "fields",
        fields: [{ name: m.outcomeTitle, value: story.data.outcome.summary[locale] }],
      },
    ],
    footer: `${sourceLine(story, locale)} · ${m.digestMore}`,
  };
}
