import { describe, expect, it } from "vitest";
import { wrapConsole } from "../../../src/adapters/console/render.ts";

describe("wrapConsole", () => {
  it("GIVEN a list item longer than the width THEN it wraps on words, continuing under its text", () => {
    const text = "  • /digest subscribe | unsubscribe — the daily brief in a channel for everyone";
    expect(wrapConsole(text, 40)).toBe(
      "  • /digest subscribe | unsubscribe —\n    the daily brief in a channel for\n    everyone",
    );
  });

  it("GIVEN an indented line THEN its continuation keeps the indent", () => {
    expect(wrapConsole("  « un deux trois quatre cinq six sept huit neuf dix »", 24)).toBe(
      "  « un deux trois quatre\n  cinq six sept huit\n  neuf dix »",
    );
  });

  it("GIVEN a word longer than the line THEN it is cut, nothing is lost", () => {
    const out = wrapConsole(`a ${"x".repeat(50)} b`, 20);
    for (const line of out.split("\n")) expect(line.length).toBeLessThanOrEqual(20);
    expect(out.replace(/\s+/g, "")).toBe(`a${"x".repeat(50)}b`);
  });

  it("GIVEN no known width THEN the text is unchanged", () => {
    expect(wrapConsole("a b c", 0)).toBe("a b c");
  });
});
