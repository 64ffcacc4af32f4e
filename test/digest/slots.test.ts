import { describe, expect, it } from "vitest";
import { latestSlot, nextSlot, upcomingSlots } from "../../src/digest/slots.ts";

const paris = (cron: string) => ({ cron, timezone: "Europe/Paris" });
const newYork = (cron: string) => ({ cron, timezone: "America/New_York" });
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("slots", () => {
  it("places a daily 08:00 at 07:00 UTC in Paris winter and 06:00 UTC in summer", () => {
    expect(nextSlot(paris("0 8 * * *"), new Date("2026-01-10T12:00:00Z"))?.toISOString()).toBe(
      "2026-01-11T07:00:00.000Z",
    );
    expect(nextSlot(paris("0 8 * * *"), new Date("2026-07-10T12:00:00Z"))?.toISOString()).toBe(
      "2026-07-11T06:00:00.000Z",
    );
  });

  it("finds the latest slot at or before an instant", () => {
    const schedule = paris("0 8 * * *");
    expect(latestSlot(schedule, new Date("2026-01-11T07:00:00Z"))?.toISOString()).toBe(
      "2026-01-11T07:00:00.000Z",
    );
    expect(latestSlot(schedule, new Date("2026-01-11T06:59:59Z"))?.toISOString()).toBe(
      "2026-01-10T07:00:00.000Z",
    );
  });

  it("keeps one 08:00 slot per day across both Paris DST changes", () => {
    const march = upcomingSlots(paris("0 8 * * *"), new Date("2026-03-28T00:00:00Z"), 3);
    expect(iso(march)).toEqual([
      "2026-03-28T07:00:00.000Z",
      "2026-03-29T06:00:00.000Z",
      "2026-03-30T06:00:00.000Z",
    ]);
    const october = upcomingSlots(paris("0 8 * * *"), new Date("2026-10-24T00:00:00Z"), 3);
    expect(iso(october)).toEqual([
      "2026-10-24T06:00:00.000Z",
      "2026-10-25T07:00:00.000Z",
      "2026-10-26T07:00:00.000Z",
    ]);
  });

  it("posts a time skipped by spring-forward right after the gap, once (Paris 2026-03-29 02:30)", () => {
    const slots = upcomingSlots(paris("30 2 * * *"), new Date("2026-03-28T12:00:00Z"), 2);
    // 02:30 does not exist that night: 03:00 CEST is 01:00 UTC.
    expect(iso(slots)).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
  });

  it("posts a time repeated by fall-back once, at its first occurrence (Paris 2026-10-25 02:30)", () => {
    const slots = upcomingSlots(paris("30 2 * * *"), new Date("2026-10-24T12:00:00Z"), 2);
    expect(iso(slots)).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
    // Between the two occurrences, the latest slot is still the first one.
    expect(latestSlot(paris("30 2 * * *"), new Date("2026-10-25T01:45:00Z"))?.toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
  });

  it("does the same in New York (2026-03-08 and 2026-11-01)", () => {
    expect(iso(upcomingSlots(newYork("30 2 * * *"), new Date("2026-03-07T12:00:00Z"), 2))).toEqual([
      "2026-03-08T07:00:00.000Z",
      "2026-03-09T06:30:00.000Z",
    ]);
    expect(iso(upcomingSlots(newYork("30 1 * * *"), new Date("2026-10-31T12:00:00Z"), 2))).toEqual([
      "2026-11-01T05:30:00.000Z",
      "2026-11-02T06:30:00.000Z",
    ]);
  });

  it("requires both day fields when both are restricted, as node-cron does", () => {
    // The 1st of the month AND a Monday: June 2026 is the first such month.
    expect(nextSlot(paris("0 8 1 * 1"), new Date("2026-01-01T12:00:00Z"))?.toISOString()).toBe(
      "2026-06-01T06:00:00.000Z",
    );
  });
});
