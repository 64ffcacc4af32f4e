import { type Schedule, slotCron } from "./schedule.ts";

/**
 * Slots are the scheduled wall-clock instants of a schedule, stored as UTC ISO strings.
 * Daylight-saving rules (Vixie cron, as croner 11 implements them): a time that does not
 * exist (spring forward) is posted at the first valid instant after the gap; a time that
 * occurs twice (fall back) is one slot, its first occurrence. So each day has one slot per
 * daily time, whatever the clock does, and a second timer fire for the same slot finds it
 * already claimed.
 */

/** The first slot strictly after `after`. */
export function nextSlot(schedule: Schedule, after: Date): Date | undefined {
  return slotCron(schedule).nextRun(after) ?? undefined;
}

/** The last slot at or before `at`. */
export function latestSlot(schedule: Schedule, at: Date): Date | undefined {
  // previousRuns is strict and works in whole seconds: look one second ahead, keep those ≤ at.
  const runs = slotCron(schedule).previousRuns(2, new Date(at.getTime() + 1000));
  return runs.find((d) => d.getTime() <= at.getTime());
}

/** The next `count` slots after `after` (for previews and tests). */
export function upcomingSlots(schedule: Schedule, after: Date, count: number): Date[] {
  return slotCron(schedule).nextRuns(count, after);
}

/** A slot's stored identity. */
export function slotId(slot: Date): string {
  return slot.toISOString();
}
