import type { CommandContext } from "../commands/types.ts";
import type { StoryLibrary } from "./core/library.ts";
import type { Reply } from "./core/reply.ts";

/**
 * Replies per library and command list at most: keys hold what readers typed, so without a
 * bound a stream of made-up names would grow the memo without end.
 */
export const MEMO_ENTRIES = 256;
/** Longer keys (long typed text) are not remembered: such requests are rare and large. */
const KEY_MAX = 512;

/** What `serve` remembers of an answer: the reply and how it must be delivered. */
export interface Remembered {
  readonly reply: Reply;
  readonly options: { readonly private: boolean };
}

type Memo = Map<string, Remembered>;

/**
 * Answers of commands marked `pure` (their reply depends only on the story library, the
 * command list, the locale and the input), remembered so that identical requests share one
 * reply instead of rebuilding it, and its rendering (renderers may remember per reply object).
 * Kept per library: a live reload installs a new library, so the next answers are built from
 * the new story and the old ones are dropped with the old library. Beyond `MEMO_ENTRIES`, the
 * oldest entry goes first (a popular one is then simply built again). Remembered replies are
 * frozen: they are shared, so nobody may change one.
 *
 * @example const hit = replyMemo.get(context, key) ?? replyMemo.set(context, key, fresh);
 */
export class ReplyMemo {
  readonly #memos = new WeakMap<StoryLibrary, WeakMap<CommandContext["commands"], Memo>>();

  #memo(context: CommandContext): Memo {
    let byCommands = this.#memos.get(context.library);
    if (!byCommands) {
      byCommands = new WeakMap();
      this.#memos.set(context.library, byCommands);
    }
    let memo = byCommands.get(context.commands);
    if (!memo) {
      memo = new Map();
      byCommands.set(context.commands, memo);
    }
    return memo;
  }

  get(context: CommandContext, key: string): Remembered | undefined {
    return this.#memo(context).get(key);
  }

  /** Remembers `answer` (frozen) under `key`, unless the key is too long; returns it. */
  set(context: CommandContext, key: string, answer: Remembered): Remembered {
    if (key.length > KEY_MAX) return answer;
    const memo = this.#memo(context);
    if (memo.size >= MEMO_ENTRIES) {
      const oldest = memo.keys().next();
      if (!oldest.done) memo.delete(oldest.value);
    }
    const frozen = deepFreeze(answer);
    memo.set(key, frozen);
    return frozen;
  }
}

/** Freezes plain data (objects and arrays) all the way down. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
  return value;
}
