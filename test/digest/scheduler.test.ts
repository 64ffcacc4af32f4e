import cron from "node-cron";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Schedule } from "../../src/digest/schedule.ts";
import { DigestScheduler } from "../../src/digest/scheduler.ts";

/** Runs real node-cron tasks over fake time, recording every slot passed on. */
async function run(schedules: Schedule[], from: string, hours: number): Promise<string[]> {
  vi.setSystemTime(new Date(from));
  const slots: string[] = [];
  const scheduler = new DigestScheduler({
    onSlot: (_s, slot) => void slots.push(slot.toISOString()),
  });
  scheduler.sync(schedules);
  // Minute steps let node-cron's heartbeat re-arm as it does in real time.
  for (let i = 0; i < hours * 60; i++) await vi.advanceTimersByTimeAsync(60_000);
  scheduler.stop();
  return slots;
}

describe("DigestScheduler (real node-cron, fake time)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("creates one task per distinct schedule and time zone, not per subscriber", () => {
    const scheduler = new DigestScheduler({ onSlot: () => {} });
    scheduler.sync([
      { cron: "0 8 * * *", timezone: "Europe/Paris" },
      { cron: "0 8 * * *", timezone: "Europe/Paris" },
      { cron: "0 8 * * *", timezone: "UTC" },
    ]);
    expect(scheduler.keys).toEqual(["0 8 * * *|Europe/Paris", "0 8 * * *|UTC"]);
    scheduler.sync([{ cron: "0 8 * * *", timezone: "UTC" }]);
    expect(scheduler.keys).toEqual(["0 8 * * *|UTC"]);
    scheduler.stop();
    expect(scheduler.keys).toEqual([]);
  });

  it("passes a daily 08:00 slot on once per day, including both Paris DST days", async () => {
    const paris = { cron: "0 8 * * *", timezone: "Europe/Paris" };
    expect(await run([paris], "2026-03-28T05:00:00Z", 48)).toEqual([
      "2026-03-28T07:00:00.000Z",
      "2026-03-29T06:00:00.000Z",
    ]);
    expect(await run([paris], "2026-10-24T05:00:00Z", 48)).toEqual([
      "2026-10-24T06:00:00.000Z",
      "2026-10-25T07:00:00.000Z",
    ]);
  });

  it("posts 02:30 on the Paris spring-forward night, which node-cron alone skips", async () => {
    expect(
      await run([{ cron: "30 2 * * *", timezone: "Europe/Paris" }], "2026-03-28T22:00:00Z", 6),
    ).toEqual(["2026-03-29T01:00:00.000Z"]);
  });

  it("posts 02:30 once on the Paris fall-back night, at its first occurrence", async () => {
    expect(
      await run([{ cron: "30 2 * * *", timezone: "Europe/Paris" }], "2026-10-24T22:00:00Z", 6),
    ).toEqual(["2026-10-25T00:30:00.000Z"]);
  });

  it("posts 02:30 and 01:30 once on the New York DST days", async () => {
    expect(
      await run([{ cron: "30 2 * * *", timezone: "America/New_York" }], "2026-03-08T04:00:00Z", 6),
    ).toEqual(["2026-03-08T07:00:00.000Z"]);
    expect(
      await run([{ cron: "30 1 * * *", timezone: "America/New_York" }], "2026-11-01T03:00:00Z", 6),
    ).toEqual(["2026-11-01T05:30:00.000Z"]);
  });

  it("ignores a second fire for a slot already passed on", () => {
    vi.setSystemTime(new Date("2026-01-10T07:00:10Z"));
    const slots: Date[] = [];
    const scheduler = new DigestScheduler({ onSlot: (_s, slot) => void slots.push(slot) });
    scheduler.sync([{ cron: "0 8 * * *", timezone: "Europe/Paris" }]);
    scheduler.fire("0 8 * * *|Europe/Paris");
    scheduler.fire("0 8 * * *|Europe/Paris");
    scheduler.stop();
    expect(slots.map((d) => d.toISOString())).toEqual(["2026-01-10T07:00:00.000Z"]);
  });

  it("does not post a slot older than the lateness tolerance", () => {
    vi.setSystemTime(new Date("2026-01-10T09:00:00Z"));
    const slots: Date[] = [];
    const scheduler = new DigestScheduler({ onSlot: (_s, slot) => void slots.push(slot) });
    scheduler.sync([{ cron: "0 8 * * *", timezone: "Europe/Paris" }]);
    scheduler.fire("0 8 * * *|Europe/Paris");
    scheduler.stop();
    expect(slots).toEqual([]);
  });
});

describe("node-cron 4.6 on DST nights (why the scheduler compensates)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function fires(from: string): Promise<string[]> {
    vi.setSystemTime(new Date(from));
    const seen: string[] = [];
    const task = cron.schedule("30 2 * * *", () => void seen.push(new Date().toISOString()), {
      timezone: "Europe/Paris",
    });
    for (let i = 0; i < 6 * 60; i++) await vi.advanceTimersByTimeAsync(60_000);
    await task.destroy();
    return seen;
  }

  it("skips a time that falls in the spring-forward gap", async () => {
    expect(await fires("2026-03-28T22:00:00Z")).toEqual([]);
  });

  it("fires a repeated fall-back time at its second occurrence only", async () => {
    expect(await fires("2026-10-24T22:00:00Z")).toEqual(["2026-10-25T01:30:00.000Z"]);
  });
});
