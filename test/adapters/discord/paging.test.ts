import { describe, expect, it } from "vitest";
import {
  type ButtonState,
  decodeButton,
  encodeButton,
} from "../../../src/adapters/discord/paging.ts";

describe("button custom_id codec", () => {
  it("round-trips a page state and a run state, separators in the argument included", () => {
    const states: ButtonState[] = [
      { kind: "page", command: "quote", argument: "a:b:c", locale: "fr", page: 3 },
      { kind: "run", command: "summary", argument: "long", locale: "en" },
      { kind: "page", command: "quotes", argument: "", locale: "en", page: 0 },
    ];
    for (const s of states) expect(decodeButton(encodeButton(s))).toEqual(s);
  });

  it("refuses what would not fit in 100 characters", () => {
    expect(
      encodeButton({
        kind: "page",
        command: "quote",
        argument: "x".repeat(90),
        locale: "fr",
        page: 1,
      }),
    ).toBeUndefined();
  });

  it("survives garbage without throwing", () => {
    for (const g of [
      undefined,
      42,
      "",
      "sb1",
      "sb1:p:de:1:quote:",
      "sb1:x:fr:1:q:",
      "sb1:p:fr:-1:quote:",
      "sb1:p:fr:1:QUOTE:",
      "z".repeat(500),
      "sb1:p:fr:99999:quote:",
    ])
      expect(decodeButton(g)).toBeUndefined();
  });
});
