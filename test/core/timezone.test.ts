import { describe, expect, it } from "vitest";
import { isValidTimezone } from "../../src/config.ts";
import { canonicalZone } from "../../src/core/timezone.ts";
import { checkTimezone } from "../../src/digest/schedule.ts";

describe("the one time-zone check", () => {
  it("GIVEN an IANA name in any case THEN it comes back canonical", () => {
    expect(canonicalZone(" europe/paris ")).toBe("Europe/Paris");
    expect(canonicalZone("UTC")).toBe("UTC");
  });

  it("GIVEN an offset, an empty text or a made-up zone THEN it is refused", () => {
    for (const bad of ["+03:00", "-5", "", "Mars/Olympus"])
      expect(canonicalZone(bad)).toBeUndefined();
  });

  it("GIVEN the configuration and /digest subscribe THEN both answer as the one check does", () => {
    for (const zone of ["Asia/Yerevan", "+03:00", "Mars/Olympus"]) {
      expect(isValidTimezone(zone)).toBe(canonicalZone(zone) !== undefined);
      expect(checkTimezone(zone).ok).toBe(canonicalZone(zone) !== undefined);
    }
  });
});
