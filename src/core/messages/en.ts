import { plural } from "../format.ts";

/** The month names, January first. */
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * The bot's fixed wording in English. This catalogue defines the keys and the placeholders
 * every other language must have (`Messages`); a test checks that each catalogue has every
 * key with the same placeholders. Story facts never live here; they come from `data/`.
 */
export const en = {
  summaryShortTitle: "In brief",
  summaryLongTitle: "The story",
  quoteTitle: (speaker: string) => `Quote — ${speaker}`,
  quotesTitle: "The article’s quotes",
  translationLabel: "Translation (ours, not the article’s)",
  where: (paragraph: number, section: string) =>
    `The article’s section “${section}”, paragraph ${paragraph}`,
  unsureMatch: (query: string, name: string) => `“${query}”: we think you mean ${name}.`,
  unquotedTitle: (name: string) => `${name} is not quoted`,
  unquoted: (name: string, office: string) =>
    `${name} (${office}) appears in the article but is not quoted in it.`,
  quotedAre: "People quoted:",
  unknownTitle: "Nobody by that name in the article",
  nobodyFromTitle: (country: string) => `No quote: ${country}`,
  nobodyFrom: (country: string) => `The article quotes nobody from this country (${country}).`,
  unknown: (query: string) => `We cannot find anyone matching “${query}”.`,
  ambiguousTitle: "Please be more specific",
  ambiguous: (query: string) => `Several people match “${query}”:`,
  emptyTitle: "Whom do you want to quote?",
  empty: "Give a name, for example /quote Lukashenko. People quoted:",
  cardButton: "Image",
  membersTitle: (count: number, acronym: string) => `The ${count} member states of the ${acronym}`,
  outcomeTitle: "How the summit ended",
  outcomeReading: "The article’s reading",
  contextTitle: "The background",
  happeningsTitle: "What happened",
  sourceTitle: "The source",
  sourceLine: (title: string | null, lang: string, published: string) =>
    title === null
      ? `Source: ${lang}-language article, ${published}`
      : `Source: “${title}”, ${lang}-language article, ${published}`,
  /** Each language's name as it reads in this catalogue's sentences. */
  languageName: { fr: "French", en: "English", ru: "Russian" },
  publisherUnknown: "Publisher: not named in the text we have",
  publisher: (name: string) => `Publisher: ${name}`,
  quotesCount: (n: number) =>
    `${n} ${plural("en", n, { one: "quote", other: "quotes" })} reproduced word for word`,
  helpTitle: "Summit Brief — help",
  helpIntro: (acronym: string, city: string, date: string) =>
    `A news bot about the ${acronym} summit in ${city} on ${date}. Quotes are reproduced word for word; translations are ours.`,
  digestTitle: (headline: string) => `Today’s brief — ${headline}`,
  digestQuote: "The quote",
  digestMore: "Learn more: /summary, /quote, /members, /outcome, /source",
  helpManagers: (what: string) => `${what}: for those who manage the channel or group`,
  unknownStoryTitle: "Unknown story",
  unknownStory: (id: string) => `No story has the id “${id}”. The stories:`,
  storiesTitle: "The stories",
  storiesHow: "To pick one: the story option, for example /summary story:id.",
  unknownLengthTitle: "Unknown length",
  unknownLength: (value: string) =>
    `“${value}” is not a length: /summary short (the default) or /summary long.`,
  invalidCommandTitle: "Unknown command",
  invalidCommand: (name: string) => `“${name}” is not a command of this bot.`,
  translationMarks: { open: "“", close: "”" },
  fallbackNote: (languages: string) =>
    `Part of this answer is not yet available in English; it is given in ${languages}.`,
  /**
   * Dates in words (`src/core/dates.ts`), written without ICU date formatting: month names
   * alone ("November 2022") and in a day-month-year date, weekday names from Sunday.
   */
  dates: {
    months: MONTHS,
    // The same names after a day ("23 November 2022"); Russian has its genitive there.
    monthsOfDay: MONTHS,
    weekdays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    /** "Wednesday, 23 November 2022" */
    full: (weekday: string, day: number, month: string, year: number) =>
      `${weekday}, ${day} ${month} ${year}`,
    /** "23 November 2022" */
    day: (day: number, month: string, year: number) => `${day} ${month} ${year}`,
    /** "November 2022" */
    month: (month: string, year: number) => `${month} ${year}`,
  },
  /** Scheduled digests: `/digest` replies, status, pause reasons. */
  digest: {
    subscribedTitle: "Daily brief subscription saved",
    subscribed: (schedule: string, language: string) =>
      `This channel will receive the daily brief ${schedule}, in ${language}.`,
    resumedToo: "The subscription was paused; it resumes.",
    unsubscribedTitle: "Subscription removed",
    unsubscribed:
      "This channel will no longer receive the daily brief. To come back: /digest subscribe.",
    notSubscribedTitle: "No subscription here",
    notSubscribed:
      "This channel is not subscribed to the daily brief. To subscribe: /digest subscribe 08:00 Europe/Paris en",
    statusTitle: "The daily brief in this channel",
    previewTitle: "Preview",
    previewNote: (when: string) =>
      `Preview of the next daily brief (${when}), visible only to you.`,
    previewUnsubscribed:
      "Preview: this channel is not subscribed; this is what the daily brief would look like.",
    fieldSchedule: "Schedule",
    fieldLanguage: "Language",
    fieldNext: "Next post",
    fieldLast: "Last post",
    fieldPaused: "Paused",
    fieldInterrupted: "Interrupted post",
    fieldUncertain: "Uncertain post",
    fieldFailed: "Last failure",
    fieldSource: "Set by",
    fieldImage: "Picture",
    imageOn: "the day’s quote card, with the brief",
    imageOff: "none, text only",
    previewImage: (setting: string) => `Picture: ${setting}.`,
    sourceOperator: "the bot's operator (configuration)",
    sourceCommand: "an administrator (command)",
    daily: (time: string, tz: string) => `every day at ${time} (${tz})`,
    cron: (expression: string, tz: string) => `on the cron schedule “${expression}” (${tz})`,
    nextAt: (when: string) => when,
    none: "none yet",
    noNext: "—",
    pausedBecause: (reason: string, since: string) =>
      `The platform’s reason: “${reason}” (since ${since}). Posting resumes when the bot is back here, or after a new /digest subscribe.`,
    interrupted: (slot: string) =>
      `The post due ${slot} was interrupted (the bot stopped): we do not know whether it went out, so we do not resend it and risk a duplicate.`,
    uncertain: (slot: string) =>
      `The platform did not confirm the post due ${slot} (no answer in time): it may have arrived, so we do not resend it and risk a duplicate.`,
    failed: (slot: string, reason: string) => `${slot}: ${reason}`,
    languageName: { fr: "French", en: "English", ru: "Russian" },
    badInputTitle: "I did not understand",
    badTime: (value: string) =>
      `“${value}” is not a valid time. Give HH:MM, from 00:00 to 23:59, for example 08:00.`,
    badTimezone: (value: string, suggestion?: string) =>
      `“${value}” is not a known IANA time zone.${suggestion ? ` Did you mean ${suggestion}?` : ""} Examples: Europe/Paris, America/New_York, UTC.`,
    badCron: (value: string, detail: string) =>
      `“${value}” is not a valid cron expression (${detail}). Example: “0 8 * * 1-5” (8 am, Monday to Friday).`,
    tooOften: (value: string, minutes: number) =>
      `“${value}” would post too often: at most once every ${minutes} minutes.`,
    timeAndCron: "Give either a time or a cron expression, not both.",
    badLocale: (value: string) => `“${value}” is not an offered language: fr, en or ru.`,
    badImage: (value: string) =>
      `“${value}” is not a picture setting: image:on (the day’s quote card, by default) or image:off (text only).`,
    unknownWord: (value: string) =>
      `I do not know what to do with “${value}”. Expected: a time (08:00), a time zone (Europe/Paris), a language (fr, en, ru), image:on or image:off, or a cron expression in quotes.`,
    usageTitle: "/digest — the daily brief",
    usage: [
      "/digest subscribe [HH:MM] [time zone] [fr|en|ru] — subscribe this channel (08:00 by default)",
      '/digest subscribe "0 8 * * 1-5" Europe/Paris — with a cron expression',
      "/digest subscribe image:off — without the day’s quote card (on by default)",
      "/digest unsubscribe — unsubscribe",
      "/digest status — schedule, next and last post",
      "/digest preview — see the next daily brief",
    ],
    unknownSubcommand: (value: string) => `“${value}” is not a /digest subcommand.`,
    cannotPostTitle: "I cannot post here",
    cannotPost: (missing: readonly string[]) =>
      `In this channel I am missing: ${missing.join(", ")}. Ask an administrator to grant it, then run the command again.`,
    notHereTitle: "Not here",
    notHere: "/digest works in a server channel or a chat the bot posts to, not here.",
    unavailable: "Scheduled briefs are not served here; /digest preview shows what one looks like.",
  },
  /** Discord's own wording: page buttons, permissions, errors. */
  discord: {
    previous: "◀ Previous",
    next: "Next ▶",
    page: (n: number, total: number) => `Page ${n}/${total}`,
    internalError: "Sorry, something went wrong on our side. Please try again in a moment.",
    staleButton: "This button no longer works. Run the command again, for example /summary.",
    more: "Next:",
    refusedTitle: "Not allowed",
    notAllowed:
      "Only members who can manage this channel (the Manage Channels permission) can change its daily brief subscription.",
    permissions: {
      ViewChannel: "View Channel",
      SendMessages: "Send Messages",
      SendMessagesInThreads: "Send Messages in Threads",
      EmbedLinks: "Embed Links",
    },
  },
  /** Telegram's own wording: greeting, admin rules, private previews. */
  telegram: {
    greetingTitle: "Hello!",
    greeting: (username: string) =>
      `Pick a command below, or type @${username} and a name in any chat to share a quote there.`,
    internalError: "Sorry, an internal error kept us from answering. Please try again in a moment.",
    staleButton: "This button no longer works.",
    adminsOnlyTitle: "Admins only",
    adminsOnly:
      "Only this group's administrators can change its daily brief subscription. /digest status and /digest preview are open to everyone.",
    previewSentTitle: "Preview sent",
    previewSent: "I sent you the preview in a private message.",
    previewPrivateTitle: "Private preview",
    previewCannotReach: (username: string) =>
      `The preview is shown only to you, in a private message, but I cannot write to you: open a chat with me first, t.me/${username} (Start button), then run /digest preview here again.`,
    previewAnonymous: (username: string) =>
      `The preview is shown only to you, in a private message, and I cannot write to an anonymous administrator. Turn anonymity off for the command, or send me /digest preview privately (t.me/${username}) to see what the daily brief looks like.`,
  },
  /** The console (`npm start` without tokens). */
  console: {
    intro:
      "Summit Brief console. Type /summary, /quote Lukashenko, /members, /help; /lang fr or /lang ru to switch language; /exit to quit.\nTo connect Discord and Telegram, set DISCORD_TOKEN and/or TELEGRAM_BOT_TOKEN (see .env.example).",
    langUsage: "Use /lang fr, /lang en or /lang ru.",
  },
  /** Words drawn into the images (map legend, quote card). */
  images: {
    legendMembers: (acronym: string) => `${acronym} member states`,
    legendBlocked: (country: string) => `${country}: blocked the summit’s final document`,
    legendVenue: (acronym: string, city: string, date: string) =>
      `${acronym} summit: ${city}, ${date}`,
    borders:
      "Internationally recognised borders: Crimea is shown in Ukraine (corrected on the Natural Earth base map, which places it in Russia).",
    brand: "Summit Brief",
  },
};

export type Messages = typeof en;
