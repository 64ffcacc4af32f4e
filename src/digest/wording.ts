import { echo, TAGS } from "../core/format.ts";
import type { Locale } from "../core/locale.ts";
import type { Block, Reply } from "../core/reply.ts";
import type { Subscription } from "../storage/subscriptions.ts";
import { digestMessages } from "./messages.ts";
import { dailyTime, type ScheduleProblem } from "./schedule.ts";
import { nextSlot } from "./slots.ts";

/** A reader's mistake in `/digest` options, worded in their language; what they typed is echoed safely. */
export function problemReply(locale: Locale, problem: ScheduleProblem): Reply {
  const m = digestMessages[locale];
  const text = (() => {
    switch (problem.kind) {
      case "time":
        return m.badTime(echo(problem.value));
      case "timezone":
        return m.badTimezone(echo(problem.value), problem.suggestion);
      case "cron":
        return m.badCron(echo(problem.value), echo(problem.detail));
      case "too-often":
        return m.tooOften(echo(problem.value), problem.minMinutes);
      case "time-and-cron":
        return m.timeAndCron;
      case "locale":
        return m.badLocale(echo(problem.value));
      case "image":
        return m.badImage(echo(problem.value));
      case "unknown-word":
        return m.unknownWord(echo(problem.value));
    }
  })();
  return { status: "user-error", title: m.badInputTitle, blocks: [{ type: "text", text }] };
}

/** `/digest` alone (status "ok"), or after a word it does not know (a user error, with `lead`). */
export function usageReply(locale: Locale, status: Reply["status"], lead?: string): Reply {
  const m = digestMessages[locale];
  const blocks: Block[] = lead ? [{ type: "text", text: lead }] : [];
  blocks.push({ type: "list", items: [...m.usage] });
  return { status, title: m.usageTitle, blocks };
}

/** One short text as a reply. */
export function note(status: Reply["status"], title: string, text: string): Reply {
  return { status, title, blocks: [{ type: "text", text }] };
}

/** "every day at 08:00 (Europe/Paris)", or the cron expression with its zone. */
export function describeSchedule(sub: Subscription, locale: Locale): string {
  const m = digestMessages[locale];
  const time = dailyTime(sub.cron);
  return time ? m.daily(time, sub.timezone) : m.cron(sub.cron, sub.timezone);
}

/** The next post after `now`, as the target's zone shows it. */
export function nextText(sub: Subscription, locale: Locale, now: Date): string {
  const next = nextSlot({ cron: sub.cron, timezone: sub.timezone }, now);
  return next ? when(next, sub.timezone, locale) : digestMessages[locale].noNext;
}

/** A date as the target's zone shows it, in the reader's language. */
export function when(date: Date, timezone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(TAGS[locale], {
    timeZone: timezone,
    dateStyle: "full",
    timeStyle: "short",
  }).format(date);
}
