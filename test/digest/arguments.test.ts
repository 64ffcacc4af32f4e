import { describe, expect, it } from "vitest";
import { imageSetting, parseDigestText, parseSubscribeWords } from "../../src/digest/arguments.ts";
import type { DigestService } from "../../src/digest/service.ts";
import { makeService, tempDbPath } from "./support.ts";

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

describe("GIVEN the picture setting among /digest subscribe words", () => {
  it("THEN image:on and image:off (or image=…, in any of the bot's languages) are read in any order", () => {
    expect(parseSubscribeWords("08:00 image:off Europe/Paris en")).toEqual({
      ok: true,
      value: { time: "08:00", timezone: "Europe/Paris", language: "en", image: "off" },
    });
    expect(parseSubscribeWords("IMAGE=ON")).toMatchObject({ ok: true, value: { image: "ON" } });
    for (const [word, on] of [
      ["on", true],
      ["off", false],
      ["oui", true],
      ["non", false],
      ["да", true],
      ["нет", false],
      ["NO", false],
    ] as const) {
      const parsed = parseSubscribeWords(`image:${word}`);
      expect(parsed.ok && parsed.value.image && imageSetting(parsed.value.image), word).toBe(on);
    }
  });

  it("THEN a value that is neither on nor off (or a prototype key) is a clear problem, never a setting", () => {
    for (const value of ["maybe", "", "__proto__", "constructor", "toString"]) {
      expect(parseSubscribeWords(`08:00 image:${value}`), value).toEqual({
        ok: false,
        problem: { kind: "image", value: `image:${value}` },
      });
      expect(imageSetting(value), value).toBeUndefined();
    }
  });

  it("THEN /digest subscribe image:off saves it off, a later subscribe without it keeps it, and image:on turns it back on", async () => {
    const { service } = makeService();
    const ref = { platform: "telegram" as const, target: "-100123", locale: "en" as const };
    const image = async () => (await service.store.subscriptions.get("telegram", "-100123"))?.image;
    expect((await service.handleText(ref, "subscribe 08:00 image:off")).status).toBe("ok");
    expect(await image()).toBe(false);
    expect((await service.handleText(ref, "subscribe 09:00")).status).toBe("ok");
    expect(await image()).toBe(false);
    expect((await service.handleText(ref, "subscribe image:on")).status).toBe("ok");
    expect(await image()).toBe(true);
    const bad = await service.handleText(ref, "subscribe 10:00 image:maybe");
    expect(bad.status).toBe("user-error");
    expect(await service.scheduleOf("telegram", "-100123")).toBe("0 8 * * *|Europe/Paris");
  });
});

describe("GIVEN operator targets and DIGEST_IMAGE", () => {
  it("THEN their subscriptions take its setting, follow a change of it, and an admin's own setting wins", async () => {
    const path = tempDbPath();
    const sync = async (image: boolean) => {
      const { service } = makeService({
        path,
        settings: {
          operatorTargets: [
            { platform: "telegram", target: "-1001" },
            { platform: "telegram", target: "-1002" },
          ],
          image,
        },
      });
      await service.syncOperatorTargets();
      return service;
    };
    const imageOf = async (service: DigestService, target: string) =>
      (await service.store.subscriptions.get("telegram", target))?.image;
    let service = await sync(false);
    expect(await imageOf(service, "-1001")).toBe(false);
    await service.handleText(
      { platform: "telegram", target: "-1002", locale: "en" },
      "subscribe 09:00 image:on",
    );
    service = await sync(true);
    expect(await imageOf(service, "-1001")).toBe(true);
    service = await sync(false);
    expect(await imageOf(service, "-1001")).toBe(false);
    expect(await imageOf(service, "-1002")).toBe(true);
  });
});
