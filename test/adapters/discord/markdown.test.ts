import { describe, expect, it } from "vitest";
import { escapeText, splitEscaped } from "../../../src/adapters/discord/markdown.ts";

describe("splitEscaped", () => {
  it("cuts a single over-long word without separating an escape from its character", () => {
    const chunks = splitEscaped(`${"a".repeat(9)}\\*${"b".repeat(5)}`, 10);
    expect(chunks).toEqual(["a".repeat(9), `\\*${"b".repeat(5)}`]);
    for (const c of splitEscaped("x".repeat(25), 10)) expect(c.length).toBeLessThanOrEqual(10);
  });

  it("keeps an escaped backslash whole and leaves no part ending in a lone escape", () => {
    const escaped = escapeText(`${"*_`".repeat(40)}`);
    const parts = splitEscaped(escaped, 11);
    expect(parts.join("")).toBe(escaped);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(11);
      expect((/\\+$/.exec(p)?.[0].length ?? 0) % 2).toBe(0);
    }
  });
});
