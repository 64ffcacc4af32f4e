import { geoContains } from "d3-geo";
import { beforeAll, describe, expect, it } from "vitest";
import { sourceLine } from "../../src/core/answers.ts";
import { StoryLibrary } from "../../src/core/library.ts";
import type { Locale } from "../../src/core/locale.ts";
import { CRIMEA, countryShape } from "../../src/images/geodata.ts";
import { MAP_COLOURS, MAP_SIZE, mapProjection, mapSvg } from "../../src/images/map.ts";
import { ImageStore } from "../../src/images/store.ts";
import { xml } from "../../src/images/svg.ts";
import { DATA_DIR } from "../support/paths.ts";
import { type DecodedPng, decodePng, pixel } from "../support/png.ts";

const story = StoryLibrary.fromDir(DATA_DIR).default;
const projection = mapProjection(story);
const images = new ImageStore();
const maps = new Map<Locale, DecodedPng>();
const pngs = new Map<Locale, Buffer>();

beforeAll(async () => {
  for (const locale of ["fr", "en", "ru"] as const) {
    const image = await images.get(story, "map", locale);
    if (!image) throw new Error("no map");
    pngs.set(locale, image.png);
    maps.set(locale, decodePng(image.png));
  }
});

/** The map's colour at a place, [longitude, latitude]. */
function colourAt(locale: Locale, at: [number, number]): string {
  const image = maps.get(locale);
  const xy = projection(at);
  if (!image || !xy) throw new Error(`cannot place ${at}`);
  return pixel(image, xy[0], xy[1]);
}

// Capitals of the members, and for Armenia (whose capital carries the pin) a town in its north.
const MEMBER_PLACES: Record<string, [number, number]> = {
  ru: [37.62, 55.75], // Moscow
  by: [27.56, 53.9], // Minsk
  kz: [71.43, 51.13], // Astana
  kg: [74.6, 42.87], // Bishkek
  tj: [68.78, 38.56], // Dushanbe
  am: [44.5, 40.85], // Vanadzor, north of Yerevan
};
const NOT_MEMBERS: Record<string, [number, number]> = {
  "Simferopol (Crimea, Ukraine)": CRIMEA.simferopol,
  "Sevastopol (Crimea, Ukraine)": CRIMEA.sevastopol,
  "Kyiv (Ukraine)": [30.52, 50.45],
  "Kharkiv (Ukraine)": [36.23, 49.99],
  "Ankara (Turkey)": [32.85, 39.93],
  "Tehran (Iran)": [51.39, 35.69],
  "Baku (Azerbaijan)": [49.87, 40.41],
  "Tbilisi (Georgia)": [44.79, 41.72],
  "Tashkent (Uzbekistan)": [69.24, 41.3],
};

describe("the member map", () => {
  it.each(["fr", "en", "ru"] as const)(
    "GIVEN the map in %s THEN it is a valid PNG of the promised size, under 300 KB",
    (locale) => {
      const image = maps.get(locale);
      expect(image?.width).toBe(MAP_SIZE.width);
      expect(image?.height).toBe(MAP_SIZE.height);
      expect(pngs.get(locale)?.length).toBeLessThan(300 * 1024);
    },
  );

  it("GIVEN the story's member states THEN each is sampled at a place inside it", () => {
    expect(Object.keys(MEMBER_PLACES).sort()).toEqual(story.data.countries.map((c) => c.id).sort());
    for (const [id, at] of Object.entries(MEMBER_PLACES)) {
      const shape = countryShape(id);
      expect(shape && geoContains(shape, at), id).toBe(true);
    }
  });

  it.each(["fr", "en", "ru"] as const)(
    "GIVEN the map in %s THEN every member state is filled with the member colour",
    (locale) => {
      for (const [id, at] of Object.entries(MEMBER_PLACES)) {
        expect(colourAt(locale, at), id).toBe(MAP_COLOURS.member);
      }
    },
  );

  it.each(["fr", "en", "ru"] as const)(
    "GIVEN the map in %s THEN Crimea and the neighbours do not carry the member colour",
    (locale) => {
      for (const [name, at] of Object.entries(NOT_MEMBERS)) {
        expect(colourAt(locale, at), name).not.toBe(MAP_COLOURS.member);
      }
      // Crimea is plain land, like the rest of Ukraine.
      expect(colourAt(locale, CRIMEA.simferopol)).toBe(MAP_COLOURS.land);
      expect(colourAt(locale, CRIMEA.sevastopol)).toBe(MAP_COLOURS.land);
    },
  );

  it("GIVEN the atlas THEN Crimea lies in Ukraine's shape and not in Russia's", () => {
    const ukraine = countryShape("ua");
    const russia = countryShape("ru");
    if (!ukraine || !russia) throw new Error("no shapes");
    for (const at of [CRIMEA.simferopol, CRIMEA.sevastopol]) {
      expect(geoContains(ukraine, at)).toBe(true);
      expect(geoContains(russia, at)).toBe(false);
    }
    // Russia keeps the rest of its territory, Moscow and Kaliningrad included.
    expect(geoContains(russia, [37.62, 55.75])).toBe(true);
    expect(geoContains(russia, [20.5, 54.7])).toBe(true);
  });

  it.each(["fr", "en", "ru"] as const)(
    "GIVEN the map in %s THEN its text comes from the story: title, members, venue and date, neighbour, far place, source, border convention",
    (locale) => {
      const svg = mapSvg(story, locale);
      const data = story.data;
      for (const c of data.countries) expect(svg).toContain(c.name[locale]);
      expect(svg).toContain(data.event.place.city[locale]);
      expect(svg).toContain(data.event.organisation.acronym[locale]);
      for (const nb of data.map?.neighbours ?? []) expect(svg).toContain(nb.name[locale]);
      for (const p of data.map?.places ?? []) {
        expect(svg).toContain(p.name[locale]);
      }
      expect(svg).toContain(xml(sourceLine(story, locale)));
      expect(svg).toMatch(
        {
          fr: /Crimée figure dans l’Ukraine/,
          en: /Crimea is shown in Ukraine/,
          ru: /Крым показан в составе Украины/,
        }[locale],
      );
      expect(svg).toContain(
        { fr: "23 novembre 2022", en: "23 November 2022", ru: "23 ноября 2022" }[locale],
      );
    },
  );

  it.each(["fr", "en", "ru"] as const)(
    "GIVEN the map in %s THEN it states no figure the article does not give (no distance to Bali)",
    (locale) => {
      const text = [...mapSvg(story, locale).matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
        .map((m) => m[1])
        .join("\n");
      expect(text).not.toMatch(/\bkm\b|км/);
      // The only figures drawn are the summit's date and the article's publication date.
      for (const figure of text.match(/\d[\d\s,.\u00a0\u202f]*\d|\d/g) ?? []) {
        expect(["23", "2022", "6"]).toContain(figure.replace(/[^\d]/g, ""));
      }
    },
  );
});
