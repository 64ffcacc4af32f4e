import { describe, expect, it } from "vitest";
import { echo, MAX_ECHO } from "../../src/core/format.ts";

import { BIDI_CONTROLS, wellFormed } from "../support/text.ts";

describe("echo", () => {
  it("GIVEN 58 x and three emoji THEN the cut falls between graphemes, never inside a surrogate pair", () => {
    const echoed = echo(`${"x".repeat(58)}😀😀😀`);
    expect(wellFormed(echoed)).toBe(true);
    expect(echoed.endsWith("…")).toBe(true);
    expect(echoed.length).toBeLessThanOrEqual(MAX_ECHO);
  });

  it("GIVEN a family emoji (one grapheme, many code units) at the cut THEN it is kept whole or dropped whole", () => {
    const family = "👨‍👩‍👧‍👦";
    for (let n = 50; n < 62; n++) {
      const echoed = echo(`${"y".repeat(n)}${family}${family}`);
      expect(wellFormed(echoed), String(n)).toBe(true);
      const kept = echoed.replace(/^y+/, "").replace(/…$/, "");
      expect(kept.replaceAll(family, ""), String(n)).toBe("");
    }
  });

  it("GIVEN the first cut of a long input falls inside a pair THEN no lone half survives", () => {
    const input = `${" ".repeat(MAX_ECHO * 4 - 1)}😀 tail`;
    expect(wellFormed(echo(input))).toBe(true);
    expect(wellFormed(echo("\uD83D alone"))).toBe(true);
  });

  it("GIVEN a combining-mark flood (one grapheme) THEN the echo stays bounded", () => {
    const echoed = echo(`a${"\u0301".repeat(5_000)}b`);
    expect(echoed.length).toBeLessThanOrEqual(MAX_ECHO);
    expect(wellFormed(echoed)).toBe(true);
  });

  it("GIVEN bidi override and isolate characters THEN the echo carries none of them", () => {
    for (let c = 0x202a; c <= 0x202e; c++)
      expect(echo(`abc${String.fromCharCode(c)}def`)).not.toMatch(BIDI_CONTROLS);
    for (let c = 0x2066; c <= 0x2069; c++)
      expect(echo(`abc${String.fromCharCode(c)}def`)).not.toMatch(BIDI_CONTROLS);
    expect(echo("\u202Egnp.exe")).toBe("gnp.exe");
  });
});
