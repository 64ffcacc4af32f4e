import type { Locale } from "../../core/locale.ts";

/** Fixed wording that only the Telegram adapter uses. Story facts never live here. */
export const wording = {
  fr: {
    greetingTitle: "Bonjour !",
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
      `L’aperçu ne s’affiche qu’à vous, en message privé, mais je ne peux pas vous écrire : ouvrez d’abord une discussion avec moi, t.me/${username} (bouton Démarrer), puis relancez /digest preview ici.`,
    previewAnonymous: (username: string) =>
      `L’aperçu ne s’affiche qu’à vous, en message privé, et je ne peux pas écrire à un administrateur anonyme. Désactivez l’anonymat le temps de la commande, ou envoyez-moi /digest preview en privé (t.me/${username}) pour voir à quoi ressemble le point du jour.`,
  },
  en: {
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
} as const satisfies Record<Locale, unknown>;
