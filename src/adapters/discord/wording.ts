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
  },
  en: {
    previous: "◀ Previous",
    next: "Next ▶",
    page: (n: number, total: number) => `Page ${n}/${total}`,
    internalError: "Sorry, something went wrong on our side. Please try again in a moment.",
    staleButton: "This button no longer works. Run the command again, for example /summary.",
    more: "Next:",
  },
} as const satisfies Record<Locale, unknown>;
