import { commands } from "../../commands/index.ts";
import type { Reply } from "../core/reply.ts";
import { type Logger, plainLines } from "../log.ts";
import type { PlatformName } from "../platform.ts";
import type { Metrics } from "./metrics.ts";

export type Outcome = "ok" | "user_error" | "internal_error";

export interface CommandEvent {
  readonly platform: PlatformName | "console";
  readonly command: string;
  readonly locale: string;
  /** The interaction or update id, for finding the line again. */
  readonly id?: string | number;
}

/**
 * The only values the `command` metric label takes: every served command, the entries that
 * are not story commands, and `unknown`. A name typed by a user never becomes a label by
 * itself, or 20,000 made-up commands would make 20,000 series that are never freed.
 */
const COMMAND_LABELS: ReadonlySet<string> = new Set([
  ...commands.map((c) => c.name),
  "digest",
  "start",
  "inline",
  "button",
  "autocomplete",
]);

/** `name` if it is a known command (exact), else `unknown`: the metric label for it. */
export function commandLabel(name: string): string {
  return COMMAND_LABELS.has(name) ? name : "unknown";
}

/**
 * Records one served command: one log line (platform, command, locale, latency, outcome) and
 * the metrics. Adapters call it once per command, after the reply was handed over.
 */
export function recordCommand(
  deps: { log: Logger; metrics?: Metrics },
  event: CommandEvent,
  startedAt: number,
  outcome: Outcome,
  error?: unknown,
): void {
  const seconds = (performance.now() - startedAt) / 1000;
  deps.metrics?.commands.inc({
    platform: event.platform,
    command: commandLabel(event.command),
    outcome,
  });
  if (event.platform !== "console")
    deps.metrics?.commandSeconds.observe({ platform: event.platform }, seconds);
  // The log keeps what was typed, cut short: a log line is not a series that lives forever.
  // One object per line, its fields in a fixed order (no spread of the event).
  const line = {
    platform: event.platform,
    command: event.command.slice(0, 64),
    locale: event.locale,
    id: event.id,
    latencyMs: Math.round(seconds * 10_000) / 10,
    outcome,
  };
  if (outcome === "internal_error") deps.log.error({ ...line, err: error }, "command failed");
  else plainLines(deps.log).info(line, "command served");
}

export function outcomeOf(reply: Reply): Outcome {
  return reply.status === "ok" ? "ok" : "user_error";
}
