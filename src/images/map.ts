// The member map as one SVG: projection, layers, labels, legend, insets and foot. It stays one
// file (over 300 lines) because every layer shares one projection and one layout box; the data
// (geodata.ts), fonts, flags and PNG rendering live beside it.

import { type GeoProjection, geoConicConformal, geoMercator, geoPath } from "d3-geo";
import type { Feature, MultiPoint } from "geojson";
import { sourceLine } from "../core/answers.ts";
import { partialDate } from "../core/dates.ts";
import type { Locale } from "../core/locale.ts";
import { textIn } from "../core/localize.ts";
import { messages } from "../core/messages.ts";
import type { Story } from "../core/story.ts";
import { type CountryFeature, countriesWithin, countryShape, roughBounds } from "./geodata.ts";
import { imageMessages } from "./messages.ts";
import { n, textLines, widest, wrap, xml } from "./svg.ts";

/**
 * The map of the member states, as an SVG document: the region projected with a conformal
 * conic, members filled, the state that blocked the outcome outlined apart, neighbours the
 * story names outlined, the venue pinned with the date, far places in an inset, a legend in
 * the reader's language, and the source and the border convention at the foot.
 */

export const MAP_SIZE = { width: 1200, height: 900 } as const;
export const MAP_COLOURS = {
  sea: "#d6e6f0",
  land: "#ebe7df",
  border: "#ffffff",
  member: "#2a64a8",
  blocked: "#f0a202",
  neighbour: "#8c2d19",
  text: "#1d2433",
  muted: "#59606e",
  pin: "#c1121f",
} as const;

const HEADER = 92;
const FOOT = 70;
const MAP_BOX = { x0: 0, y0: HEADER, x1: MAP_SIZE.width, y1: MAP_SIZE.height - FOOT } as const;

/** Where member names sit (lon, lat) when the country's centre is a poor spot for a label. */
const LABEL_AT: ReadonlyMap<string, readonly [number, number]> = new Map([
  ["ru", [47, 56.3]],
  ["kz", [66.5, 48.2]],
  ["by", [28.1, 52.5]],
  ["kg", [74.4, 41.55]],
  ["tj", [70.6, 38.7]],
]);

/** The projection of a story's map: the frame the story names, fitted to the map area. */
export function mapProjection(story: Story): GeoProjection {
  const frame = story.data.map?.frame ?? defaultFrame(story);
  const [w, s, e, nth] = frame;
  const corners: Feature<MultiPoint> = {
    type: "Feature",
    properties: {},
    geometry: {
      type: "MultiPoint",
      coordinates: [
        [w, s],
        [e, s],
        [w, nth],
        [e, nth],
        [(w + e) / 2, nth],
        [(w + e) / 2, s],
      ],
    },
  };
  return geoConicConformal()
    .rotate([-(w + e) / 2, 0])
    .parallels([s + (nth - s) / 4, nth - (nth - s) / 4])
    .fitExtent(
      [
        [MAP_BOX.x0 + 10, MAP_BOX.y0 + 10],
        [MAP_BOX.x1 - 10, MAP_BOX.y1 - 10],
      ],
      corners,
    )
    .clipExtent([
      [MAP_BOX.x0, MAP_BOX.y0],
      [MAP_BOX.x1, MAP_BOX.y1],
    ]);
}

/** Without a frame in the data: the members' and neighbours' bounds, and the venue. */
function defaultFrame(story: Story): [number, number, number, number] {
  const ids = [
    ...story.data.countries.map((c) => c.id),
    ...(story.data.map?.neighbours ?? []).map((c) => c.id),
  ];
  let [w, s, e, nth] = [180, 90, -180, -90];
  for (const id of ids) {
    const shape = countryShape(id);
    if (!shape) continue;
    const [a, b, c, d] = roughBounds(shape);
    [w, s, e, nth] = [Math.min(w, a), Math.min(s, b), Math.max(e, c), Math.max(nth, d)];
  }
  return [w, s, e, nth];
}

function requireShape(id: string): CountryFeature {
  const shape = countryShape(id);
  if (!shape) throw new Error(`no map shape for country "${id}" (add it to ISO_NUMERIC)`);
  return shape;
}

type Frame = readonly [number, number, number, number];

/**
 * The geometry of a map, the same in every locale: projected paths and label anchors. Cached
 * per frame and set of countries, so a story edit that leaves the geography alone, and the
 * second locale, cost only the text.
 */
interface MapGeometry {
  readonly base: string;
  readonly members: string;
  readonly neighbours: readonly { readonly d: string; readonly label: readonly [number, number] }[];
  readonly blocked?: string;
  readonly memberLabels: ReadonlyMap<string, readonly [number, number]>;
  readonly venue?: readonly [number, number];
  readonly insets: ReadonlyMap<
    string,
    { readonly land: string; readonly pin: readonly [number, number] }
  >;
}

const geometries = new Map<string, MapGeometry>();

export const INSET = { width: 270, mapHeight: 120 } as const;

function geometry(story: Story, blockedId: string | null): MapGeometry {
  const data = story.data;
  const frame: Frame = data.map?.frame ?? defaultFrame(story);
  const key = JSON.stringify([
    frame,
    data.countries.map((c) => c.id),
    data.map?.neighbours.map((c) => c.id),
    blockedId,
    data.map?.venue,
    data.map?.places.map((p) => [p.id, p.lon, p.lat]),
  ]);
  const cached = geometries.get(key);
  if (cached) return cached;
  const projection = mapProjection(story);
  const path = geoPath(projection).digits(1);
  const [w, s, e, nth] = frame;
  const base = countriesWithin([w - 20, s - 10, e + 20, nth + 15])
    .map((c) => path(c))
    .filter((d): d is string => Boolean(d))
    .map((d) => `<path d="${d}"/>`)
    .join("");
  const members = data.countries
    .map((c) => `<path d="${path(requireShape(c.id)) ?? ""}"/>`)
    .join("");
  const memberLabels = new Map<string, readonly [number, number]>();
  for (const c of data.countries) {
    const at = LABEL_AT.get(c.id);
    memberLabels.set(c.id, (at && projection([at[0], at[1]])) || path.centroid(requireShape(c.id)));
  }
  const neighbours = (data.map?.neighbours ?? []).map((c) => {
    const shape = requireShape(c.id);
    return { d: path(shape) ?? "", label: path.centroid(shape) };
  });
  const venue = data.map?.venue;
  const insets = new Map<string, { land: string; pin: readonly [number, number] }>();
  for (const place of data.map?.places ?? []) {
    const inset = geoMercator()
      .center([place.lon, place.lat])
      .scale(1400)
      .translate([INSET.width / 2, INSET.mapHeight / 2])
      .clipExtent([
        [12, 0],
        [INSET.width - 12, INSET.mapHeight],
      ]);
    const insetPath = geoPath(inset).digits(1);
    const west = inset.invert?.([0, INSET.mapHeight]) ?? [place.lon - 10, place.lat - 5];
    const east = inset.invert?.([INSET.width, 0]) ?? [place.lon + 10, place.lat + 5];
    const land = countriesWithin([west[0], west[1], east[0], east[1]])
      .map((c) => insetPath(c))
      .filter((d): d is string => Boolean(d))
      .map((d) => `<path d="${d}"/>`)
      .join("");
    insets.set(place.id, { land, pin: inset([place.lon, place.lat]) ?? [0, 0] });
  }
  const result: MapGeometry = {
    base: `<g fill="${MAP_COLOURS.land}" stroke="${MAP_COLOURS.border}" stroke-width="0.8">${base}</g>`,
    members,
    neighbours,
    blocked: blockedId ? (path(requireShape(blockedId)) ?? "") : undefined,
    memberLabels,
    venue: venue ? (projection([venue.lon, venue.lat]) ?? undefined) : undefined,
    insets,
  };
  geometries.set(key, result);
  return result;
}

const FONT = `font-family="DejaVu Sans"`;

/** The SVG of a story's member map in the reader's language. */
export function mapSvg(story: Story, locale: Locale): string {
  const data = story.data;
  const m = messages[locale];
  const im = imageMessages[locale];
  const acronym = textIn(data.event.organisation.acronym, locale);
  const blockedId = data.outcome.finalDocumentAdopted ? null : data.outcome.blockedBy;
  const g = geometry(story, blockedId);
  const { width, height } = MAP_SIZE;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<rect x="${MAP_BOX.x0}" y="${MAP_BOX.y0}" width="${MAP_BOX.x1 - MAP_BOX.x0}" height="${MAP_BOX.y1 - MAP_BOX.y0}" fill="${MAP_COLOURS.sea}"/>`,
    g.base,
    // Members, filled; neighbours dashed; the member that blocked the outcome outlined apart.
    `<g fill="${MAP_COLOURS.member}" stroke="${MAP_COLOURS.border}" stroke-width="1">${g.members}</g>`,
    ...g.neighbours.map(
      (nb) =>
        `<path d="${nb.d}" fill="none" stroke="${MAP_COLOURS.neighbour}" stroke-width="2.5" stroke-dasharray="7 4"/>`,
    ),
  ];
  if (g.blocked) {
    out.push(
      `<path d="${g.blocked}" fill="none" stroke="${MAP_COLOURS.blocked}" stroke-width="4" stroke-linejoin="round"/>`,
    );
  }
  for (const c of data.countries) {
    if (c.id === blockedId) continue; // named beside the venue pin instead
    const [x, y] = g.memberLabels.get(c.id) ?? [0, 0];
    out.push(
      `<text x="${n(x)}" y="${n(y)}" ${FONT} font-size="16" font-weight="bold" fill="#ffffff" stroke="${MAP_COLOURS.member}" stroke-width="3" stroke-linejoin="round" paint-order="stroke" text-anchor="middle">${xml(textIn(c.name, locale))}</text>`,
    );
  }
  if (g.venue) {
    const [px, py] = g.venue;
    out.push(
      `<circle cx="${n(px)}" cy="${n(py)}" r="7" fill="${MAP_COLOURS.pin}" stroke="#ffffff" stroke-width="2.5"/>`,
      halo(
        `${textIn(data.event.place.city, locale)}, ${partialDate(data.event.date, locale)}`,
        px - 12,
        py + 26,
        "end",
        16,
        true,
      ),
    );
    if (blockedId) {
      out.push(
        halo(textIn(story.country(blockedId).name, locale), px - 12, py - 14, "end", 16, true),
      );
    }
  }
  (data.map?.neighbours ?? []).forEach((nb, i) => {
    const [x, y] = g.neighbours[i]?.label ?? [0, 0];
    out.push(
      halo(textIn(nb.name, locale), x + 34, y + 2, "start", 15, false, MAP_COLOURS.neighbour),
    );
  });
  out.push(
    `<text x="28" y="46" ${FONT} font-size="30" font-weight="bold" fill="${MAP_COLOURS.text}">${xml(m.membersTitle(data.countries.length, acronym))}</text>`,
    `<text x="28" y="76" ${FONT} font-size="17" fill="${MAP_COLOURS.muted}">${xml(textIn(data.headline, locale))}</text>`,
    legend(story, locale, blockedId),
    insets(story, locale, g),
  );
  // Foot: the source, then the border convention.
  const footLines = [
    ...wrap(sourceLine(story, locale), "sans", 13.5, width - 56),
    ...wrap(im.borders, "sans", 13.5, width - 56),
  ];
  out.push(
    textLines(
      footLines,
      28,
      MAP_BOX.y1 + 24,
      19,
      `${FONT} font-size="13.5" fill="${MAP_COLOURS.muted}"`,
    ),
    "</svg>",
  );
  return out.join("\n");
}

function halo(
  text: string,
  x: number,
  y: number,
  anchor: "start" | "end" | "middle",
  size: number,
  bold: boolean,
  fill: string = MAP_COLOURS.text,
): string {
  return `<text x="${n(x)}" y="${n(y)}" ${FONT} font-size="${size}"${bold ? ' font-weight="bold"' : ""} fill="${fill}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke" text-anchor="${anchor}">${xml(text)}</text>`;
}

/** The legend, bottom left: one swatch per kind of mark, every line from the story. */
function legend(story: Story, locale: Locale, blockedId: string | null): string {
  const data = story.data;
  const im = imageMessages[locale];
  const acronym = textIn(data.event.organisation.acronym, locale);
  const size = 15;
  const lineHeight = 20;
  const textWidth = 390;
  type Item = { swatch: string; lines: string[] };
  const items: Item[] = [];
  const swatch = (fill: string, stroke: string, dash = "") =>
    `<rect x="0" y="-13" width="26" height="17" fill="${fill}" stroke="${stroke}" stroke-width="${stroke === "none" ? 0 : 2.5}"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`;
  items.push({
    swatch: swatch(MAP_COLOURS.member, "none"),
    lines: wrap(im.legendMembers(acronym), "sans", size, textWidth),
  });
  if (blockedId) {
    items.push({
      swatch: swatch(MAP_COLOURS.member, MAP_COLOURS.blocked),
      lines: wrap(
        im.legendBlocked(textIn(story.country(blockedId).name, locale)),
        "sans",
        size,
        textWidth,
      ),
    });
  }
  for (const neighbour of data.map?.neighbours ?? []) {
    items.push({
      swatch: swatch(MAP_COLOURS.land, MAP_COLOURS.neighbour, "5 3"),
      lines: wrap(
        `${textIn(neighbour.name, locale)} — ${textIn(neighbour.note, locale)}`,
        "sans",
        size,
        textWidth,
      ),
    });
  }
  if (data.map?.venue) {
    items.push({
      swatch: `<circle cx="13" cy="-4.5" r="7" fill="${MAP_COLOURS.pin}" stroke="#ffffff" stroke-width="2"/>`,
      lines: wrap(
        im.legendVenue(
          acronym,
          textIn(data.event.place.city, locale),
          partialDate(data.event.date, locale),
        ),
        "sans",
        size,
        textWidth,
      ),
    });
  }
  const inner = Math.max(...items.map((i) => widest(i.lines, "sans", size)));
  const boxWidth = 16 + 26 + 12 + inner + 16;
  const boxHeight = 16 + items.reduce((h, i) => h + i.lines.length * lineHeight + 8, 0) + 4;
  const x0 = MAP_BOX.x0 + 16;
  const y0 = MAP_BOX.y1 - 16 - boxHeight;
  const out = [
    `<g transform="translate(${n(x0)} ${n(y0)})">`,
    `<rect width="${n(boxWidth)}" height="${n(boxHeight)}" rx="6" fill="#ffffff" fill-opacity="0.93" stroke="#c9ccd3"/>`,
  ];
  let y = 16 + 14;
  for (const item of items) {
    out.push(
      `<g transform="translate(16 ${n(y)})">${item.swatch}</g>`,
      textLines(
        item.lines,
        16 + 26 + 12,
        y,
        lineHeight,
        `${FONT} font-size="${size}" fill="${MAP_COLOURS.text}"`,
      ),
    );
    y += item.lines.length * lineHeight + 8;
  }
  out.push("</g>");
  return out.join("");
}

/**
 * Far places (Bali): an inset each, bottom right. No distance is printed: the article gives
 * none, and a number we computed would read as one of its facts.
 */
function insets(story: Story, locale: Locale, g: MapGeometry): string {
  const data = story.data;
  const out: string[] = [];
  let right = MAP_BOX.x1 - 16;
  for (const place of [...(data.map?.places ?? [])].reverse()) {
    const geo = g.insets.get(place.id);
    if (!geo) continue;
    const lines = wrap(textIn(place.note, locale), "sans", 14, INSET.width - 24);
    const top = 12 + 20 + lines.length * 18 + 8;
    const boxHeight = top + INSET.mapHeight + 12;
    const x0 = right - INSET.width;
    const y0 = MAP_BOX.y1 - 16 - boxHeight;
    const [px, py] = geo.pin;
    out.push(
      `<g transform="translate(${n(x0)} ${n(y0)})">`,
      `<rect width="${INSET.width}" height="${n(boxHeight)}" rx="6" fill="#ffffff" fill-opacity="0.95" stroke="#c9ccd3"/>`,
      `<text x="12" y="30" ${FONT} font-size="17" font-weight="bold" fill="${MAP_COLOURS.text}">${xml(textIn(place.name, locale))}</text>`,
      textLines(lines, 12, 52, 18, `${FONT} font-size="14" fill="${MAP_COLOURS.text}"`),
      `<g transform="translate(0 ${n(top)})">`,
      `<rect x="12" width="${INSET.width - 24}" height="${INSET.mapHeight}" fill="${MAP_COLOURS.sea}"/>`,
      `<g fill="${MAP_COLOURS.land}" stroke="#b9b3a6" stroke-width="0.6">${geo.land}</g>`,
      `<circle cx="${n(px)}" cy="${n(py)}" r="6" fill="${MAP_COLOURS.pin}" stroke="#ffffff" stroke-width="2"/>`,
      "</g></g>",
    );
    right = x0 - 12;
  }
  return out.join("");
}
