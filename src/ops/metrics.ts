import { createRequire } from "node:module";
import type * as Prom from "prom-client";

/**
 * prom-client's index loads every part (Summary, Pushgateway, the cluster aggregator, and the
 * default collectors with OpenTelemetry): about 100 ms of CPU and 11 MiB at start-up, against
 * about 10 ms and 1 MiB for the four parts used here. The parts are loaded by their files
 * (prom-client is pinned to an exact version, whose layout test/ops/metrics.test.ts checks);
 * the default collectors only when asked for.
 */
const load = createRequire(import.meta.url);
const Registry = load("prom-client/lib/registry") as typeof Prom.Registry;
const Counter = load("prom-client/lib/counter") as typeof Prom.Counter;
const Gauge = load("prom-client/lib/gauge") as typeof Prom.Gauge;
const Histogram = load("prom-client/lib/histogram") as typeof Prom.Histogram;

/**
 * The bot's Prometheus metrics, on a registry of its own (tests create as many as they like).
 *
 * @example metrics.commands.inc({ platform: "discord", command: "quote", outcome: "ok" })
 */
export class Metrics {
  readonly registry = new Registry();
  readonly commands = new Counter({
    name: "summit_commands_total",
    help: "Commands served, by platform, command and outcome (ok, user_error, internal_error).",
    labelNames: ["platform", "command", "outcome"] as const,
    registers: [this.registry],
  });
  readonly commandSeconds = new Histogram({
    name: "summit_command_duration_seconds",
    help: "Time from receiving a command to handing the reply to the platform.",
    labelNames: ["platform"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly digestPosts = new Counter({
    name: "summit_digest_posts_total",
    help: "Digest posts by platform and result: sent, failed, paused, uncertain (no answer: never retried), interrupted (a request in flight when its process stopped, counted once by the next leader).",
    labelNames: ["platform", "result"] as const,
    registers: [this.registry],
  });
  readonly digestLeader = new Gauge({
    name: "summit_digest_leader",
    help: "1 while this replica is the digest leader (runs the schedules), else 0.",
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: "summit_rate_limited_total",
    help: "429 answers received from a platform API.",
    labelNames: ["platform"] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) {
      const collectDefaultMetrics = load(
        "prom-client/lib/defaultMetrics",
      ) as typeof Prom.collectDefaultMetrics;
      collectDefaultMetrics({ register: this.registry });
      // The exact Node version tells a stranger which CVEs to try: not ours to publish.
      this.registry.removeSingleMetric("nodejs_version_info");
    }
  }
}
