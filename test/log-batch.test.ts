import { closeSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LineBatch } from "../src/log-batch.ts";
import { run } from "./support/run.ts";

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (chunk: string | Uint8Array) => chunks.push(String(chunk)) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("LineBatch", () => {
  it("GIVEN lines under the size THEN nothing is written until the delay after the first, then all at once", () => {
    vi.useFakeTimers();
    const out = sink();
    const batch = new LineBatch(out, { chars: 100, delayMs: 50 });
    batch.write("a\n");
    vi.advanceTimersByTime(30);
    batch.write("b\n");
    vi.advanceTimersByTime(19);
    expect(out.chunks).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(out.chunks).toEqual(["a\nb\n"]);
  });

  it("GIVEN nothing buffered THEN no timer is armed (an idle process is not woken)", () => {
    vi.useFakeTimers();
    const out = sink();
    const batch = new LineBatch(out, { chars: 100, delayMs: 50 });
    expect(vi.getTimerCount()).toBe(0);
    batch.write("a\n");
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(50);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(out.chunks).toEqual(["a\n"]);
  });

  it("GIVEN the size reached THEN the lines are written at once, in order, and the timer disarmed", () => {
    vi.useFakeTimers();
    const out = sink();
    const batch = new LineBatch(out, { chars: 10, delayMs: 50 });
    batch.write("12345\n");
    batch.write("67890\n");
    expect(out.chunks).toEqual(["12345\n67890\n"]);
    expect(vi.getTimerCount()).toBe(0);
    batch.write("x\n");
    batch.flush();
    expect(out.chunks).toEqual(["12345\n67890\n", "x\n"]);
  });

  it("GIVEN a file descriptor THEN flushSync has written the lines when it returns", () => {
    const path = join(tmpdir(), `log-batch-${process.pid}.txt`);
    const fd = openSync(path, "w");
    try {
      const out = { ...sink(), fd, writableLength: 0 };
      const batch = new LineBatch(out, { chars: 100, delayMs: 50 });
      batch.write("é1\n");
      batch.write("é2\n");
      batch.flushSync();
      expect(readFileSync(path, "utf8")).toBe("é1\né2\n");
      expect(out.chunks).toEqual([]);
    } finally {
      closeSync(fd);
    }
  });

  it("GIVEN writes queued ahead in the stream THEN flushSync queues behind them (order kept)", () => {
    const out = { ...sink(), fd: 1, writableLength: 10 };
    const batch = new LineBatch(out, { chars: 100, delayMs: 50 });
    batch.write("late\n");
    batch.flushSync();
    expect(out.chunks).toEqual(["late\n"]);
  });
});

describe("the process logger's batch", () => {
  it("GIVEN a line and a process that ends by itself THEN the line is written at exit", async () => {
    const r = await run(process.execPath, [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `import { createLogger } from "./src/log.ts";
       createLogger({ level: "info", pretty: false }).info("last words");`,
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ msg: "last words" });
  });
});
