import type { Cron } from "croner";
import { closest } from "fastest-levenshtein";
import { canonicalZone } from "../core/timezone.ts";
import { cronRunner, cronSlots } from "./cron.ts";

/** A digest rhythm: a cron expression read as wall-clock time in an IANA time zone. */
export interface Schedule {
  readonly cron: string;
  readonly timezone: string;
}

/** The identity of a schedule: one node-cron task exists per distinct key. */
export function scheduleKey(schedule: Schedule): string {
  return `${schedule.cron}|${schedule.timezone}`;
}

/** What was wrong with a piece of schedule input; each kind has its own localized wording. */
export type ScheduleProblem =
  | { readonly kind: "time"; readonly value: string }
  | { readonly kind: "timezone"; readonly value: string; readonly suggestion?: string }
  | { readonly kind: "cron"; readonly value: string; readonly detail: string }
  | { readonly kind: "too-often"; readonly value: string; readonly minMinutes: number }
  | { readonly kind: "time-and-cron" }
  | { readonly kind: "locale"; readonly value: string }
  | { readonly kind: "image"; readonly value: string }
  | { readonly kind: "unknown-word"; readonly value: string };

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: ScheduleProblem };

const TIME = /^(\d{1,2})[:hH.](\d{2})$/;

/**
 * Reads a wall-clock time ("08:00", "8:30", "18h45") as a daily cron expression.
 *
 * @example parseTime("08:00") // { ok: true, value: "0 8 * * *" }
 */
export function parseTime(text: string): Checked<string> {
  const m = TIME.exec(text.trim());
  const hour = Number(m?.[1]);
  const minute = Number(m?.[2]);
  if (!m || hour > 23 || minute > 59) return { ok: false, problem: { kind: "time", value: text } };
  return { ok: true, value: `${minute} ${hour} * * *` };
}

/** "HH:MM" when the cron expression is a plain daily time, else undefined. */
export function dailyTime(expression: string): string | undefined {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(expression);
  if (!m) return undefined;
  return `${m[2]?.padStart(2, "0")}:${m[1]?.padStart(2, "0")}`;
}

let zoneNames: string[] | undefined;

/**
 * Checks an IANA time zone through Intl and returns its canonical spelling
 * ("europe/paris" → "Europe/Paris"); a wrong one gets the closest known name as a suggestion.
 */
export function checkTimezone(text: string): Checked<string> {
  const canonical = canonicalZone(text);
  if (canonical) return { ok: true, value: canonical };
  const value = text.trim();
  zoneNames ??= Intl.supportedValuesOf("timeZone");
  const suggestion = value ? closest(value, zoneNames) : undefined;
  return { ok: false, problem: { kind: "timezone", value: text, suggestion } };
}

/** Collapses spaces, so that equal rhythms share one key and one task. */
export function normalizeCron(expression: string): string {
  return expression.trim().split(/\s+/).join(" ");
}

/**
 * Validates a cron expression with node-cron (which runs it) and croner (which computes its
 * slots); both must accept it. `minIntervalMs` refuses rhythms faster than that.
 */
export function checkCron(expression: string, minIntervalMs = 0): Checked<string> {
  const value = normalizeCron(expression);
  const bad = (detail: string): Checked<string> => ({
    ok: false,
    problem: { kind: "cron", value: expression, detail },
  });
  if (!value) return bad("empty");
  const fields = value.split(" ").length;
  if (fields < 5 || fields > 6) return bad(`${fields} field(s); 5 or 6 expected`);
  const detailed = cronRunner().validateDetailed(value);
  if (!detailed.valid) return bad(detailed.errors.map((e) => e.message).join("; ") || "invalid");
  let runs: Date[];
  try {
    runs = slotCron({ cron: value, timezone: "UTC" }).nextRuns(6, new Date(Date.UTC(2026, 0, 1)));
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  }
  if (runs.length === 0) return bad("it never fires");
  if (minIntervalMs > 0) {
    for (let i = 1; i < runs.length; i++) {
      if ((runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime() < minIntervalMs)
        return {
          ok: false,
          problem: { kind: "too-often", value: expression, minMinutes: minIntervalMs / 60_000 },
        };
    }
  }
  return { ok: true, value };
}

const crons = new Map<string, Cron>();

/**
 * The croner instance (never started) that computes a schedule's slots. `domAndDow` makes
 * day-of-month AND day-of-week both required, as node-cron does.
 */
export function slotCron(schedule: Schedule): Cron {
  const key = scheduleKey(schedule);
  let c = crons.get(key);
  if (!c) {
    const Slots = cronSlots();
    c = new Slots(schedule.cron, { timezone: schedule.timezone, paused: true, domAndDow: true });
    if (crons.size > 1000) crons.clear();
    crons.set(key, c);
  }
  return c;
}
