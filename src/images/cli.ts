import { writeFileSync } from "node:fs";
import type { Locale } from "../core/locale.ts";
import type { Story } from "../core/story.ts";
import { imagesFor } from "./commands.ts";
import { imageSvg } from "./draw.ts";
import { renderPngSync } from "./render.ts";

/**
 * Writes the pictures of one answer for `npm run ask -- --image out.png`: the first to `file`,
 * any further ones beside it (`out-2.png`, …). Says on standard error what it wrote, or that the
 * command has no picture. Returns false when there was nothing to write.
 */
export function writeImages(
  story: Story,
  command: string,
  argument: string,
  locale: Locale,
  file: string,
  stderr: { write(text: string): unknown } = process.stderr,
): boolean {
  const cards = imagesFor(story, command, argument);
  if (cards.length === 0) {
    stderr.write(`/${command} has no picture; pictures come with /members and /quote.\n`);
    return false;
  }
  cards.forEach((card, i) => {
    const svg = imageSvg(story, card, locale);
    if (svg === undefined) return;
    const { png, width, height } = renderPngSync(svg);
    const target = i === 0 ? file : file.replace(/(\.png)?$/i, `-${i + 1}.png`);
    writeFileSync(target, png);
    stderr.write(`wrote ${target} (${width}×${height}, ${png.length} bytes)\n`);
  });
  return true;
}
