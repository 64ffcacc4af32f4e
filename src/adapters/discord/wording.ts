import type { Locale } from "../../core/locale.ts";

/**
 * The Discord adapter's own fixed wording: page buttons and the answers that are about the
 * bot, not the story. Story wording lives in `src/core/messages.ts`.
 */
export const wording = {
  fr: {
    previous: "◀ Précédent",
    next: "Suivant ▶",
    page: (n: number, total: number) => `Page ${n}/${total}`,
    internalError: "Désolé, une erreur interne est survenue. Réessayez dans un instant.",
    staleButton: "Ce bouton ne fonctionne plus. Relancez la commande, par exemple /summary.",
    more: "À suivre :",
    refusedTitle: "Action réservée",
    notAllowed:
      "Seuls les membres qui peuvent gérer ce salon (permission « Gérer les salons ») peuvent modifier son abonnement au point du jour.",
    permissions: {
      ViewChannel: "Voir le salon",
      SendMessages: "Envoyer des messages",
      SendMessagesInThreads: "Envoyer des messages dans les fils",
      EmbedLinks: "Intégrer des liens",
    },
  },
  en: {
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
} as const satisfies Record<Locale, unknown>;
