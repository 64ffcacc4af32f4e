import { escapeMarkdown } from "discord.js";
import { splitText } from "../../core/split.ts";

/**
 * discord.js's escapeMarkdown costs about 200 µs on a summary paragraph, and the story's
 * texts are the same at every reply: remember what was escaped (bounded, for user input).
 */
const escapeCache = new Map<string, string>();
const ESCAPE_CACHE_MAX = 2_000;

/**
 * Escapes text that came from data or user input, so `**x**`, `# x`, `> x` or `[a](b)` show
 * literally. Our own markup is added after escaping.
 */
export function escapeText(text: string): string {
  let escaped = escapeCache.get(text);
  if (escaped === undefined) {
    escaped = escapeMarkdown(text, {
      heading: true,
      bulletedList: true,
      numberedList: true,
      maskedLink: true,
    }).replace(/^>/gm, "\\>");
    // Bounded: story texts repeat at every reply, user input does not.
    if (escapeCache.size >= ESCAPE_CACHE_MAX) escapeCache.clear();
    escapeCache.set(text, escaped);
  }
  return escaped;
}

/** False after an odd run of backslashes: that part would escape the next part's first character. */
const endsOutsideEscape = (part: string) => (/\\+$/.exec(part)?.[0].length ?? 0) % 2 === 0;

/**
 * Splits escaped text into chunks of at most `max` characters with the core's one splitter
 * (paragraph, line, sentence, word, then grapheme), never between an escape and its character.
 *
 * @example splitEscaped("One. Two. Three.", 10) // ["One. Two.", "Three."]
 */
export function splitEscaped(escaped: string, max: number): string[] {
  return splitText(escaped, max, undefined, { canEnd: endsOutsideEscape });
}
