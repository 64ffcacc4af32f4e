import { LOCALES, type Locale } from "../../core/locale.ts";
import { type Messages, messages } from "../../core/messages.ts";

/**
 * The Discord adapter's own fixed wording (page buttons, permissions, errors): the `discord`
 * part of each catalogue in `src/core/messages/`.
 */
export const wording = Object.fromEntries(LOCALES.map((l) => [l, messages[l].discord])) as Readonly<
  Record<Locale, Messages["discord"]>
>;
