import type { Locale } from "./locale.ts";

/**
 * Fixed wording of the bot, per locale. Story facts never live here; they come from `data/`.
 * French typography: a narrow no-break space (U+202F) before ; ! ? and a no-break space
 * (U+00A0) before : and inside « », so a line never breaks before them (checked by a test).
 */
export const messages = {
  fr: {
    summaryShortTitle: "En bref",
    summaryLongTitle: "Le récit",
    quoteTitle: (speaker: string) => `Citation — ${speaker}`,
    quotesTitle: "Les citations de l’article",
    translationLabel: "Traduction (la nôtre, pas celle de l’article)",
    where: (paragraph: number, section: string) =>
      `Partie « ${section} » de l’article, paragraphe ${paragraph}`,
    unsureMatch: (query: string, name: string) =>
      `« ${query} » : nous pensons que vous cherchez ${name}.`,
    unquotedTitle: (name: string) => `${name} n’est pas cité`,
    unquoted: (name: string, office: string) =>
      `${name} (${office}) apparaît dans l’article, mais l’article ne cite aucune de ses paroles.`,
    quotedAre: "Personnes citées :",
    unknownTitle: "Personne de ce nom dans l’article",
    nobodyFromTitle: (country: string) => `Aucune citation : ${country}`,
    nobodyFrom: (country: string) => `L’article ne cite personne de ce pays (${country}).`,
    unknown: (query: string) => `Nous ne trouvons personne qui corresponde à « ${query} ».`,
    ambiguousTitle: "Précisez votre recherche",
    ambiguous: (query: string) => `Plusieurs personnes correspondent à « ${query} » :`,
    emptyTitle: "Qui voulez-vous citer ?",
    empty: "Indiquez un nom, par exemple /quote Loukachenko. Personnes citées :",
    tryQuote: (id: string) => `/quote ${id}`,
    membersTitle: (count: number, acronym: string) => `Les ${count} États membres de l’${acronym}`,
    outcomeTitle: "L’issue du sommet",
    outcomeReading: "La lecture de l’article",
    contextTitle: "Le contexte",
    happeningsTitle: "Ce qui s’est passé",
    sourceTitle: "La source",
    sourceLine: (title: string | null, lang: string, published: string) =>
      title === null
        ? `Source : article en ${lang}, ${published}`
        : `Source : « ${title} », article en ${lang}, ${published}`,
    languageName: { fr: "français", en: "anglais" },
    publisherUnknown: "Éditeur : non indiqué dans le texte dont nous disposons",
    publisher: (name: string) => `Éditeur : ${name}`,
    quotesCount: (n: number) =>
      `${n} citation${n > 1 ? "s" : ""} reprise${n > 1 ? "s" : ""} mot pour mot`,
    helpTitle: "Summit Brief — aide",
    helpIntro: (acronym: string, city: string, date: string) =>
      `Un bot d’information sur le sommet de l’${acronym} à ${city}, le ${date}. Les citations sont reproduites mot pour mot ; les traductions sont les nôtres.`,
    digestTitle: (headline: string) => `Le point du jour — ${headline}`,
    digestQuote: "La citation",
    digestMore: "Pour en savoir plus : /summary, /quote, /members, /outcome, /source",
    helpManagers: (what: string) => `${what} : réservé à qui gère le salon ou le groupe`,
    unknownStoryTitle: "Histoire inconnue",
    unknownStory: (id: string) => `Aucune histoire n’a l’identifiant « ${id} ». Les histoires :`,
    storiesTitle: "Les histoires",
    storiesHow:
      "Pour en choisir une\u00a0: l’option story, par exemple /summary story=identifiant.",
    invalidCommandTitle: "Commande inconnue",
    invalidCommand: (name: string) => `« ${name} » n’est pas une commande de ce bot.`,
  },
  en: {
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
    tryQuote: (id: string) => `/quote ${id}`,
    membersTitle: (count: number, acronym: string) =>
      `The ${count} member states of the ${acronym}`,
    outcomeTitle: "How the summit ended",
    outcomeReading: "The article’s reading",
    contextTitle: "The background",
    happeningsTitle: "What happened",
    sourceTitle: "The source",
    sourceLine: (title: string | null, lang: string, published: string) =>
      title === null
        ? `Source: ${lang}-language article, ${published}`
        : `Source: “${title}”, ${lang}-language article, ${published}`,
    languageName: { fr: "French", en: "English" },
    publisherUnknown: "Publisher: not named in the text we have",
    publisher: (name: string) => `Publisher: ${name}`,
    quotesCount: (n: number) => `${n} quote${n > 1 ? "s" : ""} reproduced word for word`,
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
    invalidCommandTitle: "Unknown command",
    invalidCommand: (name: string) => `“${name}” is not a command of this bot.`,
  },
} as const satisfies Record<Locale, unknown>;

export type Messages = (typeof messages)[Locale];
