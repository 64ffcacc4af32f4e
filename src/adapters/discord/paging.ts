import { isLocale, type Locale } from "../../core/locale.ts";

/** Discord's limit on a component's `custom_id`. */
export const CUSTOM_ID_MAX = 100;

/**
 * What a button does, carried entirely in its `custom_id` so buttons keep working after a
 * restart: `page` shows page `page` of the command's reply, `run` runs a follow-up command.
 */
export type ButtonState =
  | {
      readonly kind: "page";
      readonly command: string;
      readonly argument: string;
      readonly locale: Locale;
      readonly page: number;
    }
  | {
      readonly kind: "run";
      readonly command: string;
      readonly argument: string;
      readonly locale: Locale;
    };

const PREFIX = "sb1";
// The argument comes last, so it may hold any character, the separator included.
// Any two-letter code is read here; `isLocale` then keeps ours.
const PATTERN = /^sb1:(p|r):([a-z]{2}):(\d{1,4}):([a-z0-9_]{1,32}):([\s\S]*)$/;
const COMMAND = /^[a-z0-9_]{1,32}$/;

/**
 * Encodes a button's state; `undefined` when it does not fit in 100 characters (a very long
 * argument), so the caller can fall back to something that needs no button.
 *
 * @example encodeButton({ kind: "page", command: "quotes", argument: "", locale: "en", page: 1 })
 * // "sb1:p:en:1:quotes:"
 */
export function encodeButton(state: ButtonState): string | undefined {
  if (!COMMAND.test(state.command)) return undefined;
  const page = state.kind === "page" ? state.page : 0;
  if (!Number.isInteger(page) || page < 0 || page > 9999) return undefined;
  const id = `${PREFIX}:${state.kind === "page" ? "p" : "r"}:${state.locale}:${page}:${state.command}:${state.argument}`;
  return [...id].length <= CUSTOM_ID_MAX && id.length <= CUSTOM_ID_MAX ? id : undefined;
}

/** Decodes a `custom_id`; anything that is not one of ours gives `undefined`, never a throw. */
export function decodeButton(customId: unknown): ButtonState | undefined {
  if (typeof customId !== "string" || customId.length > CUSTOM_ID_MAX) return undefined;
  const m = PATTERN.exec(customId);
  if (!m) return undefined;
  const [, kind, locale, page, command, argument] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!isLocale(locale)) return undefined;
  return kind === "p"
    ? { kind: "page", command, argument, locale, page: Number(page) }
    : { kind: "run", command, argument, locale };
}
