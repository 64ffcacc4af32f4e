import { plural } from "../format.ts";
import type { Messages } from "./en.ts";

/** The month names, January first. */
const MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

/**
 * The bot's fixed wording in French. Typography: a narrow no-break space (U+202F) before
 * ; ! ? and a no-break space (U+00A0) before : and inside « », so that a line never breaks
 * before them (checked by a test).
 */
export const fr: Messages = {
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
  cardButton: "Image",
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
  languageName: { fr: "français", en: "anglais", ru: "russe" },
  publisherUnknown: "Éditeur : non indiqué dans le texte dont nous disposons",
  publisher: (name: string) => `Éditeur : ${name}`,
  quotesCount: (n: number) =>
    `${n} ${plural("fr", n, { one: "citation reprise", other: "citations reprises" })} mot pour mot`,
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
  storiesHow: "Pour en choisir une : l’option story, par exemple /summary story=identifiant.",
  unknownLengthTitle: "Longueur inconnue",
  unknownLength: (value: string) =>
    `« ${value} » n’est pas une longueur : /summary court (par défaut) ou /summary long.`,
  invalidCommandTitle: "Commande inconnue",
  invalidCommand: (name: string) => `« ${name} » n’est pas une commande de ce bot.`,
  translationMarks: { open: "« ", close: " »" },
  fallbackNote: (languages: string) =>
    `Une partie de cette réponse n’existe pas encore en français ; elle est donnée en ${languages}.`,
  dates: {
    months: MONTHS,
    // The same names after a day ("23 novembre 2022"); Russian has its genitive there.
    monthsOfDay: MONTHS,
    weekdays: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    full: (weekday: string, day: number, month: string, year: number) =>
      `${weekday} ${day} ${month} ${year}`,
    day: (day: number, month: string, year: number) => `${day} ${month} ${year}`,
    month: (month: string, year: number) => `${month} ${year}`,
  },
  /** Scheduled digests: `/digest` replies, status, pause reasons. */
  digest: {
    subscribedTitle: "Abonnement au point du jour enregistré",
    subscribed: (schedule: string, language: string) =>
      `Ce salon recevra le point du jour ${schedule}, en ${language}.`,
    resumedToo: "L’abonnement était en pause ; il reprend.",
    unsubscribedTitle: "Abonnement supprimé",
    unsubscribed: "Ce salon ne recevra plus le point du jour. Pour revenir : /digest subscribe.",
    notSubscribedTitle: "Pas d’abonnement ici",
    notSubscribed:
      "Ce salon n’est pas abonné au point du jour. Pour s’abonner : /digest subscribe 08:00 Europe/Paris fr",
    statusTitle: "Le point du jour dans ce salon",
    previewTitle: "Aperçu",
    previewNote: (when: string) =>
      `Aperçu du prochain point du jour (${when}), visible par vous seul.`,
    previewUnsubscribed:
      "Aperçu : ce salon n’est pas abonné ; voici à quoi ressemblerait le point du jour.",
    fieldSchedule: "Rythme",
    fieldLanguage: "Langue",
    fieldNext: "Prochain envoi",
    fieldLast: "Dernier envoi",
    fieldPaused: "En pause",
    fieldInterrupted: "Envoi interrompu",
    fieldUncertain: "Envoi incertain",
    fieldFailed: "Dernier échec",
    fieldSource: "Défini par",
    fieldImage: "Image",
    imageOn: "la carte de la citation du jour, avec le point",
    imageOff: "aucune, texte seul",
    previewImage: (setting: string) => `Image : ${setting}.`,
    sourceOperator: "l’exploitant du bot (configuration)",
    sourceCommand: "un administrateur (commande)",
    daily: (time: string, tz: string) => `chaque jour à ${time} (${tz})`,
    cron: (expression: string, tz: string) => `selon l’expression cron « ${expression} » (${tz})`,
    nextAt: (when: string) => when,
    none: "aucun pour l’instant",
    noNext: "—",
    pausedBecause: (reason: string, since: string) =>
      `Motif donné par la plateforme : « ${reason} » (depuis le ${since}). L’envoi reprendra quand le bot sera de retour ici, ou après un nouveau /digest subscribe.`,
    interrupted: (slot: string) =>
      `L’envoi prévu le ${slot} a été interrompu (arrêt du bot) : nous ne savons pas s’il est parti, et nous ne le renvoyons pas pour éviter un doublon.`,
    uncertain: (slot: string) =>
      `La plateforme n’a pas confirmé l’envoi prévu le ${slot} (pas de réponse à temps) : il est peut-être arrivé, et nous ne le renvoyons pas pour éviter un doublon.`,
    failed: (slot: string, reason: string) => `${slot} : ${reason}`,
    languageName: { fr: "français", en: "anglais", ru: "russe" },
    badInputTitle: "Je n’ai pas compris",
    badTime: (value: string) =>
      `« ${value} » n’est pas une heure valable. Donnez HH:MM, de 00:00 à 23:59, par exemple 08:00.`,
    badTimezone: (value: string, suggestion?: string) =>
      `« ${value} » n’est pas un fuseau horaire IANA connu.${suggestion ? ` Vouliez-vous dire ${suggestion} ?` : ""} Exemples : Europe/Paris, America/New_York, UTC.`,
    badCron: (value: string, detail: string) =>
      `« ${value} » n’est pas une expression cron valable (${detail}). Exemple : « 0 8 * * 1-5 » (8 h, du lundi au vendredi).`,
    tooOften: (value: string, minutes: number) =>
      `« ${value} » enverrait le point du jour trop souvent : au plus une fois toutes les ${minutes} minutes.`,
    timeAndCron: "Donnez soit une heure, soit une expression cron, pas les deux.",
    badLocale: (value: string) => `« ${value} » n’est pas une langue proposée : fr, en ou ru.`,
    badImage: (value: string) =>
      `« ${value} » n’est pas un réglage d’image : image:on (la carte de la citation du jour, par défaut) ou image:off (texte seul).`,
    unknownWord: (value: string) =>
      `Je ne sais pas quoi faire de « ${value} ». Attendu : une heure (08:00), un fuseau (Europe/Paris), une langue (fr, en, ru), image:on ou image:off, ou une expression cron entre guillemets.`,
    usageTitle: "/digest — le point du jour",
    usage: [
      "/digest subscribe [HH:MM] [fuseau] [fr|en|ru] — abonner ce salon (par défaut 08:00)",
      '/digest subscribe "0 8 * * 1-5" Europe/Paris — avec une expression cron',
      "/digest subscribe image:off — sans la carte de la citation du jour (jointe par défaut)",
      "/digest unsubscribe — se désabonner",
      "/digest status — rythme, prochain et dernier envoi",
      "/digest preview — voir le prochain point du jour",
    ],
    unknownSubcommand: (value: string) => `« ${value} » n’est pas une sous-commande de /digest.`,
    cannotPostTitle: "Je ne peux pas publier ici",
    cannotPost: (missing: readonly string[]) =>
      `Il me manque dans ce salon : ${missing.map((p) => `« ${p} »`).join(", ")}. Demandez à un administrateur de me les accorder, puis relancez la commande.`,
    notHereTitle: "Pas ici",
    notHere:
      "/digest s’utilise dans un salon de serveur ou une discussion où le bot publie, pas ici.",
    unavailable:
      "Le point du jour programmé n’est pas servi ici ; /digest preview montre à quoi il ressemble.",
  },
  /** Discord's own wording: page buttons, permissions, errors. */
  discord: {
    previous: "◀ Précédent",
    next: "Suivant ▶",
    page: (n: number, total: number) => `Page ${n}/${total}`,
    internalError: "Désolé, une erreur interne est survenue. Réessayez dans un instant.",
    staleButton: "Ce bouton ne fonctionne plus. Relancez la commande, par exemple /summary.",
    more: "À suivre :",
    refusedTitle: "Action réservée",
    notAllowed:
      "Seuls les membres qui peuvent gérer ce salon (permission « Gérer les salons ») peuvent modifier son abonnement au point du jour.",
    permissions: {
      ViewChannel: "Voir le salon",
      SendMessages: "Envoyer des messages",
      SendMessagesInThreads: "Envoyer des messages dans les fils",
      EmbedLinks: "Intégrer des liens",
    },
  },
  /** Telegram's own wording: greeting, admin rules, private previews. */
  telegram: {
    greetingTitle: "Bonjour !",
    greeting: (username: string) =>
      `Choisissez une commande ci-dessous, ou tapez @${username} suivi d’un nom dans n’importe quelle discussion pour y partager une citation.`,
    internalError:
      "Désolé, une erreur interne nous empêche de répondre. Réessayez dans un instant.",
    staleButton: "Ce bouton n’est plus valable.",
    adminsOnlyTitle: "Réservé aux administrateurs",
    adminsOnly:
      "Seuls les administrateurs de ce groupe peuvent modifier son abonnement au point du jour. /digest status et /digest preview restent ouverts à tous.",
    previewSentTitle: "Aperçu envoyé",
    previewSent: "Je vous ai envoyé l’aperçu en message privé.",
    previewPrivateTitle: "Aperçu privé",
    previewCannotReach: (username: string) =>
      `L’aperçu ne s’affiche qu’à vous, en message privé, mais je ne peux pas vous écrire : ouvrez d’abord une discussion avec moi, t.me/${username} (bouton Démarrer), puis relancez /digest preview ici.`,
    previewAnonymous: (username: string) =>
      `L’aperçu ne s’affiche qu’à vous, en message privé, et je ne peux pas écrire à un administrateur anonyme. Désactivez l’anonymat le temps de la commande, ou envoyez-moi /digest preview en privé (t.me/${username}) pour voir à quoi ressemble le point du jour.`,
  },
  /** The console (`npm start` without tokens). */
  console: {
    intro:
      "Console Summit Brief. Tapez /summary, /quote Loukachenko, /members, /help ; /lang en ou /lang ru pour changer de langue ; /exit pour quitter.\nPour connecter Discord et Telegram, définissez DISCORD_TOKEN et/ou TELEGRAM_BOT_TOKEN (voir .env.example).",
    langUsage: "Tapez /lang fr, /lang en ou /lang ru.",
  },
  /** Words drawn into the images (map legend, quote card). */
  images: {
    legendMembers: (acronym: string) => `États membres de l’${acronym}`,
    legendBlocked: (country: string) => `${country}\u00a0: a bloqué le document final du sommet`,
    legendVenue: (acronym: string, city: string, date: string) =>
      `Sommet de l’${acronym}\u00a0: ${city}, ${date}`,
    borders:
      "Frontières internationalement reconnues\u00a0: la Crimée figure dans l’Ukraine (corrigée sur le fond Natural Earth, qui la place en Russie).",
    brand: "Summit Brief",
  },
};
