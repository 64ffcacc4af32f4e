import { distance } from "fastest-levenshtein";
import { normalizeName, phoneticKey } from "./normalize.ts";

/** Something a reader may be looking for, with every spelling that should find it. */
export interface SearchEntry<T> {
  readonly value: T;
  /** Full names and aliases: an exact hit on one of these is a sure match. */
  readonly names: readonly string[];
  /** Weaker keys (a country, an adjective): a hit is a match, ranked after names. */
  readonly related?: readonly string[];
}

export type MatchKind = "exact" | "prefix" | "related" | "fuzzy";

export interface SearchHit<T> {
  readonly value: T;
  readonly kind: MatchKind;
  /** 0..1, higher is better. */
  readonly score: number;
  /** The spelling that matched, as written in the data. */
  readonly matched: string;
}

interface Key<T> {
  readonly entry: number;
  readonly value: T;
  readonly label: string;
  readonly weight: number;
  readonly key: string;
  readonly phonetic: string;
}

const KIND_RANK: Record<MatchKind, number> = { exact: 3, related: 2, prefix: 1, fuzzy: 0 };

/** Shortest prefix that counts as a prefix match ("lo" is too vague, "lou" is not). */
const MIN_PREFIX = 2;

/** How many edits a typo may have, by the length of the word. */
function maxEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 7) return 1;
  if (length < 11) return 2;
  return 3;
}

/**
 * An index over names in any script and spelling. Exact and prefix lookups are map reads
 * built at construction; only a miss falls back to an edit-distance pass over the (few
 * dozen) keys.
 *
 * @example
 * const index = new NameIndex([{ value: "lukashenko", names: ["Loukachenko", "Лукашенко"] }]);
 * index.search("лукашенко")[0]?.kind // "exact"
 */
export class NameIndex<T> {
  readonly #keys: Key<T>[] = [];
  readonly #exact = new Map<string, Key<T>[]>();
  readonly #phonetic = new Map<string, Key<T>[]>();
  readonly #prefix = new Map<string, Key<T>[]>();

  constructor(entries: readonly SearchEntry<T>[]) {
    entries.forEach((entry, i) => {
      const add = (label: string, weight: number) => {
        const key = normalizeName(label);
        if (!key) return;
        const words = key.split(" ");
        // The whole key, and each word of a multi-word name ("alexandre loukachenko" → "loukachenko").
        for (const k of new Set([
          key,
          ...(words.length > 1 ? words.filter((w) => w.length > 2) : []),
        ])) {
          const item: Key<T> = {
            entry: i,
            value: entry.value,
            label,
            weight: k === key ? weight : weight * 0.98,
            key: k,
            phonetic: phoneticKey(k),
          };
          this.#keys.push(item);
          push(this.#exact, k, item);
          push(this.#phonetic, item.phonetic, item);
          for (let n = MIN_PREFIX; n < k.length; n++) push(this.#prefix, k.slice(0, n), item);
        }
      };
      for (const name of entry.names) add(name, 1);
      for (const name of entry.related ?? []) add(name, 0.9);
    });
  }

  /**
   * Ranked matches for a query, best first, one per entry. Empty for a blank query or no match.
   */
  search(query: string, limit = 25): SearchHit<T>[] {
    const q = normalizeName(query);
    if (!q) return [];
    const best = new Map<number, SearchHit<T>>();
    const offer = (key: Key<T>, kind: MatchKind, score: number) => {
      const hit: SearchHit<T> = {
        value: key.value,
        kind: key.weight < 1 && kind === "exact" ? "related" : kind,
        score: score * key.weight,
        matched: key.label,
      };
      const current = best.get(key.entry);
      if (!current || compare(hit, current) < 0) best.set(key.entry, hit);
    };
    for (const key of this.#exact.get(q) ?? []) offer(key, "exact", 1);
    const p = phoneticKey(q);
    for (const key of this.#phonetic.get(p) ?? []) offer(key, "fuzzy", 0.95);
    for (const key of this.#prefix.get(q) ?? []) offer(key, "prefix", q.length / key.key.length);
    if (best.size === 0) this.#fuzzy(q, p, offer);
    // A multi-word query ("président loukachenko") is also tried word by word.
    if (best.size === 0 && q.includes(" ")) {
      for (const word of q.split(" ")) {
        if (word.length < 3) continue;
        for (const hit of this.search(word, limit)) {
          const entry = this.#keys.find((k) => k.value === hit.value)?.entry;
          if (entry !== undefined && !best.has(entry))
            best.set(entry, { ...hit, score: hit.score * 0.9 });
        }
      }
    }
    return [...best.values()].sort(compare).slice(0, limit);
  }

  #fuzzy(q: string, p: string, offer: (key: Key<T>, kind: MatchKind, score: number) => void) {
    const budget = maxEdits(q.length);
    if (budget === 0) return;
    for (const key of this.#keys) {
      if (Math.abs(key.key.length - q.length) > budget) continue;
      const d = Math.min(distance(q, key.key), distance(p, key.phonetic));
      if (d <= budget) offer(key, "fuzzy", 0.9 * (1 - d / Math.max(q.length, key.key.length)));
    }
  }
}

function compare<T>(a: SearchHit<T>, b: SearchHit<T>): number {
  return KIND_RANK[b.kind] - KIND_RANK[a.kind] || b.score - a.score;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
