import type { Reply } from "./reply.ts";

/**
 * A story file that cannot be served. The message names the file and the field, so that
 * an editor can fix it without reading code.
 *
 * @example new StoryDataError("data/x.json", "quotes.0.speaker", "unknown person \"bob\"")
 */
export class StoryDataError extends Error {
  override readonly name = "StoryDataError";
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: ${field || "(file)"}: ${problem}`);
  }
}

/**
 * A reader's mistake found while serving a command (a story that does not exist, words that
 * cannot be read). The serving function answers with `reply` (status "user-error") and counts
 * it as a user error, never as an internal one.
 *
 * @example throw new UserError({ status: "user-error", title: "Unknown story", blocks: [] })
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(readonly reply: Reply) {
    super(reply.title);
  }
}
