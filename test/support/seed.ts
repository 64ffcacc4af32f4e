import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SEED_DIR } from "./paths.ts";

/**
 * The seed article named by a story's `source.file`, or undefined when it is not there (a
 * clone with no `../shared` beside it). Tests that read the seed skip then, with one line
 * saying how to run them; CI sets `REQUIRE_SEED=1` so that a missing seed fails instead.
 *
 * @example const article = seedArticle(story.data.source.file); describe.skipIf(!article)(…)
 */
export function seedArticle(
  file: string,
  options: { dir?: string; env?: NodeJS.ProcessEnv } = {},
): string | undefined {
  const path = join(options.dir ?? SEED_DIR, file);
  if (existsSync(path)) return readFileSync(path, "utf8");
  const message = `seed article ${path} not found: to run these tests, set SEED_DIR=/path/to/shared/seed`;
  if ((options.env ?? process.env).REQUIRE_SEED === "1")
    throw new Error(`${message} (REQUIRE_SEED=1 requires it)`);
  process.stderr.write(`skipped: ${message}\n`);
  return undefined;
}
