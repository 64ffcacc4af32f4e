import type { Locale } from "../core/locale.ts";

/** Fixed wording drawn into the images, per locale. Story facts come from `data/`. */
export const imageMessages = {
  fr: {
    legendMembers: (acronym: string) => `États membres de l’${acronym}`,
    legendBlocked: (country: string) => `${country}\u00a0: a bloqué le document final du sommet`,
    legendVenue: (acronym: string, city: string, date: string) =>
      `Sommet de l’${acronym}\u00a0: ${city}, ${date}`,
    distance: (from: string, to: string, km: string) => `${from} → ${to}\u00a0: ${km}\u00a0km`,
    borders:
      "Frontières internationalement reconnues\u00a0: la Crimée figure dans l’Ukraine (corrigée sur le fond Natural Earth, qui la place en Russie).",
    brand: "Summit Brief",
  },
  en: {
    legendMembers: (acronym: string) => `${acronym} member states`,
    legendBlocked: (country: string) => `${country}: blocked the summit’s final document`,
    legendVenue: (acronym: string, city: string, date: string) =>
      `${acronym} summit: ${city}, ${date}`,
    distance: (from: string, to: string, km: string) => `${from} → ${to}: ${km}\u00a0km`,
    borders:
      "Internationally recognised borders: Crimea is shown in Ukraine (corrected on the Natural Earth base map, which places it in Russia).",
    brand: "Summit Brief",
  },
} as const satisfies Record<Locale, unknown>;

/** Quotation marks by the language of the quoted text (French: guillemets, narrow no-break spaces). */
export const QUOTE_MARKS = {
  fr: ["«\u202f", "\u202f»"],
  en: ["“", "”"],
} as const satisfies Record<Locale, readonly [string, string]>;
