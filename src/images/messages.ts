import { LOCALES, type Locale } from "../core/locale.ts";
import { type Messages, messages } from "../core/messages.ts";

/** Fixed wording drawn into the images: the `images` part of each catalogue. */
export const imageMessages = Object.fromEntries(
  LOCALES.map((l) => [l, messages[l].images]),
) as Readonly<Record<Locale, Messages["images"]>>;

/** Quotation marks by the language of the quoted text, as the catalogues set them. */
export const QUOTE_MARKS = Object.fromEntries(
  LOCALES.map((l) => [l, [messages[l].translationMarks.open, messages[l].translationMarks.close]]),
) as unknown as Readonly<Record<Locale, readonly [string, string]>>;
