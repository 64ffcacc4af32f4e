import { createRequire } from "node:module";
import type * as Prom from "prom-client";

/**
 * Counts and observations kept in plain numbers on the serving path and added to their
 * prom-client metric when it is read (its `collect` hook: /metrics, `get()`), so that what
 * is read is exactly what was recorded. prom-client hashes and validates the labels on every
 * `inc` and `observe` (about 1.5 µs each, more with a cold cache: about 18 µs a command in a
 * CPU profile of the Telegram bot); here a command costs a few map look-ups.
 */

type Labels = Record<string, string>;

interface CountSlot {
  readonly labels: Labels;
  count: number;
}

class CountNode {
  readonly next = new Map<string, CountNode>();
  slot: CountSlot | undefined;
}

/**
 * Counts by label values (in `labelNames` order), added to a counter by `addTo`. The label
 * values must come from closed sets: each set of values keeps a slot for good.
 *
 * @example counts.add(["telegram", "quote", "ok"]); counts.addTo(counter) // in collect()
 */
export class PendingCounts {
  readonly #labelNames: readonly string[];
  readonly #root = new CountNode();
  readonly #slots: CountSlot[] = [];

  constructor(labelNames: readonly string[]) {
    this.#labelNames = labelNames;
  }

  add(values: readonly string[]): void {
    let node = this.#root;
    for (const value of values) {
      let next = node.next.get(value);
      if (next === undefined) {
        next = new CountNode();
        node.next.set(value, next);
      }
      node = next;
    }
    if (node.slot === undefined) {
      const labels: Labels = {};
      this.#labelNames.forEach((name, i) => {
        labels[name] = values[i] ?? "";
      });
      node.slot = { labels, count: 0 };
      this.#slots.push(node.slot);
    }
    node.slot.count += 1;
  }

  /** Adds every pending count to `counter` and starts again from zero. */
  addTo(counter: Pick<Prom.Counter, "inc">): void {
    for (const slot of this.#slots) {
      if (slot.count === 0) continue;
      counter.inc(slot.labels, slot.count);
      slot.count = 0;
    }
  }
}

/** prom-client's per-label-set histogram entry (lib/histogram.js, pinned version). */
interface HistogramEntry {
  bucketValues: Record<number, number>;
  sum: number;
  count: number;
}

/** The parts of prom-client's Histogram that `PendingObservations.addTo` writes. */
interface HistogramInternals {
  readonly sortedLabelNames: readonly string[];
  readonly hashMap: Record<string, HistogramEntry | undefined>;
  zero(labels: Labels): void;
}

const { hashObject } = createRequire(import.meta.url)("prom-client/lib/util") as {
  hashObject(labels: Labels, sortedLabelNames: readonly string[]): string;
};

interface ObservationSlot {
  readonly labels: Labels;
  /** Observations per bucket, in `buckets` order (those above the last are in `count` only). */
  readonly perBucket: number[];
  sum: number;
  count: number;
}

/**
 * Observations of a histogram with one label, by that label's value (a closed set), added to
 * the histogram by `addTo`: bucket counts, sum and count, as prom-client's `observe` would
 * have made them.
 *
 * @example pending.observe("telegram", 0.002); pending.addTo(histogram) // in collect()
 */
export class PendingObservations {
  readonly #labelName: string;
  readonly #buckets: readonly number[];
  readonly #slots = new Map<string, ObservationSlot>();

  constructor(labelName: string, buckets: readonly number[]) {
    this.#labelName = labelName;
    this.#buckets = buckets;
  }

  observe(labelValue: string, value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    let slot = this.#slots.get(labelValue);
    if (slot === undefined) {
      slot = {
        labels: { [this.#labelName]: labelValue },
        perBucket: this.#buckets.map(() => 0),
        sum: 0,
        count: 0,
      };
      this.#slots.set(labelValue, slot);
    }
    const buckets = this.#buckets;
    for (let i = 0; i < buckets.length; i++) {
      if (value <= (buckets[i] ?? Number.POSITIVE_INFINITY)) {
        slot.perBucket[i] = (slot.perBucket[i] ?? 0) + 1;
        break;
      }
    }
    slot.sum += value;
    slot.count += 1;
  }

  /** Adds every pending observation to `histogram` (made with the same buckets) and starts again. */
  addTo(histogram: Prom.Histogram): void {
    const internals = histogram as unknown as HistogramInternals;
    for (const slot of this.#slots.values()) {
      if (slot.count === 0) continue;
      const hash = hashObject(slot.labels, internals.sortedLabelNames);
      let entry = internals.hashMap[hash];
      if (entry === undefined) {
        internals.zero(slot.labels);
        entry = internals.hashMap[hash];
      }
      if (entry === undefined) throw new Error("prom-client's histogram layout changed");
      this.#buckets.forEach((bound, i) => {
        const n = slot.perBucket[i] ?? 0;
        if (entry && n > 0) entry.bucketValues[bound] = (entry.bucketValues[bound] ?? 0) + n;
        slot.perBucket[i] = 0;
      });
      entry.sum += slot.sum;
      entry.count += slot.count;
      slot.sum = 0;
      slot.count = 0;
    }
  }
}
