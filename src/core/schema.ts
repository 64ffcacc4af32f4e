import * as v from "valibot";
import { FALLBACK_LANGUAGES } from "./locale.ts";
import { expecting, INVALID_KEY, record, strictObject } from "./validation.ts";

/**
 * The shape of a story file in `data/`. Every field is validated at load; cross-references
 * (a quote's speaker, a person's country) are checked by `load.ts`. Run it with `VALIDATION`
 * (validation.ts), which words the problems whose rule gives no message.
 */
const text = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"));
const LANGUAGE = /^[a-z]{2}$/;
/** An ISO 639-1 language code: "fr", "en", "ru"… */
const language = v.pipe(
  v.string(),
  v.regex(LANGUAGE, "must be an ISO 639-1 language code (two lowercase letters)"),
);
/** The same, as the key of a text by language. */
const languageKey = v.pipe(v.string(), v.regex(LANGUAGE, INVALID_KEY));
const hasFallback = (value: object) => FALLBACK_LANGUAGES.some((l) => Object.hasOwn(value, l));
const FALLBACK_MESSAGE = `needs a text in ${FALLBACK_LANGUAGES.join(" or ")} (what a reader of a missing language gets)`;
/**
 * A text in any set of languages, keyed by language code. English or French must be there:
 * a reader whose language is missing gets that instead, with a note.
 */
const localizedBy = <T extends v.GenericSchema>(value: T) =>
  v.pipe(
    record(languageKey, value),
    v.check((texts) => hasFallback(texts), FALLBACK_MESSAGE),
  );
const localized = localizedBy(text);
const localizedList = localizedBy(v.pipe(v.array(text), v.minLength(1)));
const id = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9-]{2,40}$/, "must be 2–40 lowercase letters, digits or dashes"),
);
const countryCode = v.pipe(
  v.string(),
  v.regex(/^[a-z]{2}$/, "must be an ISO 3166 alpha-2 code in lowercase"),
);
/** A calendar day that exists (`2022-02-30` does not). */
function isCalendarDay(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}
const isoDate = v.pipe(
  v.string(),
  v.isoDate("Invalid ISO date"),
  v.check(isCalendarDay, "Invalid ISO date"),
);

/** A short summary must fit a phone screen. */
export const SHORT_SUMMARY_MAX = 600;

export const countrySchema = strictObject({
  id: countryCode,
  flag: v.pipe(v.string(), v.regex(/^\p{Regional_Indicator}{2}$/u, "must be a flag emoji")),
  name: localized,
  aliases: v.optional(v.array(text), () => []),
  role: localized,
});

export const personSchema = strictObject({
  id,
  name: localized,
  office: localized,
  country: v.string(),
  aliases: v.pipe(v.array(text), v.minLength(1)),
});

export const quoteSchema = strictObject({
  id,
  speaker: v.string(),
  /** The language the article prints the quote in; `text` is verbatim in it. */
  lang: language,
  text,
  /** Our translations, by language; labelled as ours wherever they are shown. */
  translation: record(languageKey, text),
  /** Where the quote stands: the part of the article (its subheading, verbatim) and the paragraph within that part. */
  location: strictObject({
    paragraph: v.pipe(v.number(), v.finite(), v.safeInteger(), v.gtValue(0)),
    section: text,
  }),
  setting: localized,
});

const degrees = (limit: number) =>
  v.pipe(v.number(), v.finite(), v.minValue(-limit), v.maxValue(limit));
const longitude = degrees(180);
const latitude = degrees(90);

/** What the map of the story shows besides the member states (optional: a story may have no map). */
export const mapSchema = strictObject({
  /** Where the event took place, pinned on the map. */
  venue: strictObject({ lon: longitude, lat: latitude }),
  /** The part of the world the map shows: west, south, east, north (degrees). */
  frame: v.optional(
    v.pipe(
      // The length is checked before the items, as it always was.
      v.array(v.unknown(), expecting("tuple")),
      v.minLength(4),
      v.maxLength(4),
      v.strictTuple([longitude, latitude, longitude, latitude]),
    ),
  ),
  /** Countries the story names that are not members, outlined on the map. */
  neighbours: v.optional(
    v.array(strictObject({ id: countryCode, name: localized, note: localized })),
    () => [],
  ),
  /** Places the story names far from the region, shown in an inset. */
  places: v.optional(
    v.array(strictObject({ id, name: localized, lon: longitude, lat: latitude, note: localized })),
    () => [],
  ),
});

export const storySchema = strictObject({
  schemaVersion: v.literal(1),
  id,
  headline: localized,
  summary: strictObject({
    short: localizedBy(v.pipe(text, v.maxLength(SHORT_SUMMARY_MAX))),
    long: localized,
  }),
  event: strictObject({
    organisation: strictObject({ name: localized, acronym: localized }),
    place: strictObject({ city: localized, country: v.string() }),
    date: isoDate,
    happenings: localizedList,
  }),
  context: localizedList,
  countries: v.pipe(v.array(countrySchema), v.minLength(1)),
  people: v.pipe(v.array(personSchema), v.minLength(1)),
  quotes: v.pipe(v.array(quoteSchema), v.minLength(1)),
  outcome: strictObject({
    finalDocumentAdopted: v.boolean(),
    blockedBy: v.nullable(v.string()),
    summary: localized,
    reading: localized,
  }),
  source: strictObject({
    /** The article's title; null when the text we have has none (a subheading is not a title). */
    title: v.nullable(text),
    language,
    published: v.pipe(
      v.string(),
      v.regex(/^\d{4}-\d{2}(-\d{2})?$/, "must be YYYY-MM or YYYY-MM-DD"),
    ),
    publisher: v.nullable(text),
    file: text,
    note: localized,
  }),
  map: v.optional(mapSchema),
});

export type StoryData = v.InferOutput<typeof storySchema>;
export type Country = v.InferOutput<typeof countrySchema>;
export type Person = v.InferOutput<typeof personSchema>;
export type Quote = v.InferOutput<typeof quoteSchema>;
export type StoryMap = v.InferOutput<typeof mapSchema>;
