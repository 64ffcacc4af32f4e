import { describe, expect, it } from "vitest";
import { StoryLibrary } from "../../src/core/library.ts";
import { DATA_DIR } from "../support/paths.ts";

const story = StoryLibrary.fromDir(DATA_DIR).default;

/** What a lookup resolved to, as "<kind>:<person id>". */
function resolve(query: string): string {
  const r = story.lookupSpeaker(query);
  if (r.kind === "quoted" || r.kind === "unquoted") return `${r.kind}:${r.person.id}`;
  if (r.kind === "nobody-from") return `nobody-from:${r.country.id}`;
  if (r.kind === "ambiguous") return `ambiguous:${r.candidates.map((c) => c.id).join("+")}`;
  return r.kind;
}

describe("speaker lookup", () => {
  it.each([
    // French, English, Belarusian and German romanizations, Cyrillic, case and accents.
    ["Loukachenko", "lukashenko"],
    ["loukachenko", "lukashenko"],
    ["LOUKACHENKO", "lukashenko"],
    ["Lukashenko", "lukashenko"],
    ["Lukashenka", "lukashenko"],
    ["Lukaschenko", "lukashenko"],
    ["Лукашенко", "lukashenko"],
    ["лукашенко", "lukashenko"],
    ["Лукашэнка", "lukashenko"],
    ["Alexandre Loukachenko", "lukashenko"],
    ["Alexander Lukashenko", "lukashenko"],
    ["président Loukachenko", "lukashenko"],
    ["Tokaïev", "tokayev"],
    ["Tokayev", "tokayev"],
    ["Tokaiev", "tokayev"],
    ["tokaev", "tokayev"],
    ["Токаев", "tokayev"],
    ["Kassym-Jomart Tokaïev", "tokayev"],
    ["kassym jomart", "tokayev"],
    // Typos.
    ["Loukashenko", "lukashenko"],
    ["Lukachenko", "lukashenko"],
    ["Loukachnko", "lukashenko"],
    ["Lukahsenko", "lukashenko"],
    ["Tokaïv", "tokayev"],
    ["Tokyaev", "tokayev"],
    // A country or its adjective finds its speaker.
    ["Kazakhstan", "tokayev"],
    ["kazakh", "tokayev"],
    ["Казахстан", "tokayev"],
    ["казахстан", "tokayev"],
    ["Беларусь", "lukashenko"],
    ["Белоруссия", "lukashenko"],
    ["белорусский", "lukashenko"],
    ["Александр Лукашенко", "lukashenko"],
    ["Касым-Жомарт Токаев", "tokayev"],
    ["Biélorussie", "lukashenko"],
    ["Belarus", "lukashenko"],
  ])("GIVEN %s THEN it finds %s and their quote", (query, id) => {
    expect(resolve(query)).toBe(`quoted:${id}`);
  });

  it.each(["Poutine", "Putin", "Путин", "poutine", "Vladimir Poutine", "Russie", "Россия"])(
    "GIVEN %s (named, never quoted) THEN the lookup says so",
    (query) => {
      expect(resolve(query)).toBe("unquoted:putin");
    },
  );

  it.each([
    ["Arménie", "am"],
    ["Armenia", "am"],
    ["Kyrgyzstan", "kg"],
    ["Таджикистан", "tj"],
    ["Кыргызстан", "kg"],
    ["Киргизия", "kg"],
    ["Армения", "am"],
  ])(
    "GIVEN the member state %s, with nobody quoted THEN the lookup names the country",
    (query, id) => {
      expect(resolve(query)).toBe(`nobody-from:${id}`);
    },
  );

  it("GIVEN a typo THEN the match is marked unsure so the reply can say “did you mean”", () => {
    const r = story.lookupSpeaker("Loukashenko");
    expect(r.kind === "quoted" && r.sure).toBe(false);
    const exact = story.lookupSpeaker("Loukachenko");
    expect(exact.kind === "quoted" && exact.sure).toBe(true);
  });

  it.each([
    "xyzzy",
    "Macron",
    "<b>x</b>",
    "@everyone",
    "**bold**",
    "12345",
    "a".repeat(10_000),
    "\u0000\u0001",
  ])("GIVEN nonsense %# THEN the lookup answers unknown without throwing", (query) => {
    expect(resolve(query)).toBe("unknown");
  });

  it.each(["", "   ", undefined])(
    "GIVEN an empty query %# THEN the lookup answers empty",
    (query) => {
      expect(resolve(query as string)).toBe("empty");
    },
  );
});

describe("speaker completion", () => {
  it.each([
    ["lou", "lukashenko"],
    ["luk", "lukashenko"],
    ["лук", "lukashenko"],
    ["louk", "lukashenko"],
    ["tok", "tokayev"],
    ["kaz", "tokayev"],
  ])("GIVEN the partial input %s THEN %s is offered first", (partial, id) => {
    expect(story.completeSpeaker(partial)[0]?.id).toBe(id);
  });

  it("GIVEN nothing typed THEN every quoted speaker is offered, in article order", () => {
    expect(story.completeSpeaker("").map((p) => p.id)).toEqual(["tokayev", "lukashenko"]);
  });

  it("GIVEN a person who is never quoted THEN completion does not offer them", () => {
    expect(story.completeSpeaker("pou")).toEqual([]);
  });

  it("GIVEN a limit THEN completion never returns more", () => {
    expect(story.completeSpeaker("", 1)).toHaveLength(1);
  });
});
