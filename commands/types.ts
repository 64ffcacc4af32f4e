import type { StoryLibrary } from "../src/core/library.ts";
import type { Locale } from "../src/core/locale.ts";
import type { Reply } from "../src/core/reply.ts";

export type Localized = Readonly<Record<Locale, string>>;

/** A suggestion while the reader types: what to show, and the value to send. */
export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** Command options are strings: both platforms can carry them, and the core parses them. */
export interface CommandOption {
  readonly name: string;
  readonly description: Localized;
  readonly required: boolean;
  /** Longest accepted value; the adapters enforce it where the platform can. */
  readonly maxLength: number;
  readonly choices?: readonly { readonly value: string; readonly name: Localized }[];
  /** Live suggestions (Discord autocomplete, Telegram inline mode and buttons). */
  readonly complete?: (partial: string, locale: Locale, context: CommandContext) => Choice[];
}

/** A decoded invocation, the same from every platform. */
export interface CommandInput {
  readonly locale: Locale;
  /** Option values by name; absent or blank means not given. */
  readonly options: Readonly<Record<string, string | undefined>>;
}

/** What a command may read. */
export interface CommandContext {
  readonly library: StoryLibrary;
  readonly commands: readonly CommandDefinition[];
}

/**
 * One command, defined once for every platform. `run` returns reply data; it never sends.
 *
 * @example
 * export const members: CommandDefinition = {
 *   name: "members", description: { fr: "…", en: "…" }, options: [],
 *   run: ({ locale }, { library }) => answers.members(library.default, locale),
 * };
 */
export interface CommandDefinition {
  readonly name: string;
  readonly description: Localized;
  readonly options: readonly CommandOption[];
  run(input: CommandInput, context: CommandContext): Reply;
}
