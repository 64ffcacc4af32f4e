import { describe, expect, it } from "vitest";
import { Pacer, PacerStoppedError } from "../../src/digest/pacing.ts";

/** Most starts seen in any window of `ms` milliseconds. */
function busiest(starts: number[], ms: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while ((starts[i] as number) - (starts[j] as number) >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("Pacer", () => {
  it("never starts more than the per-second limit in any sliding second", async () => {
    const pacer = new Pacer({ telegram: { perSecond: 100, maxConcurrent: 50 } });
    const starts: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        pacer.run("telegram", String(i), async () => void starts.push(performance.now())),
      ),
    );
    expect(busiest(starts, 1000)).toBeLessThanOrEqual(100);
    // 250 at ≤ 98/s needs at least two refills, and should not need many more.
    expect(performance.now() - t0).toBeGreaterThan(1900);
    expect(performance.now() - t0).toBeLessThan(4000);
  });

  it("limits one group chat per minute without slowing the others", async () => {
    const pacer = new Pacer({
      telegram: {
        perSecond: 1000,
        perGroupPerMinute: 2,
        isGroup: (t) => t.startsWith("-"),
        maxConcurrent: 10,
      },
    });
    const done: string[] = [];
    const jobs = ["-1", "-1", "-1", "5", "-2"].map((t, i) =>
      pacer.run("telegram", t, async () => void done.push(`${t}#${i}`)),
    );
    await new Promise((r) => setTimeout(r, 200));
    // The third message to group -1 waits for the minute; everything else went out.
    expect(done.sort()).toEqual(["-1#0", "-1#1", "-2#4", "5#3"]);
    const third = expect(jobs[2]).rejects.toBeInstanceOf(PacerStoppedError);
    await pacer.stop();
    await third;
  });

  it("lets running jobs finish and rejects waiting ones on stop", async () => {
    const pacer = new Pacer({ discord: { maxConcurrent: 1 } });
    let finished = false;
    const running = pacer.run("discord", "a", async () => {
      await new Promise((r) => setTimeout(r, 50));
      finished = true;
      return "a";
    });
    const waiting = pacer.run("discord", "b", async () => "b");
    await new Promise((r) => setTimeout(r, 10));
    const dropped = expect(waiting).rejects.toBeInstanceOf(PacerStoppedError);
    await pacer.stop();
    await dropped;
    expect(await running).toBe("a");
    expect(finished).toBe(true);
    await expect(pacer.run("discord", "c", async () => "c")).rejects.toBeInstanceOf(
      PacerStoppedError,
    );
  });
});
