import { describe, expect, it } from "vitest";
import { LOCALES } from "../../src/core/locale.ts";
import { messages } from "../../src/core/messages.ts";

/**
 * Every language's catalogue has every key of the English one, nothing more, and each
 * message uses the same placeholders. Placeholders are the message's parameters: each is
 * called with a marker per parameter and must show the same markers in every language.
 */

const marker = (i: number) => `⟦${i}⟧`;

/** The markers a message shows when called with one per parameter. */
function placeholders(fn: (...args: unknown[]) => unknown): string[] {
  const args = Array.from({ length: fn.length }, (_, i) => marker(i));
  let out: unknown;
  try {
    out = fn(...args);
  } catch {
    // A parameter that is a list (names of missing permissions) gets a list of one marker.
    out = fn(...args.map((a) => [a]));
  }
  return args.filter((a) => String(out).includes(a));
}

/** What differs between a catalogue and the reference one, as readable lines. */
function catalogueProblems(reference: unknown, other: unknown, path = ""): string[] {
  const kind = (v: unknown) => (Array.isArray(v) ? "list" : v === null ? "null" : typeof v);
  if (kind(reference) !== kind(other))
    return [`${path || "(root)"}: ${kind(other)} instead of ${kind(reference)}`];
  if (typeof reference === "function" && typeof other === "function") {
    const want = placeholders(reference as (...args: unknown[]) => unknown);
    const got = placeholders(other as (...args: unknown[]) => unknown);
    if (reference.length !== other.length)
      return [`${path}: takes ${other.length} parameters instead of ${reference.length}`];
    return want.join() === got.join()
      ? []
      : [`${path}: placeholders ${got.join(" ") || "none"} instead of ${want.join(" ")}`];
  }
  if (Array.isArray(reference) && Array.isArray(other))
    return reference.length === other.length
      ? reference.flatMap((r, i) => catalogueProblems(r, other[i], `${path}[${i}]`))
      : [`${path}: ${other.length} items instead of ${reference.length}`];
  if (typeof reference === "string") return (other as string).trim() ? [] : [`${path}: empty`];
  if (reference && typeof reference === "object" && other && typeof other === "object") {
    const problems: string[] = [];
    for (const key of Object.keys(reference)) {
      const sub = path ? `${path}.${key}` : key;
      if (!Object.hasOwn(other, key)) problems.push(`${sub}: missing`);
      else
        problems.push(
          ...catalogueProblems(
            (reference as Record<string, unknown>)[key],
            (other as Record<string, unknown>)[key],
            sub,
          ),
        );
    }
    for (const key of Object.keys(other))
      if (!Object.hasOwn(reference, key))
        problems.push(`${path ? `${path}.` : ""}${key}: unknown key`);
    return problems;
  }
  return [];
}

describe("the message catalogues", () => {
  it.each(LOCALES)(
    "GIVEN the %s catalogue THEN it has every key of the English one, with the same placeholders",
    (locale) => {
      expect(catalogueProblems(messages.en, messages[locale])).toEqual([]);
    },
  );

  it("GIVEN the English catalogue THEN every message with parameters shows each of them", () => {
    const unused: string[] = [];
    for (const [key, value] of Object.entries(messages.en))
      if (typeof value === "function") {
        const fn = value as (...args: unknown[]) => unknown;
        if (placeholders(fn).length !== fn.length) unused.push(key);
      }
    expect(unused).toEqual([]);
  });

  it("GIVEN a catalogue with a key missing, a placeholder dropped and a key too many THEN the check names each", () => {
    const { quoteTitle: _dropped, ...rest } = messages.en;
    const broken = {
      ...rest,
      unquoted: (name: string) => `${name} is not quoted`,
      usage: "extra",
    };
    expect(catalogueProblems(messages.en, broken)).toEqual([
      "quoteTitle: missing",
      "unquoted: takes 1 parameters instead of 2",
      "usage: unknown key",
    ]);
  });

  it("GIVEN a message that drops one placeholder but keeps its parameters THEN the check names it", () => {
    const broken = { ...messages.en, where: (p: number, _s: string) => `paragraph ${p}` };
    expect(catalogueProblems(messages.en, broken)).toEqual([
      "where: placeholders ⟦0⟧ instead of ⟦0⟧ ⟦1⟧",
    ]);
  });
});
