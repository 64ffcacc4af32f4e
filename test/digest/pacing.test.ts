import { describe, expect, it } from "vitest";
import { Pacer, PacerStoppedError } from "../../src/digest/pacing.ts";
import { waitFor } from "../support/wait.ts";

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
    // 250 at ≤ 100/s needs at least two refills.
    expect(performance.now() - t0).toBeGreaterThan(1900);
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
    await waitFor("the jobs that may start", () => done.length >= 4);
    // The third message to group -1 waits for the minute; everything else went out.
    expect(done.sort()).toEqual(["-1#0", "-1#1", "-2#4", "5#3"]);
    const third = expect(jobs[2]).rejects.toBeInstanceOf(PacerStoppedError);
    await pacer.stop();
    await third;
  });

  it("starts a lane's jobs in the order they were asked for, the first ones included", async () => {
    const pacer = new Pacer({ discord: { maxConcurrent: 1 } });
    const started: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) => pacer.run("discord", String(i), async () => void started.push(i))),
    );
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it("GIVEN stop() before the first send got its queue THEN that send is dropped, never run", async () => {
    const pacer = new Pacer({ discord: { maxConcurrent: 1 } });
    let ran = false;
    const job = pacer.run("discord", "a", async () => {
      ran = true;
    });
    await pacer.stop();
    await expect(job).rejects.toBeInstanceOf(PacerStoppedError);
    expect(ran).toBe(false);
  });

  it("lets running jobs finish and rejects waiting ones on stop", async () => {
    const pacer = new Pacer({ discord: { maxConcurrent: 1 } });
    let started = false;
    let finished = false;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = pacer.run("discord", "a", async () => {
      started = true;
      await gate;
      finished = true;
      return "a";
    });
    const waiting = pacer.run("discord", "b", async () => "b");
    await waitFor("the first job to run", () => started);
    const dropped = expect(waiting).rejects.toBeInstanceOf(PacerStoppedError);
    const stopping = pacer.stop();
    release();
    await stopping;
    await dropped;
    expect(await running).toBe("a");
    expect(finished).toBe(true);
    await expect(pacer.run("discord", "c", async () => "c")).rejects.toBeInstanceOf(
      PacerStoppedError,
    );
  });
});
