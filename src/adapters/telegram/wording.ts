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
  },
  en: {
    greetingTitle: "Hello!",
    greeting: (username: string) =>
      `Pick a command below, or type @${username} and a name in any chat to share a quote there.`,
    internalError: "Sorry, an internal error kept us from answering. Please try again in a moment.",
    staleButton: "This button no longer works.",
  },
} as const satisfies Record<Locale, unknown>;
