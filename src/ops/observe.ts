import type { Reply } from "../core/reply.ts";
import type { Logger } from "../log.ts";
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
  deps.metrics?.commands.inc({ platform: event.platform, command: event.command, outcome });
  if (event.platform !== "console")
    deps.metrics?.commandSeconds.observe({ platform: event.platform }, seconds);
  const line = { ...event, latencyMs: Math.round(seconds * 10_000) / 10, outcome };
  if (outcome === "internal_error") deps.log.error({ ...line, err: error }, "command failed");
  else deps.log.info(line, "command served");
}

export function outcomeOf(reply: Reply): Outcome {
  return reply.status === "ok" ? "ok" : "user_error";
}
