import type { Locale } from "../core/locale.ts";

/** Fixed wording of the digest commands, per locale. */
export const digestMessages = {
  fr: {
    subscribedTitle: "Abonnement au point du jour enregistré",
    subscribed: (schedule: string, language: string) =>
      `Ce salon recevra le point du jour ${schedule}, en ${language}.`,
    resumedToo: "L’abonnement était en pause ; il reprend.",
    unsubscribedTitle: "Abonnement supprimé",
    unsubscribed: "Ce salon ne recevra plus le point du jour. Pour revenir : /digest subscribe.",
    notSubscribedTitle: "Pas d’abonnement ici",
    notSubscribed:
      "Ce salon n’est pas abonné au point du jour. Pour s’abonner : /digest subscribe 08:00 Europe/Paris fr",
    statusTitle: "Le point du jour dans ce salon",
    previewTitle: "Aperçu",
    previewNote: (when: string) =>
      `Aperçu du prochain point du jour (${when}), visible par vous seul.`,
    previewUnsubscribed:
      "Aperçu : ce salon n’est pas abonné ; voici à quoi ressemblerait le point du jour.",
    fieldSchedule: "Rythme",
    fieldLanguage: "Langue",
    fieldNext: "Prochain envoi",
    fieldLast: "Dernier envoi",
    fieldPaused: "En pause",
    fieldInterrupted: "Envoi interrompu",
    fieldUncertain: "Envoi incertain",
    fieldFailed: "Dernier échec",
    fieldSource: "Défini par",
    sourceOperator: "l’exploitant du bot (configuration)",
    sourceCommand: "un administrateur (commande)",
    daily: (time: string, tz: string) => `chaque jour à ${time} (${tz})`,
    cron: (expression: string, tz: string) => `selon l’expression cron « ${expression} » (${tz})`,
    nextAt: (when: string) => when,
    none: "aucun pour l’instant",
    noNext: "—",
    pausedBecause: (reason: string, since: string) =>
      `Motif donné par la plateforme : « ${reason} » (depuis le ${since}). L’envoi reprendra quand le bot sera de retour ici, ou après un nouveau /digest subscribe.`,
    interrupted: (slot: string) =>
      `L’envoi prévu le ${slot} a été interrompu (arrêt du bot) : nous ne savons pas s’il est parti, et nous ne le renvoyons pas pour éviter un doublon.`,
    uncertain: (slot: string) =>
      `La plateforme n’a pas confirmé l’envoi prévu le ${slot} (pas de réponse à temps) : il est peut-être arrivé, et nous ne le renvoyons pas pour éviter un doublon.`,
    failed: (slot: string, reason: string) => `${slot} : ${reason}`,
    languageName: { fr: "français", en: "anglais" },
    badInputTitle: "Je n’ai pas compris",
    badTime: (value: string) =>
      `« ${value} » n’est pas une heure valable. Donnez HH:MM, de 00:00 à 23:59, par exemple 08:00.`,
    badTimezone: (value: string, suggestion?: string) =>
      `« ${value} » n’est pas un fuseau horaire IANA connu.${suggestion ? ` Vouliez-vous dire ${suggestion} ?` : ""} Exemples : Europe/Paris, America/New_York, UTC.`,
    badCron: (value: string, detail: string) =>
      `« ${value} » n’est pas une expression cron valable (${detail}). Exemple : « 0 8 * * 1-5 » (8 h, du lundi au vendredi).`,
    tooOften: (value: string, minutes: number) =>
      `« ${value} » enverrait le point du jour trop souvent : au plus une fois toutes les ${minutes} minutes.`,
    timeAndCron: "Donnez soit une heure, soit une expression cron, pas les deux.",
    badLocale: (value: string) => `« ${value} » n’est pas une langue proposée : fr ou en.`,
    unknownWord: (value: string) =>
      `Je ne sais pas quoi faire de « ${value} ». Attendu : une heure (08:00), un fuseau (Europe/Paris), une langue (fr, en) ou une expression cron entre guillemets.`,
    usageTitle: "/digest — le point du jour",
    usage: [
      "/digest subscribe [HH:MM] [fuseau] [fr|en] — abonner ce salon (par défaut 08:00)",
      '/digest subscribe "0 8 * * 1-5" Europe/Paris — avec une expression cron',
      "/digest unsubscribe — se désabonner",
      "/digest status — rythme, prochain et dernier envoi",
      "/digest preview — voir le prochain point du jour",
    ],
    unknownSubcommand: (value: string) => `« ${value} » n’est pas une sous-commande de /digest.`,
    cannotPostTitle: "Je ne peux pas publier ici",
    cannotPost: (missing: readonly string[]) =>
      `Il me manque dans ce salon : ${missing.map((p) => `« ${p} »`).join(", ")}. Demandez à un administrateur de me les accorder, puis relancez la commande.`,
    notHereTitle: "Pas ici",
    notHere:
      "/digest s’utilise dans un salon de serveur ou une discussion où le bot publie, pas ici.",
    unavailable:
      "Le point du jour programmé n’est pas servi ici ; /digest preview montre à quoi il ressemble.",
  },
  en: {
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
    languageName: { fr: "French", en: "English" },
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
    badLocale: (value: string) => `“${value}” is not an offered language: fr or en.`,
    unknownWord: (value: string) =>
      `I do not know what to do with “${value}”. Expected: a time (08:00), a time zone (Europe/Paris), a language (fr, en) or a cron expression in quotes.`,
    usageTitle: "/digest — the daily brief",
    usage: [
      "/digest subscribe [HH:MM] [time zone] [fr|en] — subscribe this channel (08:00 by default)",
      '/digest subscribe "0 8 * * 1-5" Europe/Paris — with a cron expression',
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
} as const satisfies Record<Locale, unknown>;

export type DigestMessages = (typeof digestMessages)[Locale];
