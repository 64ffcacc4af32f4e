import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  firstProblem,
  INVALID_KEY,
  type Problem,
  record,
  strictObject,
  VALIDATION,
} from "../../src/core/validation.ts";

function problemOf(schema: v.GenericSchema, input: unknown): Problem | undefined {
  const parsed = v.safeParse(schema, input, VALIDATION);
  return parsed.success ? undefined : firstProblem(parsed.issues);
}

describe("how a validation problem reads", () => {
  const point = strictObject({
    kind: v.literal("point"),
    x: v.number(),
    tags: v.array(v.string()),
  });
  const nested = strictObject({ items: v.array(point) });

  it("GIVEN a missing key THEN it reads as its own rule reads nothing, at the key", () => {
    expect(problemOf(point, { x: 1, tags: [] })).toEqual({
      path: "kind",
      message: 'Invalid input: expected "point"',
    });
    expect(problemOf(point, { kind: "point", x: 1 })).toEqual({
      path: "tags",
      message: "Invalid input: expected array, received undefined",
    });
  });

  it("GIVEN unknown keys THEN they are listed at their object, after the known keys are checked", () => {
    const input = { items: [{ kind: "point", x: 1, tags: [], y: 2, z: 3 }] };
    expect(problemOf(nested, input)).toEqual({
      path: "items.0",
      message: 'Unrecognized keys: "y", "z"',
    });
    const both = { items: [{ kind: "point", x: "1", tags: [], y: 2 }] };
    expect(problemOf(nested, both)?.path).toBe("items.0.x");
  });

  it("GIVEN an array or null where an object belongs THEN the kind received is named", () => {
    expect(problemOf(point, [])?.message).toBe("Invalid input: expected object, received array");
    expect(problemOf(point, null)?.message).toBe("Invalid input: expected object, received null");
  });

  it("GIVEN a record THEN bad keys, prototype and constructor are refused at the key; arrays are not records", () => {
    const byCode = record(v.pipe(v.string(), v.regex(/^[a-z]{2}$/, INVALID_KEY)), v.number());
    expect(problemOf(byCode, { fr: 1, en: 2 })).toBeUndefined();
    expect(problemOf(byCode, { fr: 1, EN: 2 })).toEqual({ path: "EN", message: INVALID_KEY });
    expect(problemOf(byCode, JSON.parse('{"fr":1,"prototype":2}'))).toEqual({
      path: "prototype",
      message: INVALID_KEY,
    });
    expect(problemOf(byCode, { fr: "1" })).toEqual({
      path: "fr",
      message: "Invalid input: expected number, received string",
    });
    expect(problemOf(byCode, [1])?.message).toBe("Invalid input: expected record, received array");
  });

  it.each([
    [v.pipe(v.string(), v.maxLength(3)), "abcd", "Too big: expected string to have <=3 characters"],
    [
      v.pipe(v.array(v.number()), v.minLength(1)),
      [],
      "Too small: expected array to have >=1 items",
    ],
    [v.pipe(v.number(), v.minValue(-90)), -91, "Too small: expected number to be >=-90"],
    [
      v.pipe(v.number(), v.finite()),
      -Infinity,
      "Invalid input: expected number, received -Infinity",
    ],
    [v.pipe(v.number(), v.safeInteger()), 2.5, "Invalid input: expected int, received number"],
    [v.pipe(v.number(), v.safeInteger()), 1e20, "Too big: expected int to be <=9007199254740991"],
    [v.pipe(v.number(), v.gtValue(0)), 0, "Too small: expected number to be >0"],
    [v.boolean(), "yes", "Invalid input: expected boolean, received string"],
    [v.string(), Number.POSITIVE_INFINITY, "Invalid input: expected string, received Infinity"],
  ])(
    "GIVEN a rule without a message of its own THEN %#: it reads as it always did",
    (schema, input, message) => {
      expect(problemOf(schema, input)).toEqual({ path: "", message });
    },
  );

  it("GIVEN a rule with its own message THEN that message is kept", () => {
    const code = v.pipe(v.string(), v.regex(/^[a-z]{2}$/, "must be two lowercase letters"));
    expect(problemOf(code, "FR")?.message).toBe("must be two lowercase letters");
  });

  it("GIVEN no issue at all THEN the problem still reads as something", () => {
    expect(firstProblem([])).toEqual({ path: "", message: "is invalid" });
  });
});
