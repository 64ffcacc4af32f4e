import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Measure, splitText } from "../../src/core/split.ts";

/**
 * The parts, in order, are the text with only whitespace dropped between them: walking the
 * text, each part is found next, after nothing but whitespace.
 */
function expectSameText(text: string, parts: readonly string[]): void {
  let at = 0;
  for (const part of parts) {
    const found = text.indexOf(part, at);
    expect(found, `part ${JSON.stringify(part.slice(0, 40))} out of order`).toBeGreaterThanOrEqual(
      0,
    );
    expect(text.slice(at, found).trim()).toBe("");
    at = found + part.length;
  }
  expect(text.slice(at).trim()).toBe("");
}

const wellFormed = (s: string) => !/\p{Cs}/u.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""));

describe("splitText", () => {
  it("gives a text that fits as one part, trimmed, and nothing for blank text", () => {
    expect(splitText("  One two.  ", 20)).toEqual(["One two."]);
    expect(splitText(" \n ", 20)).toEqual([]);
  });

  it("splits at sentence boundaries when it can", () => {
    expect(splitText("One two. Three four. Five.", 20)).toEqual(["One two. Three four.", "Five."]);
  });

  it("splits at word boundaries when a sentence is too long", () => {
    expect(splitText("aaaa bbbb cccc dddd", 10)).toEqual(["aaaa bbbb", "cccc dddd"]);
  });

  it("prefers paragraph boundaries", () => {
    expect(splitText(`${"a ".repeat(30)}\n\n${"b ".repeat(30)}`, 70)).toEqual([
      "a ".repeat(30).trim(),
      "b ".repeat(30).trim(),
    ]);
  });

  it("prefers a line to a sentence, and a sentence to a word", () => {
    expect(splitText("One. Two three\nfour five six", 20)).toEqual([
      "One. Two three",
      "four five six",
    ]);
    expect(splitText("One two three. Four five six", 20)).toEqual([
      "One two three.",
      "Four five six",
    ]);
  });

  it("never breaks at a no-break space (French « guillemets » and ; : ! ?)", () => {
    const parts = splitText("Il a dit\u00a0: «\u00a0non\u00a0». Puis il est parti.", 25);
    expect(parts).toEqual(["Il a dit\u00a0: «\u00a0non\u00a0».", "Puis il est parti."]);
  });

  it("cuts an over-long word between graphemes, never inside a surrogate pair or a flag", () => {
    const chunks = splitText(`${"a".repeat(9)}😀${"b".repeat(3)}`, 10);
    expect(chunks.join("")).toBe(`${"a".repeat(9)}😀bbb`);
    expect(chunks[0]).toBe("a".repeat(9));
    const flags = splitText("🇦🇲".repeat(10), 9);
    for (const p of flags) expect(p).toMatch(/^(🇦🇲)+$/u);
    for (const p of splitText("😀".repeat(5_000), 4_095))
      expect(p.length).toBeLessThanOrEqual(4_095);
    expect(splitText("😀".repeat(5_000), 4_095).join("")).toBe("😀".repeat(5_000));
    for (const c of splitText("x".repeat(25), 10)) expect(c.length).toBeLessThanOrEqual(10);
  });

  it("keeps a combining accent with its letter", () => {
    const text = "e\u0301".repeat(20);
    for (const p of splitText(text, 5)) expect(p).toMatch(/^(e\u0301)+$/);
  });

  it("cuts a single grapheme longer than the limit between code points", () => {
    const family = "👩‍👩‍👧‍👦"; // 11 code units, one grapheme
    const parts = splitText(family, 4);
    expect(parts.join("")).toBe(family);
    for (const p of parts) expect(wellFormed(p)).toBe(true);
  });

  it("measures parts with the given function (as the platform counts them)", () => {
    // Each "&" counts five, as "&amp;" would before entity parsing.
    const escaped: Measure = (s) => s.length + 4 * (s.match(/&/g)?.length ?? 0);
    const parts = splitText("a&b ".repeat(50), 40, escaped);
    for (const p of parts) expect(escaped(p)).toBeLessThanOrEqual(40);
    expectSameText("a&b ".repeat(50), parts);
  });

  it("never ends a part where the caller says it must not (an escape cut from its character)", () => {
    const canEnd = (s: string) => (/\\+$/.exec(s)?.[0].length ?? 0) % 2 === 0;
    const chunks = splitText(`${"a".repeat(9)}\\*${"b".repeat(5)}`, 10, undefined, { canEnd });
    expect(chunks).toEqual(["a".repeat(9), `\\*${"b".repeat(5)}`]);
    const escapes = "\\*\\_".repeat(20);
    for (const p of splitText(escapes, 11, undefined, { canEnd })) expect(canEnd(p)).toBe(true);
  });

  it("respects the limit for every part of a long text", () => {
    for (const c of splitText("word ".repeat(3000), 1024))
      expect(c.length).toBeLessThanOrEqual(1024);
  });

  it("GIVEN any text and limit THEN the parts are the text, each within the limit, well formed", () => {
    const pieces = fc.constantFrom(
      "word",
      " ",
      "\n",
      "\n\n",
      ". ",
      "! ",
      "…» ",
      "\u00a0",
      "😀",
      "🇦🇲",
      "e\u0301",
      "👩‍👩‍👧‍👦",
      "&",
      "Лукашенко",
      "x".repeat(30),
    );
    const texts = fc.array(pieces, { maxLength: 120 }).map((a) => a.join(""));
    fc.assert(
      fc.property(texts, fc.integer({ min: 12, max: 200 }), (text, max) => {
        const parts = splitText(text, max);
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(max);
          expect(p).toBe(p.trim());
          expect(p.length).toBeGreaterThan(0);
          expect(wellFormed(p)).toBe(true);
        }
        expectSameText(text, parts);
      }),
      { numRuns: 300 },
    );
  });

  it("GIVEN any text and a measure that counts escapes THEN every part measures within the limit", () => {
    const measure: Measure = (s) => s.replace(/[&<>"]/g, "&amp;").length;
    const texts = fc
      .array(fc.constantFrom("a", "<b>", "&", " ", "\n", ". ", '"q"', "😀"), { maxLength: 200 })
      .map((a) => a.join(""));
    fc.assert(
      fc.property(texts, fc.integer({ min: 12, max: 120 }), (text, max) => {
        const parts = splitText(text, max, measure);
        for (const p of parts) expect(measure(p)).toBeLessThanOrEqual(max);
        expectSameText(text, parts);
      }),
      { numRuns: 300 },
    );
  });
});
