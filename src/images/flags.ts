import { xml } from "./svg.ts";

/**
 * Flags drawn as simple SVG (no emoji font ships with the bot, and nothing is fetched): the
 * stripes and main emblem of each flag our stories use, at 3:2. Other countries get a neutral
 * box with their ISO code.
 */
type Draw = (w: number, h: number) => string;

const stripes =
  (...colours: string[]): Draw =>
  (w, h) =>
    colours
      .map(
        (c, i) =>
          `<rect y="${(h * i) / colours.length}" width="${w}" height="${h / colours.length + 0.5}" fill="${c}"/>`,
      )
      .join("");

const FLAGS: ReadonlyMap<string, Draw> = new Map<string, Draw>([
  ["ru", stripes("#ffffff", "#0039a6", "#d52b1e")],
  ["am", stripes("#d90012", "#0033a0", "#f2a800")],
  ["ua", stripes("#0057b7", "#ffd700")],
  [
    "by",
    (w, h) =>
      `<rect width="${w}" height="${h}" fill="#c8313e"/><rect y="${(h * 2) / 3}" width="${w}" height="${h / 3}" fill="#4aa657"/>` +
      `<rect width="${w / 9}" height="${h}" fill="#ffffff"/>` +
      Array.from(
        { length: 6 },
        (_, i) =>
          `<rect x="${w / 36}" y="${(h * (i + 0.25)) / 6}" width="${w / 18}" height="${h / 12}" fill="#c8313e"/>`,
      ).join(""),
  ],
  [
    "kz",
    (w, h) =>
      `<rect width="${w}" height="${h}" fill="#00afca"/>` +
      `<circle cx="${w / 2}" cy="${h * 0.42}" r="${h * 0.17}" fill="#fec50c"/>` +
      `<path d="M${w * 0.32} ${h * 0.72} Q${w / 2} ${h * 0.6} ${w * 0.68} ${h * 0.72}" stroke="#fec50c" stroke-width="${h * 0.06}" fill="none"/>`,
  ],
  [
    "kg",
    (w, h) =>
      `<rect width="${w}" height="${h}" fill="#e8112d"/>` +
      `<circle cx="${w / 2}" cy="${h / 2}" r="${h * 0.3}" fill="#ffef00"/>` +
      `<circle cx="${w / 2}" cy="${h / 2}" r="${h * 0.17}" fill="#e8112d"/>` +
      `<circle cx="${w / 2}" cy="${h / 2}" r="${h * 0.12}" fill="#ffef00"/>`,
  ],
  [
    "tj",
    (w, h) =>
      `<rect width="${w}" height="${h}" fill="#ffffff"/><rect width="${w}" height="${(h * 2) / 7}" fill="#cc0000"/>` +
      `<rect y="${(h * 5) / 7}" width="${w}" height="${(h * 2) / 7}" fill="#006600"/>` +
      `<path d="M${w * 0.43} ${h * 0.56} L${w * 0.45} ${h * 0.45} L${w / 2} ${h * 0.5} L${w * 0.55} ${h * 0.45} L${w * 0.57} ${h * 0.56} Z" fill="#f8c300"/>`,
  ],
]);

/** A flag `width` pixels wide at (x, y), with a thin frame. */
export function flagSvg(country: string, x: number, y: number, width: number): string {
  const h = (width * 2) / 3;
  const draw = FLAGS.get(country);
  const inner = draw
    ? draw(width, h)
    : `<rect width="${width}" height="${h}" fill="#e4e6ea"/><text x="${width / 2}" y="${h * 0.66}" font-family="DejaVu Sans" font-size="${h * 0.45}" font-weight="bold" text-anchor="middle" fill="#444">${xml(country.toUpperCase())}</text>`;
  return `<g transform="translate(${x} ${y})">${inner}<rect width="${width}" height="${h}" fill="none" stroke="#9aa0aa" stroke-width="1"/></g>`;
}
