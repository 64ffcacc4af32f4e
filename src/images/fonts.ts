import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The fonts every image is drawn with: DejaVu in TrueType, shipped by the `dejavu-fonts-ttf`
 * package (full Latin, French and Cyrillic). Nothing is fetched at run time and no font of the
 * host is used: the renderer is given these files and `loadSystemFonts: false`.
 */
export const FONT_FAMILY = { sans: "DejaVu Sans", serif: "DejaVu Serif" } as const;
export type FontFace = "sans" | "sans-bold" | "serif" | "serif-italic";

const FILES: Record<FontFace, string> = {
  sans: "DejaVuSans.ttf",
  "sans-bold": "DejaVuSans-Bold.ttf",
  serif: "DejaVuSerif.ttf",
  "serif-italic": "DejaVuSerif-Italic.ttf",
};

const fontDir = join(
  dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")),
  "ttf",
);

/** Absolute paths of the font files, for the renderer. */
export const fontFiles: readonly string[] = Object.values(FILES).map((f) => join(fontDir, f));

/** Advance widths of one TrueType face, read from its `cmap`, `hhea`, `hmtx` and `head` tables. */
export class FontMetrics {
  readonly #advance = new Map<number, number>();
  readonly #unitsPerEm: number;
  readonly #fallback: number;

  constructor(ttf: Buffer) {
    const tables = new Map<string, number>();
    const count = ttf.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const at = 12 + i * 16;
      tables.set(ttf.toString("latin1", at, at + 4), ttf.readUInt32BE(at + 8));
    }
    const table = (tag: string): number => {
      const at = tables.get(tag);
      if (at === undefined) throw new Error(`font has no ${tag} table`);
      return at;
    };
    this.#unitsPerEm = ttf.readUInt16BE(table("head") + 18);
    const metricsCount = ttf.readUInt16BE(table("hhea") + 34);
    const hmtx = table("hmtx");
    const advanceOf = (glyph: number) =>
      ttf.readUInt16BE(hmtx + 4 * Math.min(glyph, metricsCount - 1));
    // Unicode BMP cmap (platform 3, encoding 1, format 4) covers every letter we draw.
    const cmap = table("cmap");
    let sub: number | undefined;
    for (let i = 0; i < ttf.readUInt16BE(cmap + 2); i++) {
      const at = cmap + 4 + i * 8;
      if (ttf.readUInt16BE(at) === 3 && ttf.readUInt16BE(at + 2) === 1) {
        sub = cmap + ttf.readUInt32BE(at + 4);
      }
    }
    if (sub === undefined || ttf.readUInt16BE(sub) !== 4)
      throw new Error("font has no format 4 cmap");
    const segments = ttf.readUInt16BE(sub + 6) / 2;
    const ends = sub + 14;
    const starts = ends + segments * 2 + 2;
    const deltas = starts + segments * 2;
    const offsets = deltas + segments * 2;
    for (let s = 0; s < segments; s++) {
      const end = ttf.readUInt16BE(ends + s * 2);
      const start = ttf.readUInt16BE(starts + s * 2);
      const delta = ttf.readInt16BE(deltas + s * 2);
      const rangeOffset = ttf.readUInt16BE(offsets + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const at = offsets + s * 2 + rangeOffset + (c - start) * 2;
          const g = ttf.readUInt16BE(at);
          glyph = g === 0 ? 0 : (g + delta) & 0xffff;
        }
        if (glyph !== 0) this.#advance.set(c, advanceOf(glyph));
      }
    }
    this.#fallback = advanceOf(0);
  }

  /** Whether the face has a glyph for this character. */
  covers(char: string): boolean {
    return this.#advance.has(char.codePointAt(0) ?? 0);
  }

  /** The width of `text` at `size` pixels (no kerning: a slight over-estimate, never under). */
  width(text: string, size: number): number {
    let units = 0;
    for (const char of text) units += this.#advance.get(char.codePointAt(0) ?? 0) ?? this.#fallback;
    return (units * size) / this.#unitsPerEm;
  }
}

const metrics = new Map<FontFace, FontMetrics>();

/** The metrics of one face, read once per process. */
export function fontMetrics(face: FontFace): FontMetrics {
  let m = metrics.get(face);
  if (!m) {
    m = new FontMetrics(readFileSync(join(fontDir, FILES[face])));
    metrics.set(face, m);
  }
  return m;
}
