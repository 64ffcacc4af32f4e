import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoContains } from "d3-geo";
import type { Feature, Geometry } from "geojson";
import { feature, merge } from "topojson-client";
import type { MultiPolygon, Polygon, Topology } from "topojson-specification";

/**
 * Country shapes for the maps: Natural Earth 1:50m from the `world-atlas` package, read from
 * node_modules (nothing fetched).
 *
 * Borders are editorial. Natural Earth's de facto polygons put Crimea inside Russia; this story
 * is about a war in Ukraine, so the maps show the internationally recognised borders: the part
 * of Russia's multipolygon that holds Simferopol and Sevastopol is moved to Ukraine and merged
 * with it (the shared border at Perekop disappears). If a future atlas changes so that this can
 * no longer be done, loading throws rather than drawing the wrong border.
 */

/** ISO 3166 alpha-2 → numeric, the ids world-atlas uses, for the countries our stories name. */
export const ISO_NUMERIC: ReadonlyMap<string, string> = new Map([
  ["am", "051"],
  ["az", "031"],
  ["by", "112"],
  ["ge", "268"],
  ["id", "360"],
  ["ir", "364"],
  ["kg", "417"],
  ["kz", "398"],
  ["ru", "643"],
  ["tj", "762"],
  ["tm", "795"],
  ["tr", "792"],
  ["ua", "804"],
  ["uz", "860"],
]);

/** Points in Crimea used to find it and, in tests, to check the map: [longitude, latitude]. */
export const CRIMEA: {
  readonly simferopol: [number, number];
  readonly sevastopol: [number, number];
} = { simferopol: [34.1, 44.95], sevastopol: [33.52, 44.6] };

export type CountryFeature = Feature<Geometry, { name: string }>;

interface Atlas {
  /** Every country by ISO numeric id, Crimea in Ukraine. */
  readonly countries: ReadonlyMap<string, CountryFeature>;
}

type Countries = { type: "GeometryCollection"; geometries: (Polygon | MultiPolygon)[] };
type WorldTopology = Topology<{ countries: Countries }>;

function load(): Atlas {
  const file = createRequire(import.meta.url).resolve("world-atlas/countries-50m.json");
  const topology = JSON.parse(readFileSync(file, "utf8")) as WorldTopology;
  const geometries = topology.objects.countries.geometries;
  const byId = (id: string) => {
    const g = geometries.find((x) => x.id === id);
    if (!g) throw new Error(`world-atlas has no country ${id}`);
    return g;
  };
  const russia = byId("643");
  const ukraine = byId("804");
  if (russia.type !== "MultiPolygon") throw new Error("world-atlas: Russia is not a multipolygon");
  const inCrimea = (arcs: number[][]) => {
    const f = feature(topology, { type: "Polygon", arcs }) as Feature;
    return geoContains(f, CRIMEA.simferopol) && geoContains(f, CRIMEA.sevastopol);
  };
  const crimea = russia.arcs.filter(inCrimea);
  if (crimea.length !== 1) {
    throw new Error(
      `world-atlas: expected Crimea as one polygon of Russia, found ${crimea.length}`,
    );
  }
  const countries = new Map<string, CountryFeature>();
  for (const g of geometries) {
    if (g.id === undefined) continue;
    const name = (g.properties as { name?: string } | undefined)?.name ?? String(g.id);
    countries.set(String(g.id), {
      ...(feature(topology, g) as CountryFeature),
      properties: { name },
    });
  }
  const russiaWithoutCrimea: MultiPolygon = {
    type: "MultiPolygon",
    arcs: russia.arcs.filter((p) => !inCrimea(p)),
  };
  countries.set("643", {
    ...(feature(topology, russiaWithoutCrimea) as Feature),
    id: "643",
    properties: { name: "Russia" },
  } as CountryFeature);
  const crimeaPolygon: Polygon = { type: "Polygon", arcs: crimea[0] as number[][] };
  countries.set("804", {
    type: "Feature",
    id: "804",
    properties: { name: "Ukraine" },
    geometry: merge(topology, [ukraine, crimeaPolygon]),
  });
  return { countries };
}

let atlas: Atlas | undefined;

/** The atlas, loaded once per process (about 50 ms). */
export function worldAtlas(): Atlas {
  atlas ??= load();
  return atlas;
}

/** The shape of a country by its ISO alpha-2 code, or undefined if we have no mapping for it. */
export function countryShape(alpha2: string): CountryFeature | undefined {
  const numeric = ISO_NUMERIC.get(alpha2);
  return numeric === undefined ? undefined : worldAtlas().countries.get(numeric);
}

const boxes = new WeakMap<CountryFeature, readonly [number, number, number, number]>();

/**
 * A country's extent in plain longitude and latitude, [west, south, east, north]: cheap, and
 * conservative for shapes that cross the antimeridian (they span the whole world).
 */
export function roughBounds(country: CountryFeature): readonly [number, number, number, number] {
  let box = boxes.get(country);
  if (!box) {
    let [w, s, e, n] = [180, 90, -180, -90];
    const visit = (value: unknown): void => {
      if (!Array.isArray(value)) return;
      if (typeof value[0] === "number") {
        const [x, y] = value as [number, number];
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      } else for (const v of value) visit(v);
    };
    const g = country.geometry;
    if (g.type !== "GeometryCollection") visit(g.coordinates);
    box = [w, s, e, n];
    boxes.set(country, box);
  }
  return box;
}

/** The countries whose rough bounds meet a [west, south, east, north] window. */
export function countriesWithin(
  window: readonly [number, number, number, number],
): CountryFeature[] {
  const [w, s, e, n] = window;
  return [...worldAtlas().countries.values()].filter((c) => {
    const [a, b, c2, d] = roughBounds(c);
    return !(c2 < w || a > e || d < s || b > n);
  });
}
