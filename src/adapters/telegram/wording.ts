import { LOCALES, type Locale } from "../../core/locale.ts";
import { type Messages, messages } from "../../core/messages.ts";

/**
 * Fixed wording that only the Telegram adapter uses: the `telegram` part of each catalogue in
 * `src/core/messages/`. Story facts never live there.
 */
export const wording = Object.fromEntries(
  LOCALES.map((l) => [l, messages[l].telegram]),
) as Readonly<Record<Locale, Messages["telegram"]>>;
