import type { Locale } from "./locale.ts";
import { en, type Messages } from "./messages/en.ts";
import { fr } from "./messages/fr.ts";
import { ru } from "./messages/ru.ts";

export type { Messages };

/**
 * Fixed wording of the bot: one catalogue per language in `messages/`. Story facts never
 * live there; they come from `data/`. A new language is one catalogue here and its texts in
 * the story data.
 */
export const messages: Readonly<Record<Locale, Messages>> = { fr, en, ru };
