import * as v from "valibot";

// How a validation problem reads. The story schema and the configuration are checked with
// valibot; where a rule gives no message of its own, the message is worded as the operators
// and editors have always read it (the words of zod 4, which we used before), and a problem is
// placed where it always was (an unknown key at its object, a missing one at its own name).

/** A problem as shown to an operator or an editor: where (`a.b.0`, "" for the whole) and what. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** What a JSON value is, in a message ("received null", "received array"…). */
function received(input: unknown): string {
  if (typeof input === "number") return Number.isFinite(input) ? "number" : String(input);
  if (input === null) return "null";
  if (Array.isArray(input)) return "array";
  return typeof input;
}

const mismatch = (expected: string, input: unknown) =>
  `Invalid input: expected ${expected}, received ${received(input)}`;

/** The message of a value that is not of the expected kind: `expecting("tuple")`. */
export const expecting =
  (expected: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    mismatch(expected, issue.input);

/** "Too small: expected array to have >=1 items", "Too big: expected number to be <=180". */
function bound(issue: v.BaseIssue<unknown>, big: boolean, sign: string): string {
  const size = typeof issue.input === "string" ? "characters" : "items";
  const sized = typeof issue.input === "string" || Array.isArray(issue.input);
  const subject = sized ? (typeof issue.input === "string" ? "string" : "array") : "number";
  const limit = `${sign}${String(issue.requirement)}`;
  return `Too ${big ? "big" : "small"}: expected ${subject} ${sized ? `to have ${limit} ${size}` : `to be ${limit}`}`;
}

/** The message of an issue whose rule gave none. */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  switch (issue.type) {
    case "string":
    case "number":
    case "boolean":
    case "array":
      return mismatch(issue.type, issue.input);
    case "literal":
      return `Invalid input: expected ${issue.expected}`;
    // ±Infinity (JSON's 1e999, a 400-digit port) is not a number.
    case "finite":
      return mismatch("number", issue.input);
    case "safe_integer": {
      const n = Number(issue.input);
      if (!Number.isInteger(n)) return mismatch("int", n);
      return n > 0
        ? `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`
        : `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`;
    }
    case "min_length":
      return bound(issue, false, ">=");
    case "max_length":
      return bound(issue, true, "<=");
    case "min_value":
      return bound(issue, false, ">=");
    case "max_value":
      return bound(issue, true, "<=");
    case "gt_value":
      return bound(issue, false, ">");
    case "iso_date":
      return "Invalid ISO date";
    default:
      return "Invalid input";
  }
}

/**
 * How every schema here is run: stop at the first problem (one is reported), and word the
 * problems whose rule gave no message with `describeIssue`.
 */
export const VALIDATION: v.Config<v.BaseIssue<unknown>> = {
  abortEarly: true,
  message: describeIssue,
};

/** A JSON object: not null, not an array (valibot's object schemas take arrays too). */
const isJsonObject = (input: unknown): input is Record<string, unknown> =>
  typeof input === "object" && input !== null && !Array.isArray(input);

/** An unknown key is reported at its object, as `Unrecognized key: "x"`. */
const isUnknownKey = (issue: v.BaseIssue<unknown>) =>
  issue.type === "strict_object" && issue.expected === "never";

/**
 * An object with exactly these keys. A missing key reads as its own rule would read
 * `undefined` ("Invalid input: expected string, received undefined"); unknown keys are
 * listed together.
 */
export function strictObject<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isJsonObject, expecting("object")),
    v.strictObject(entries, (issue) => {
      const item = issue.path?.at(-1);
      if (!item || !isJsonObject(item.input)) return describeIssue(issue);
      if (isUnknownKey(issue)) {
        const unknown = Object.keys(item.input).filter((key) => !Object.hasOwn(entries, key));
        return `Unrecognized key${unknown.length > 1 ? "s" : ""}: ${unknown.map((k) => `"${k}"`).join(", ")}`;
      }
      const key = String(item.key);
      const rule = Object.hasOwn(entries, key) ? entries[key] : undefined;
      const missing = rule ? v.safeParse(rule, undefined, VALIDATION) : undefined;
      return missing?.issues?.[0].message ?? describeIssue(issue);
    }),
  );
}

/** The key of a record entry that is not valid, as it always read. */
export const INVALID_KEY = "Invalid key in record";

/**
 * A record: a JSON object whose keys pass `key` and whose values pass `value`. valibot's
 * record skips the keys `__proto__`, `prototype` and `constructor` without a word; the last two
 * are refused here, as they always were (a `__proto__` key was always dropped).
 */
export function record<K extends v.GenericSchema<string, string>, V extends v.GenericSchema>(
  key: K,
  value: V,
) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isJsonObject, expecting("record")),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const input = dataset.value;
      for (const key of ["prototype", "constructor"]) {
        if (!Object.hasOwn(input, key)) continue;
        addIssue({
          message: INVALID_KEY,
          path: [{ type: "object", origin: "key", input, key, value: input[key] }],
        });
        return;
      }
    }),
    v.record(key, value),
  );
}

/** The first problem of a failed parse, placed and worded for an operator or an editor. */
export function firstProblem(issues: readonly v.BaseIssue<unknown>[]): Problem {
  const issue = issues[0];
  if (!issue) return { path: "", message: "is invalid" };
  const path = (issue.path ?? []).map((item) => String(item.key));
  if (isUnknownKey(issue)) path.pop();
  return { path: path.join("."), message: issue.message };
}
