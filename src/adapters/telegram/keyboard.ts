import { InlineKeyboard } from "grammy";
import type { Action } from "../../core/reply.ts";

/** Telegram's limit on a button's callback data, in bytes. */
export const CALLBACK_DATA_MAX = 64;
const BUTTONS_PER_ROW = 2;

/**
 * Encodes an action as callback data: `command:argument` (command names are [a-z0-9_], so the
 * first colon separates them). Undefined when it would not fit in 64 bytes.
 *
 * @example encodeAction({ label: "…", command: "quote", argument: "lukashenko" }) // "quote:lukashenko"
 */
export function encodeAction(action: Pick<Action, "command" | "argument">): string | undefined {
  const data = `${action.command}:${action.argument ?? ""}`;
  return Buffer.byteLength(data) <= CALLBACK_DATA_MAX ? data : undefined;
}

/**
 * Decodes callback data from a button press. Anything that is not an action we encoded
 * (old buttons, another bot's data, garbage) gives undefined.
 */
export function decodeAction(
  data: string | undefined,
): { command: string; argument: string } | undefined {
  if (!data || Buffer.byteLength(data) > CALLBACK_DATA_MAX) return undefined;
  const m = /^([a-z0-9_]{1,32}):([\s\S]*)$/.exec(data);
  return m ? { command: m[1] as string, argument: m[2] as string } : undefined;
}

/** The reply's actions as an inline keyboard; undefined when there is none to show. */
export function actionKeyboard(actions: readonly Action[] | undefined): InlineKeyboard | undefined {
  const keyboard = new InlineKeyboard();
  let count = 0;
  for (const action of actions ?? []) {
    const data = encodeAction(action);
    if (!data) continue;
    if (count > 0 && count % BUTTONS_PER_ROW === 0) keyboard.row();
    // Button labels are plain text (no parse mode); Telegram caps them, keep them short.
    keyboard.text(action.label.slice(0, 64) || action.command, data);
    count++;
  }
  return count > 0 ? keyboard : undefined;
}
