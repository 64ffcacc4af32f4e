import { type FontFace, type FontMetrics, fontMetrics } from "./fonts.ts";

/** Text as SVG character data: the five XML specials escaped. */
export function xml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

/** A number as SVG writes it: at most one decimal. */
export function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * Breaks `text` into lines no wider than `width` at `size` pixels, at spaces only. A single
 * word wider than the line is broken between characters (the caller shrinks the size to avoid
 * it): nothing is ever cut or dropped.
 *
 * @example wrap("un deux trois", "sans", 20, 120) // ["un deux", "trois"]
 */
export function wrap(text: string, face: FontFace, size: number, width: number): string[] {
  const m = fontMetrics(face);
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph
      .split(BREAKABLE)
      .flatMap((w) => (w ? breakWord(w, m, size, width) : []))) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && m.width(candidate, size) > width) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}

/** Where a line may break: ordinary spaces, never no-break ones (French guillemets keep theirs). */
const BREAKABLE = /[ \t\r]+/;

/** A word wider than the line, in pieces that fit (the word itself when it fits). */
function breakWord(word: string, m: FontMetrics, size: number, width: number): string[] {
  if (m.width(word, size) <= width) return [word];
  const pieces: string[] = [];
  let piece = "";
  for (const char of word) {
    if (piece && m.width(piece + char, size) > width) {
      pieces.push(piece);
      piece = char;
    } else piece += char;
  }
  return [...pieces, piece];
}

/** Whether a word of `text` is wider than `width` at `size` (wrapping would break it). */
export function hasOverwideWord(
  text: string,
  face: FontFace,
  size: number,
  width: number,
): boolean {
  const m = fontMetrics(face);
  return text.split(BREAKABLE).some((w) => m.width(w, size) > width);
}

/** The widest of `lines` at `size` pixels. */
export function widest(lines: readonly string[], face: FontFace, size: number): number {
  const m = fontMetrics(face);
  return Math.max(0, ...lines.map((l) => m.width(l, size)));
}

/** `<text>` with one `<tspan>` per line. */
export function textLines(
  lines: readonly string[],
  x: number,
  y: number,
  lineHeight: number,
  attributes: string,
): string {
  const spans = lines
    .map((l, i) => `<tspan x="${n(x)}" y="${n(y + i * lineHeight)}">${xml(l)}</tspan>`)
    .join("");
  return `<text ${attributes}>${spans}</text>`;
}
