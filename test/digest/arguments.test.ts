import { describe, expect, it } from "vitest";
import { parseDigestText, parseSubscribeWords } from "../../src/digest/arguments.ts";
import { makeService } from "./support.ts";

/** Names every plain object answers to through its prototype. */
const PROTOTYPE_KEYS = [
  "__proto__",
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupGetter__",
];

describe("GIVEN /digest words that name an object's prototype members", () => {
  it("THEN parseSubscribeWords treats them as unknown words, never as a language", async () => {
    for (const key of PROTOTYPE_KEYS) {
      const parsed = parseSubscribeWords(key);
      expect(parsed.ok, key).toBe(false);
      expect(parseSubscribeWords(key.toUpperCase()).ok, key).toBe(false);
    }
  });

  it("THEN /digest subscribe <key> answers a clear user error, and saves nothing", async () => {
    const { service } = makeService();
    const ref = { platform: "telegram" as const, target: "-100123", locale: "en" as const };
    for (const key of PROTOTYPE_KEYS) {
      expect(parseDigestText(key).kind, key).toBe("unknown-subcommand");
      const reply = await service.handleText(ref, `subscribe ${key}`);
      expect(reply.status, key).toBe("user-error");
      expect((await service.handleText(ref, key)).status, key).toBe("user-error");
    }
    expect(await service.store.subscriptions.get("telegram", "-100123")).toBeUndefined();
  });
});
