import { basename } from "node:path";
import type { HttpServer } from "./http.ts";
import type { Metrics } from "./metrics.ts";
import type { StoryState } from "./reload.ts";

/** One readiness check: a name and whether it passes, with the reason when it does not. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

export interface HealthSources {
  readonly checks: () => readonly Check[] | Promise<readonly Check[]>;
  /** Reported in /readyz; a refused story edit does not make the bot unready (it still serves). */
  readonly story?: () => StoryState;
  readonly metrics: Metrics;
}

/**
 * Adds /healthz (the process answers), /readyz (200 when every check passes, else 503 with the
 * reasons) and /metrics (Prometheus text format) to the HTTP server.
 */
export function addHealthRoutes(http: HttpServer, sources: HealthSources): void {
  http.route("GET", "/healthz", (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
  });
  http.route("GET", "/readyz", async (_req, res) => {
    const checks = await sources.checks();
    const story = sources.story?.();
    const ready = checks.every((c) => c.ok);
    const body = {
      status: ready ? "ready" : "not ready",
      checks: Object.fromEntries(
        checks.map((c) => [
          c.name,
          c.ok ? (c.detail ? `ok (${c.detail})` : "ok") : (c.detail ?? "failing"),
        ]),
      ),
      story: story && {
        loadedAt: story.loadedAt.toISOString(),
        watch: story.watching ? "ok" : "broken: the data folder is missing (see the log)",
        // The file's name and field, not its absolute path (that, and the detail, is in the log).
        lastEdit: story.error
          ? `refused: ${basename(story.error.file)}${story.error.field ? ` ${story.error.field}` : ""} (see the log)`
          : "ok",
      },
    };
    res
      .writeHead(ready ? 200 : 503, { "content-type": "application/json" })
      .end(`${JSON.stringify(body)}\n`);
  });
  http.route("GET", "/metrics", async (_req, res) => {
    const text = await sources.metrics.registry.metrics();
    res.writeHead(200, { "content-type": sources.metrics.registry.contentType }).end(text);
  });
}
