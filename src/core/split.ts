/**
 * How long a part is as its platform counts it: UTF-16 code units by default; Telegram counts
 * the text after escaping and entity parsing. It must not shrink when text is added (a longer
 * prefix never measures less).
 */
export type Measure = (part: string) => number;

const codeUnits: Measure = (part) => part.length;

/**
 * Where a part may end, best first: after a paragraph, a line, a sentence, a word. Each gives
 * the offsets in `window` where a part may end (whitespace after the end is dropped).
 * No-break spaces (U+00A0, U+2007, U+202F) bind: French puts them inside « » and before ; : ! ?
 */
const BOUNDARIES: readonly ((window: string) => Iterable<number>)[] = [
  (w) => ends(w, /\n[^\S\n]*\n/g, false),
  (w) => ends(w, /\n/g, false),
  (w) => ends(w, /[.!?…]+[»”"’)\]]*(?=[^\S\u00a0\u2007\u202f])/g, true),
  (w) => ends(w, /[^\S\u00a0\u2007\u202f]/g, false),
];

function* ends(window: string, pattern: RegExp, after: boolean): Iterable<number> {
  for (const m of window.matchAll(pattern)) yield after ? m.index + m[0].length : m.index;
}

let graphemes: Intl.Segmenter | undefined;

/** Offsets in `text` where a grapheme ends, ascending (the last is `text.length`). */
function graphemeEnds(text: string): number[] {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const out: number[] = [];
  for (const { index, segment } of graphemes.segment(text)) out.push(index + segment.length);
  return out;
}

const SPACE = /\s/;

export interface SplitOptions {
  /**
   * May a part end here (the whole part so far)? Discord: not after an odd run of backslashes,
   * which would escape the next part's first character. Default: anywhere.
   */
  readonly canEnd?: (part: string) => boolean;
}

/**
 * Splits a text into parts that each measure at most `max`, never cutting: a part ends at the
 * best boundary found in the second half of the longest part that fits (paragraph, then line,
 * sentence, word), else between two graphemes. Only the whitespace at the cuts is dropped, so
 * the parts in order are the text; every part is valid UTF-16 if the text is. Only a single
 * grapheme longer than `max` is cut, between its code points.
 *
 * @example splitText("One two. Three four. Five.", 20) // ["One two. Three four.", "Five."]
 * @example splitText(plain, 4096, (s) => visibleLength(escape(s)))
 */
export function splitText(
  text: string,
  max: number,
  measure: Measure = codeUnits,
  options: SplitOptions = {},
): string[] {
  const canEnd = options.canEnd ?? (() => true);
  const whole = text.trim();
  if (!whole) return [];
  if (measure(whole) <= max) return [whole];
  const stops = graphemeEnds(whole);
  const parts: string[] = [];
  let start = 0;
  let next = 0; // index in `stops` of the first grapheme end after `start`
  while (start < whole.length) {
    while ((stops[next] as number) <= start) next++;
    const rest = whole.slice(start);
    if (measure(rest) <= max) {
      parts.push(rest);
      break;
    }
    const end = allowedEnd(
      whole,
      start,
      stops,
      longestFit(whole, start, stops, next, max, measure),
      canEnd,
    );
    const cut = bestBoundary(whole, start, end, max, measure, canEnd) ?? end;
    const part = whole.slice(start, cut).trimEnd();
    if (part) parts.push(part);
    start = cut;
    while (start < whole.length && SPACE.test(whole[start] as string)) start++;
  }
  return parts;
}

/**
 * The end of the longest part from `start` that fits, at a grapheme end (found by doubling,
 * then halving: a few measures per part). A first grapheme that does not fit alone is cut
 * between code points (at least one, so the split always moves on).
 */
function longestFit(
  text: string,
  start: number,
  stops: readonly number[],
  first: number,
  max: number,
  measure: Measure,
): number {
  const fits = (i: number) => measure(text.slice(start, stops[i])) <= max;
  if (!fits(first)) return codePointFit(text, start, stops[first] as number, max, measure);
  let good = first;
  let step = 1;
  let bad = stops.length;
  while (good + step < stops.length) {
    if (!fits(good + step)) {
      bad = good + step;
      break;
    }
    good += step;
    step *= 2;
  }
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (fits(mid)) good = mid;
    else bad = mid;
  }
  return stops[good] as number;
}

function codePointFit(
  text: string,
  start: number,
  limit: number,
  max: number,
  measure: Measure,
): number {
  const step = (at: number) => ((text.codePointAt(at) as number) > 0xffff ? 2 : 1);
  let end = start + step(start);
  while (end < limit && measure(text.slice(start, end + step(end))) <= max) end += step(end);
  return end;
}

/** The last grapheme end at or before `end` where a part may end; `end` itself if none may. */
function allowedEnd(
  text: string,
  start: number,
  stops: readonly number[],
  end: number,
  canEnd: (part: string) => boolean,
): number {
  let i = stops.indexOf(end);
  if (i < 0) return end; // inside one grapheme: cut between code points
  while (i >= 0 && (stops[i] as number) > start) {
    if (canEnd(text.slice(start, stops[i]))) return stops[i] as number;
    i--;
  }
  return end;
}

/** The best boundary in the second half of `start..end` whose part fits, if any. */
function bestBoundary(
  text: string,
  start: number,
  end: number,
  max: number,
  measure: Measure,
  canEnd: (part: string) => boolean,
): number | undefined {
  // One character past the end, so a sentence's end can see the space after it.
  const window = text.slice(start, end + 1);
  const length = end - start;
  for (const boundary of BOUNDARIES) {
    let best: number | undefined;
    for (const at of boundary(window)) if (at <= length && at * 2 >= length && at > 0) best = at;
    if (best === undefined) continue;
    const part = text.slice(start, start + best).trimEnd();
    if (measure(part) <= max && canEnd(part)) return start + best;
  }
  return undefined;
}
