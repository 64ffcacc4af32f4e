import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import {
  CommandDefinitionError,
  parseCommandLine,
  validateCommands,
} from "../../commands/registry.ts";
import type { CommandDefinition } from "../../commands/types.ts";

const base: CommandDefinition = {
  name: "ok",
  description: { fr: "d", en: "d", ru: "d" },
  options: [],
  run: () => ({ status: "ok", title: "t", blocks: [] }),
};

describe("command validation", () => {
  it("GIVEN the shipped list THEN it is valid on both platforms", () => {
    expect(() => validateCommands(commands)).not.toThrow();
  });

  it.each([
    ["an upper-case name", [{ ...base, name: "Quote" }], /name must match/],
    ["a dash in the name (Telegram forbids it)", [{ ...base, name: "my-cmd" }], /name must match/],
    ["a 33-character name", [{ ...base, name: "a".repeat(33) }], /name must match/],
    ["two commands with one name", [base, base], /defined twice/],
    [
      "a missing English description",
      [{ ...base, description: { fr: "d", en: "" } }],
      /description\.en is missing/,
    ],
    [
      "a 101-character description",
      [{ ...base, description: { fr: "d".repeat(101), en: "d" } }],
      /at most 100/,
    ],
    [
      "a required option after an optional one",
      [
        {
          ...base,
          options: [
            {
              name: "a",
              description: { fr: "d", en: "d", ru: "d" },
              required: false,
              maxLength: 5,
            },
            { name: "b", description: { fr: "d", en: "d", ru: "d" }, required: true, maxLength: 5 },
          ],
        },
      ],
      /required options must come before/,
    ],
    ["an empty list", [], /is empty/],
    ["a pure command that needs manage", [{ ...base, pure: true, manage: true }], /cannot be pure/],
  ])("GIVEN %s THEN start-up is refused", (_what, list, message) => {
    expect(() => validateCommands(list as CommandDefinition[])).toThrow(CommandDefinitionError);
    expect(() => validateCommands(list as CommandDefinition[])).toThrow(message);
  });
});

describe("command lines", () => {
  it.each([
    ["/quote Loukachenko", { name: "quote", argument: "Loukachenko" }],
    ["/quote@SummitBriefBot   tokaiev  ", { name: "quote", argument: "tokaiev" }],
    ["/SUMMARY", { name: "summary", argument: "" }],
    ["/quote Alexandre\nLoukachenko", { name: "quote", argument: "Alexandre\nLoukachenko" }],
  ])("GIVEN %j THEN it parses", (line, expected) => {
    expect(parseCommandLine(line)).toEqual(expected);
  });

  it.each(["quote x", "", "/", "/ quote", "//x"])("GIVEN %j THEN it is not a command", (line) => {
    expect(parseCommandLine(line)).toBeUndefined();
  });
});
