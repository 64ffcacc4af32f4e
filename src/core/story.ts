import type { LoadedStory } from "./load.ts";
import type { Country, Person, Quote, StoryData } from "./schema.ts";
import { NameIndex, type SearchHit } from "./speakers.ts";

/** What a speaker lookup found, from the reader's point of view. */
export type SpeakerLookup =
  | {
      readonly kind: "quoted";
      readonly person: Person;
      readonly quotes: readonly Quote[];
      readonly hit: SearchHit<Person>;
      readonly sure: boolean;
    }
  | { readonly kind: "unquoted"; readonly person: Person; readonly hit: SearchHit<Person> }
  | { readonly kind: "ambiguous"; readonly candidates: readonly Person[] }
  /** A member state is named, but nobody from it is quoted (e.g. "Armenia"). */
  | { readonly kind: "nobody-from"; readonly country: Country }
  | { readonly kind: "unknown"; readonly query: string }
  | { readonly kind: "empty" };

/**
 * One story with everything indexed at construction: people, countries and quotes by id,
 * quotes by speaker, and a name index over every spelling of every person and country.
 */
export class Story {
  readonly id: string;
  readonly data: StoryData;
  readonly file: string;
  readonly #people = new Map<string, Person>();
  readonly #countries = new Map<string, Country>();
  readonly #quotesBySpeaker = new Map<string, Quote[]>();
  readonly #quotesById = new Map<string, Quote>();
  readonly speakerIndex: NameIndex<Person>;
  readonly #countryIndex: NameIndex<Country>;
  /** Answers already found, by query: readers ask for the same few names again and again. */
  readonly #lookups = new Map<string, SpeakerLookup>();
  /** People with at least one quote, in the order the article quotes them. */
  readonly quotedPeople: readonly Person[];

  constructor(loaded: LoadedStory) {
    this.file = loaded.file;
    this.data = loaded.data;
    this.id = loaded.data.id;
    for (const p of this.data.people) this.#people.set(p.id, p);
    for (const c of this.data.countries) this.#countries.set(c.id, c);
    for (const q of this.data.quotes) {
      this.#quotesById.set(q.id, q);
      const list = this.#quotesBySpeaker.get(q.speaker) ?? [];
      list.push(q);
      this.#quotesBySpeaker.set(q.speaker, list);
    }
    this.quotedPeople = [...this.#quotesBySpeaker.keys()].map((id) => this.person(id));
    this.speakerIndex = new NameIndex(
      this.data.people.map((p) => {
        const country = this.country(p.country);
        return {
          value: p,
          names: [p.id, ...Object.values(p.name), ...p.aliases],
          related: [...Object.values(country.name), ...country.aliases],
        };
      }),
    );
    this.#countryIndex = new NameIndex(
      this.data.countries.map((c) => ({
        value: c,
        names: [...Object.values(c.name), ...c.aliases],
      })),
    );
  }

  person(id: string): Person {
    const p = this.#people.get(id);
    if (!p) throw new Error(`no person "${id}" in story ${this.id}`);
    return p;
  }

  country(id: string): Country {
    const c = this.#countries.get(id);
    if (!c) throw new Error(`no country "${id}" in story ${this.id}`);
    return c;
  }

  quotesBy(personId: string): readonly Quote[] {
    return this.#quotesBySpeaker.get(personId) ?? [];
  }

  quote(id: string): Quote | undefined {
    return this.#quotesById.get(id);
  }

  /**
   * Finds a speaker in any spelling and says what the reader should be told.
   *
   * @example story.lookupSpeaker("Лукашенко").kind // "quoted"
   * @example story.lookupSpeaker("Poutine").kind // "unquoted"
   */
  lookupSpeaker(query: string | undefined): SpeakerLookup {
    if (!query?.trim()) return { kind: "empty" };
    let found = this.#lookups.get(query);
    if (!found) {
      found = this.#lookup(query);
      // Keyed by user text: bounded, so that a flood of distinct queries cannot grow it.
      if (this.#lookups.size >= 1_000) this.#lookups.clear();
      this.#lookups.set(query, found);
    }
    return found;
  }

  #lookup(text: string): SpeakerLookup {
    const query = this.#flagToCountry(text);
    const hits = this.speakerIndex.search(query, 5);
    const [top, second] = hits;
    if (!top) {
      const country = this.#countryIndex.search(query, 1)[0];
      return country && country.kind !== "fuzzy"
        ? { kind: "nobody-from", country: country.value }
        : { kind: "unknown", query };
    }
    // Two people matching equally well (e.g. "Vlad…" or a shared first name) need a choice.
    if (
      top.kind !== "exact" &&
      second &&
      second.kind === top.kind &&
      second.score >= top.score * 0.95
    ) {
      return {
        kind: "ambiguous",
        candidates: hits.filter((h) => h.kind === top.kind).map((h) => h.value),
      };
    }
    const quotes = this.quotesBy(top.value.id);
    if (quotes.length === 0) return { kind: "unquoted", person: top.value, hit: top };
    return { kind: "quoted", person: top.value, quotes, hit: top, sure: top.kind !== "fuzzy" };
  }

  /** A flag emoji as `/members` shows it (🇰🇿) stands for its country's name. */
  #flagToCountry(query: string): string {
    const flag = query.trim();
    const country = this.data.countries.find((c) => c.flag === flag);
    return country ? (Object.values(country.name)[0] ?? query) : query;
  }

  /** Speakers for an autocomplete box: quoted people matching the partial input, best first. */
  completeSpeaker(partial: string, limit = 25): Person[] {
    if (!partial.trim()) return [...this.quotedPeople].slice(0, limit);
    return this.speakerIndex
      .search(partial, limit)
      .map((h) => h.value)
      .filter((p) => this.quotesBy(p.id).length > 0);
  }
}
