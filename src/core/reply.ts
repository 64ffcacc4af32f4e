import type { Locale } from "./locale.ts";

/**
 * Neutral reply data: what to say, never how. Each platform has one renderer that turns a
 * `Reply` into its own format, with its own escaping and length limits. All strings are plain
 * text (no markup); renderers escape them.
 */
export type Block =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "list"; readonly items: readonly string[] }
  | { readonly type: "fields"; readonly fields: readonly Field[] }
  | QuoteBlock;

export interface Field {
  readonly name: string;
  readonly value: string;
}

export interface QuoteBlock {
  readonly type: "quote";
  /** The speaker as the reader's language names them, with their office. */
  readonly speaker: string;
  readonly office: string;
  /** The quote verbatim, in the article's language. */
  readonly text: string;
  /** The quote's language (ISO 639-1), e.g. "fr". */
  readonly lang: string;
  /** The quotation marks of the quote's language, spaces included: «\u00a0 and \u00a0» for French. */
  readonly marks: Marks;
  /** Our translation, when the reader's language differs from the quote's; always labelled. */
  readonly translation?: {
    readonly label: string;
    readonly text: string;
    /** The reader's quotation marks: “ ” in English, « » in Russian. */
    readonly marks: Marks;
  };
  /** Where the quote stands in the article, e.g. "The article's section “…”, paragraph 4". */
  readonly where: string;
}

/** Opening and closing quotation marks. */
export interface Marks {
  readonly open: string;
  readonly close: string;
}

/**
 * A command and the text typed after it, as the commands layer names them (`callOf` in
 * `commands/registry.ts`): the core knows no command name, and answers that offer follow-ups
 * are given the calls to offer.
 */
export interface CommandCall {
  readonly command: string;
  readonly argument?: string;
}

/** A follow-up the reader can pick (a button on Discord, an inline button on Telegram). */
export interface Action extends CommandCall {
  readonly label: string;
}

/** A call as a reader would type it: `/quote lukashenko`. */
export function typed(call: CommandCall): string {
  return `/${call.command}${call.argument ? ` ${call.argument}` : ""}`;
}

/**
 * A picture that goes with a reply (the member map, a quote card). The core only names it;
 * `src/images` draws it and each adapter attaches it in its own way.
 */
export interface ImageRef {
  /** The story the picture is drawn from. */
  readonly story: string;
  /** "map", or "quote:<quote id>". */
  readonly card: "map" | `quote:${string}`;
  /** What the picture shows, in the reader's language (alt text, inline result title). */
  readonly alt: string;
  /**
   * The language to draw it in, when it is not the reader's (a digest, in its subscription's
   * language, previewed by a reader of another).
   */
  readonly locale?: Locale;
}

export interface Reply {
  /** "ok" for an answer; "user-error" for a reader's mistake (shown privately where possible). */
  readonly status: "ok" | "user-error";
  readonly title: string;
  readonly blocks: readonly Block[];
  /** The source line: which article the facts come from. */
  readonly footer?: string;
  readonly actions?: readonly Action[];
  /** A picture to attach; a platform that cannot send it sends the text alone. */
  readonly image?: ImageRef;
}
