import { describe, expect, it } from "vitest";
import {
  checkCron,
  checkTimezone,
  dailyTime,
  parseTime,
  scheduleKey,
} from "../../src/digest/schedule.ts";

describe("parseTime", () => {
  it("turns HH:MM into a daily cron expression", () => {
    expect(parseTime("08:00")).toEqual({ ok: true, value: "0 8 * * *" });
    expect(parseTime("7:05")).toEqual({ ok: true, value: "5 7 * * *" });
    expect(parseTime("18h45")).toEqual({ ok: true, value: "45 18 * * *" });
  });

  it("refuses times that do not exist", () => {
    for (const bad of ["25:00", "08:60", "8", "noon", "", "08:00:00"])
      expect(parseTime(bad)).toEqual({ ok: false, problem: { kind: "time", value: bad } });
  });

  it("reads a daily time back from its cron expression", () => {
    expect(dailyTime("5 7 * * *")).toBe("07:05");
    expect(dailyTime("0 8 * * 1-5")).toBeUndefined();
  });
});

describe("checkTimezone", () => {
  it("accepts IANA names in any case and returns the canonical spelling", () => {
    expect(checkTimezone("europe/paris")).toEqual({ ok: true, value: "Europe/Paris" });
    expect(checkTimezone("America/New_York")).toEqual({ ok: true, value: "America/New_York" });
  });

  it("refuses an unknown zone and suggests the closest real one", () => {
    const result = checkTimezone("Europe/Pariss");
    expect(result).toEqual({
      ok: false,
      problem: { kind: "timezone", value: "Europe/Pariss", suggestion: "Europe/Paris" },
    });
    expect(checkTimezone("Mars/Olympus").ok).toBe(false);
    expect(checkTimezone("+02:00").ok).toBe(false);
  });
});

describe("checkCron", () => {
  it("accepts 5- and 6-field expressions and normalizes spaces", () => {
    expect(checkCron(" 0  8 * * 1-5 ")).toEqual({ ok: true, value: "0 8 * * 1-5" });
    expect(checkCron("*/10 * * * * *").ok).toBe(true);
  });

  it("explains what is wrong with a bad expression", () => {
    const result = checkCron("0 25 * * *");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatchObject({ kind: "cron", value: "0 25 * * *" });
    expect(checkCron("every day").ok).toBe(false);
    expect(checkCron("* * *").ok).toBe(false);
  });

  it("refuses rhythms faster than the allowed minimum", () => {
    expect(checkCron("*/5 * * * *", 3_600_000)).toEqual({
      ok: false,
      problem: { kind: "too-often", value: "*/5 * * * *", minMinutes: 60 },
    });
    expect(checkCron("0 */2 * * *", 3_600_000).ok).toBe(true);
  });

  it("keys schedules by expression and zone", () => {
    expect(scheduleKey({ cron: "0 8 * * *", timezone: "UTC" })).toBe("0 8 * * *|UTC");
  });
});
