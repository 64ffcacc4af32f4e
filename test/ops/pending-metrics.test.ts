import * as prom from "prom-client";
import { describe, expect, it } from "vitest";
import { Metrics } from "../../src/ops/metrics.ts";
import { PendingCounts, PendingObservations } from "../../src/ops/pending-metrics.ts";

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Binary fractions, so that any order of addition gives the same sum; on, under and over the bounds. */
const VALUES = [2 ** -12, 2 ** -10, 0.5, 0.25, 2 ** -7, 1, 3, 2 ** -3, 64, 2 ** -12, 2.5];

function histogram(registry: prom.Registry) {
  return new prom.Histogram({
    name: "h_seconds",
    help: "h",
    labelNames: ["platform"],
    buckets: BUCKETS,
    registers: [registry],
  });
}

describe("PendingObservations", () => {
  it("GIVEN the same observations THEN the histogram reads exactly as if observed one by one, however often read", async () => {
    const direct = new prom.Registry();
    const h = histogram(direct);
    const batched = new prom.Registry();
    const pending = new PendingObservations("platform", BUCKETS);
    const target = histogram(batched);
    for (const [i, v] of VALUES.entries()) {
      const platform = i % 3 === 0 ? "discord" : "telegram";
      h.observe({ platform }, v);
      pending.observe(platform, v);
      if (i === 4) pending.addTo(target);
    }
    pending.addTo(target);
    pending.addTo(target);
    expect(await batched.metrics()).toBe(await direct.metrics());
    expect(await batched.metrics()).toContain('h_seconds_count{platform="telegram"} 7');
  });

  it("GIVEN a non-number THEN it is refused as prom-client refuses it", () => {
    expect(() => new PendingObservations("platform", BUCKETS).observe("x", Number.NaN)).toThrow(
      TypeError,
    );
  });
});

describe("PendingCounts", () => {
  it("GIVEN counts by label set THEN the counter gets each set's count once", async () => {
    const registry = new prom.Registry();
    const counter = new prom.Counter({
      name: "c_total",
      help: "c",
      labelNames: ["a", "b"],
      registers: [registry],
    });
    const counts = new PendingCounts(["a", "b"]);
    for (let i = 0; i < 5; i++) counts.add(["x", "y"]);
    counts.add(["x", "z"]);
    counts.addTo(counter);
    counts.add(["x", "y"]);
    counts.addTo(counter);
    counts.addTo(counter);
    const text = await registry.metrics();
    expect(text).toContain('c_total{a="x",b="y"} 6');
    expect(text).toContain('c_total{a="x",b="z"} 1');
  });
});

describe("Metrics' command metrics", () => {
  it("GIVEN commands counted and timed in plain numbers and directly THEN /metrics shows every one, read after read", async () => {
    const metrics = new Metrics();
    metrics.countCommand("telegram", "quote", "ok");
    metrics.countCommand("telegram", "quote", "ok");
    metrics.commands.inc({ platform: "telegram", command: "quote", outcome: "ok" });
    metrics.countCommand("discord", "unknown", "user_error");
    metrics.observeCommandSeconds("telegram", 0.002);
    metrics.commandSeconds.observe({ platform: "telegram" }, 0.2);
    for (let read = 0; read < 2; read++) {
      const text = await metrics.registry.metrics();
      expect(text).toContain(
        'summit_commands_total{platform="telegram",command="quote",outcome="ok"} 3',
      );
      expect(text).toContain(
        'summit_commands_total{platform="discord",command="unknown",outcome="user_error"} 1',
      );
      expect(text).toContain('summit_command_duration_seconds_count{platform="telegram"} 2');
      expect(text).toContain(
        'summit_command_duration_seconds_bucket{le="0.005",platform="telegram"} 1',
      );
      expect(text).toContain(
        'summit_command_duration_seconds_bucket{le="0.25",platform="telegram"} 2',
      );
    }
  });
});
