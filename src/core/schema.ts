import { z } from "zod";
import { FALLBACK_LANGUAGES } from "./locale.ts";

// Stories are validated at start and on a reload, never per request: zod's JIT (a compiled
// parser per object schema, built with `new Function`) costs more than it saves for one pass.
z.config({ jitless: true });

/**
 * The shape of a story file in `data/`. Every field is validated at load; cross-references
 * (a quote's speaker, a person's country) are checked by `load.ts`.
 */
const text = z.string().trim().min(1, "must not be empty");
/** An ISO 639-1 language code: "fr", "en", "ru"… */
const language = z
  .string()
  .regex(/^[a-z]{2}$/, "must be an ISO 639-1 language code (two lowercase letters)");
const hasFallback = (value: Record<string, unknown>) =>
  FALLBACK_LANGUAGES.some((l) => Object.hasOwn(value, l));
const FALLBACK_MESSAGE = `needs a text in ${FALLBACK_LANGUAGES.join(" or ")} (what a reader of a missing language gets)`;
/**
 * A text in any set of languages, keyed by language code. English or French must be there:
 * a reader whose language is missing gets that instead, with a note.
 */
const localized = z.record(language, text).refine(hasFallback, FALLBACK_MESSAGE);
const localizedList = z
  .record(language, z.array(text).min(1))
  .refine(hasFallback, FALLBACK_MESSAGE);
const id = z
  .string()
  .regex(/^[a-z0-9-]{2,40}$/, "must be 2–40 lowercase letters, digits or dashes");

/** A short summary must fit a phone screen. */
export const SHORT_SUMMARY_MAX = 600;

export const countrySchema = z
  .object({
    id: z.string().regex(/^[a-z]{2}$/, "must be an ISO 3166 alpha-2 code in lowercase"),
    flag: z.string().regex(/^\p{Regional_Indicator}{2}$/u, "must be a flag emoji"),
    name: localized,
    aliases: z.array(text).default([]),
    role: localized,
  })
  .strict();

export const personSchema = z
  .object({
    id,
    name: localized,
    office: localized,
    country: z.string(),
    aliases: z.array(text).min(1),
  })
  .strict();

export const quoteSchema = z
  .object({
    id,
    speaker: z.string(),
    /** The language the article prints the quote in; `text` is verbatim in it. */
    lang: language,
    text,
    /** Our translations, by language; labelled as ours wherever they are shown. */
    translation: z.record(language, text),
    /** Where the quote stands: the part of the article (its subheading, verbatim) and the paragraph within that part. */
    location: z.object({ paragraph: z.number().int().positive(), section: text }).strict(),
    setting: localized,
  })
  .strict();

const longitude = z.number().min(-180).max(180);
const latitude = z.number().min(-90).max(90);

/** What the map of the story shows besides the member states (optional: a story may have no map). */
export const mapSchema = z
  .object({
    /** Where the event took place, pinned on the map. */
    venue: z.object({ lon: longitude, lat: latitude }).strict(),
    /** The part of the world the map shows: west, south, east, north (degrees). */
    frame: z.tuple([longitude, latitude, longitude, latitude]).optional(),
    /** Countries the story names that are not members, outlined on the map. */
    neighbours: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z]{2}$/, "must be an ISO 3166 alpha-2 code in lowercase"),
            name: localized,
            note: localized,
          })
          .strict(),
      )
      .default([]),
    /** Places the story names far from the region, shown in an inset. */
    places: z
      .array(
        z.object({ id, name: localized, lon: longitude, lat: latitude, note: localized }).strict(),
      )
      .default([]),
  })
  .strict();

export const storySchema = z
  .object({
    schemaVersion: z.literal(1),
    id,
    headline: localized,
    summary: z
      .object({
        short: z
          .record(language, text.max(SHORT_SUMMARY_MAX))
          .refine(hasFallback, FALLBACK_MESSAGE),
        long: localized,
      })
      .strict(),
    event: z
      .object({
        organisation: z.object({ name: localized, acronym: localized }).strict(),
        place: z.object({ city: localized, country: z.string() }).strict(),
        date: z.iso.date(),
        happenings: localizedList,
      })
      .strict(),
    context: localizedList,
    countries: z.array(countrySchema).min(1),
    people: z.array(personSchema).min(1),
    quotes: z.array(quoteSchema).min(1),
    outcome: z
      .object({
        finalDocumentAdopted: z.boolean(),
        blockedBy: z.string().nullable(),
        summary: localized,
        reading: localized,
      })
      .strict(),
    source: z
      .object({
        /** The article's title; null when the text we have has none (a subheading is not a title). */
        title: text.nullable(),
        language,
        published: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, "must be YYYY-MM or YYYY-MM-DD"),
        publisher: text.nullable(),
        file: text,
        note: localized,
      })
      .strict(),
    map: mapSchema.optional(),
  })
  .strict();

export type StoryData = z.infer<typeof storySchema>;
export type Country = z.infer<typeof countrySchema>;
export type Person = z.infer<typeof personSchema>;
export type Quote = z.infer<typeof quoteSchema>;
export type StoryMap = z.infer<typeof mapSchema>;
