import { describe, expect, it } from "vitest";
import {
  actionKeyboard,
  decodeAction,
  encodeAction,
} from "../../../src/adapters/telegram/keyboard.ts";

describe("inline keyboard actions", () => {
  it("encode a command and its argument compactly and decode them back", () => {
    const data = encodeAction({ command: "quote", argument: "lukashenko" });
    expect(data).toBe("quote:lukashenko");
    expect(decodeAction(data)).toEqual({ command: "quote", argument: "lukashenko" });
    expect(decodeAction("summary:")).toEqual({ command: "summary", argument: "" });
  });

  it("refuse an action whose data would exceed 64 bytes", () => {
    expect(encodeAction({ command: "quote", argument: "é".repeat(30) })).toBeUndefined();
    expect(encodeAction({ command: "quote", argument: "é".repeat(29) })).toBeDefined();
  });

  it.each([undefined, "", "garbage", "Quote:x", ":x", "x".repeat(65), "a:".padEnd(70, "z")])(
    "decode garbage %j as nothing",
    (data) => {
      expect(decodeAction(data)).toBeUndefined();
    },
  );

  it("lay out buttons two per row and skip oversized ones", () => {
    const keyboard = actionKeyboard([
      { label: "A", command: "quote", argument: "a" },
      { label: "B", command: "quote", argument: "b" },
      { label: "C", command: "quote", argument: "c" },
      { label: "Too long", command: "quote", argument: "x".repeat(80) },
    ]);
    expect(keyboard?.inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([
      ["A", "B"],
      ["C"],
    ]);
    expect(actionKeyboard([])).toBeUndefined();
  });
});
