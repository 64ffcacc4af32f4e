import { Resvg, type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import { FONT_FAMILY, fontFiles } from "./fonts.ts";

/** Renderer options: our fonts only, never the host's. */
const OPTIONS: ResvgRenderOptions = {
  font: {
    loadSystemFonts: false,
    fontFiles: [...fontFiles],
    defaultFontFamily: FONT_FAMILY.sans,
    sansSerifFamily: FONT_FAMILY.sans,
    serifFamily: FONT_FAMILY.serif,
  },
  shapeRendering: 2,
  textRendering: 1,
  logLevel: "off",
};

export interface Png {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

/** Renders an SVG document to PNG on the calling thread (blocks the event loop). */
export function renderPngSync(svg: string): Png {
  const image = new Resvg(svg, OPTIONS).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Renders an SVG document to PNG on libuv's thread pool: the event loop stays free. */
export async function renderPng(svg: string): Promise<Png> {
  const image = await renderAsync(svg, OPTIONS);
  return { png: image.asPng(), width: image.width, height: image.height };
}
