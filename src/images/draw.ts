import type { Locale } from "../core/locale.ts";
import type { Story } from "../core/story.ts";
import { cardSvg } from "./card.ts";
import type { CardId } from "./kinds.ts";
import { mapSvg } from "./map.ts";
import { type Png, renderPng } from "./render.ts";

/**
 * The drawing itself: SVG of one image (map or quote card), then PNG. This module pulls in the
 * map data (world-atlas, d3-geo), the fonts and resvg, so the serving process never imports it:
 * the image worker (`worker.ts`) does, and the CLIs that write images.
 */

/** The SVG of one image, or undefined for a card the story does not have. */
export function imageSvg(story: Story, card: CardId, locale: Locale): string | undefined {
  if (card === "map") return mapSvg(story, locale);
  const quote = story.quote(card.slice("quote:".length));
  return quote ? cardSvg(story, quote, locale) : undefined;
}

/** SVG then PNG, on the calling thread for the SVG and libuv's pool for the PNG. */
export async function drawPng(story: Story, card: CardId, locale: Locale): Promise<Png> {
  const svg = imageSvg(story, card, locale);
  if (svg === undefined) throw new Error(`story ${story.id} has no image ${card}`);
  return renderPng(svg);
}
