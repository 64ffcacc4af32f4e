import type { StoryLibrary } from "../src/core/library.ts";
import type { Locale } from "../src/core/locale.ts";
import type { Reply } from "../src/core/reply.ts";
import type { DigestService } from "../src/digest/service.ts";
import type { Pictures } from "../src/images/pictures.ts";

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
  /**
   * Live suggestions (Discord autocomplete). `options`: what the reader has filled in so far
   * in the same command (e.g. `story`), by name.
   */
  readonly complete?: (
    partial: string,
    locale: Locale,
    context: CommandContext,
    options?: CommandInput["options"],
  ) => Choice[];
}

/**
 * Where a command was typed, as far as a command needs to know: a channel (Discord, with its
 * server) or a chat (Telegram), or nowhere a digest can go (the console).
 */
export interface Place {
  /** The platform's name, as in the platform list (`src/adapters/index.ts`), or "console". */
  readonly platform: string;
  /** The channel or chat id. */
  readonly chat: string;
  /** The Discord server, when there is one. */
  readonly guild?: string;
  /** A conversation with one person (Telegram private chat, Discord DM, the console). */
  readonly private: boolean;
  /** Can the bot post scheduled digests here (a server channel, a chat)? */
  readonly subscribable: boolean;
  /**
   * What the bot lacks to post here, named in the reader's language (Discord permissions);
   * empty when nothing is missing or the platform cannot tell.
   */
  missingToPost(locale: Locale): readonly string[];
}

/** A decoded invocation's input, the same from every platform. */
export interface CommandInput {
  readonly locale: Locale;
  /** Option values by name; absent or blank means not given. */
  readonly options: Readonly<Record<string, string | undefined>>;
  /** The subcommand's name, for commands that have subcommands. */
  readonly subcommand?: string;
  /** Where the command was typed; absent when the caller has no place (tests, benchmarks). */
  readonly where?: Place;
}

/** What a command may read. */
export interface CommandContext {
  readonly library: StoryLibrary;
  readonly commands: readonly CommandDefinition[];
  /** Scheduled digests, where the process runs them (not in the console). */
  readonly digests?: DigestService;
  /** Pictures for replies that have one (the map, quote cards); without it, text only. */
  readonly pictures?: Pictures;
}

/** One subcommand (Discord: a subcommand; Telegram and the console: the first word). */
export interface SubcommandDefinition {
  readonly name: string;
  readonly description: Localized;
  readonly options: readonly CommandOption[];
  /** Only those who can manage the place may run it (Manage Channels; a chat's admins). */
  readonly manage?: boolean;
  /** The answer is for the caller only (Discord: ephemeral; Telegram group: a private message). */
  readonly private?: boolean;
}

/** The text after a command, read as a subcommand and options. */
export interface TextInput {
  readonly subcommand?: string;
  readonly options: Readonly<Record<string, string | undefined>>;
  /** The words could not be read: this user-error reply, once the caller is authorised. */
  readonly rejected?: Reply;
}

/** What `run` gives back: reply data, at once or after a read or write (digests). */
export type Answer = Reply | Promise<Reply>;

/**
 * One command, defined once for every platform. `run` returns reply data; it never sends.
 * The serving function (`src/serve.ts`) checks `manage`, runs it, records it and answers.
 *
 * @example
 * export const members: CommandDefinition = {
 *   name: "members", description: { fr: "…", en: "…" }, options: [],
 *   run: ({ locale, options }, { library }) => answers.members(storyOf(library, options), locale),
 * };
 */
export interface CommandDefinition {
  readonly name: string;
  readonly description: Localized;
  readonly options: readonly CommandOption[];
  /** Subcommands; a command has either subcommands or options of its own. */
  readonly subcommands?: readonly SubcommandDefinition[];
  /** Only those who can manage the place may run it (see `SubcommandDefinition.manage`). */
  readonly manage?: boolean;
  /** It reads a story: with several stories in `data/`, it takes the `story` option. */
  readonly perStory?: boolean;
  /** The command is about the channel or chat it is typed in (Discord: servers only). */
  readonly channelBound?: boolean;
  /**
   * Its reply depends only on the story library, the command list, the locale and the input
   * (not on who asks, where, or when): `serve` may answer identical requests with one
   * remembered reply (`src/reply-memo.ts`). Never with `manage` or subcommands.
   */
  readonly pure?: boolean;
  /**
   * Reads the text typed after the command (Telegram, the console) into a subcommand and
   * options. Without it, the whole text is the first option. May throw a `UserError`.
   */
  readonly fromText?: (text: string, locale: Locale) => TextInput;
  run(input: CommandInput, context: CommandContext): Answer;
}
