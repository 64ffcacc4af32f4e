import { LOCALES, type Locale } from "../core/locale.ts";
import { type Messages, messages } from "../core/messages.ts";

/** Fixed wording of the digest commands, per locale: the `digest` part of each catalogue. */
export const digestMessages = Object.fromEntries(
  LOCALES.map((l) => [l, messages[l].digest]),
) as Readonly<Record<Locale, Messages["digest"]>>;

export type DigestMessages = Messages["digest"];
