import * as prom from "prom-client";
import { describe, expect, it } from "vitest";
import { Metrics } from "../../src/ops/metrics.ts";

describe("the metrics", () => {
  it("GIVEN the pinned prom-client THEN the parts metrics.ts loads by file are the package's own classes", () => {
    const metrics = new Metrics();
    expect(metrics.registry).toBeInstanceOf(prom.Registry);
    expect(metrics.commands).toBeInstanceOf(prom.Counter);
    expect(metrics.commandSeconds).toBeInstanceOf(prom.Histogram);
    expect(metrics.digestLeader).toBeInstanceOf(prom.Gauge);
  });

  it("GIVEN no default metrics THEN only ours are exposed; GIVEN them THEN the process ones are too, without the Node version", async () => {
    const ours = new Metrics();
    ours.commands.inc({ platform: "telegram", command: "quote", outcome: "ok" });
    const text = await ours.registry.metrics();
    expect(text).toMatch(
      /summit_commands_total\{platform="telegram",command="quote",outcome="ok"\} 1/,
    );
    expect(text).not.toContain("process_cpu_seconds_total");

    const all = await new Metrics({ defaultMetrics: true }).registry.metrics();
    expect(all).toContain("process_cpu_seconds_total");
    expect(all).toContain("summit_command_duration_seconds");
    expect(all).not.toContain("nodejs_version_info");
  });
});
