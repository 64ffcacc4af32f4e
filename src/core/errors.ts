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
