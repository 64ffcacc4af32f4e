/** Median and p99 of a list of durations in nanoseconds, printed in microseconds. */
export function summarize(samples: number[]): { median: number; p99: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: at(0.5), p99: at(0.99), n: sorted.length };
}

/** Times `fn` once per call, after a warm-up, and returns nanoseconds per call. */
export function sample(
  fn: () => unknown,
  iterations: number,
  warmup = Math.min(1000, iterations),
): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out = new Array<number>(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out[i] = Number(process.hrtime.bigint() - t0);
  }
  return out;
}

export function row(label: string, ns: number[]): string {
  const s = summarize(ns);
  const us = (v: number) => (v / 1000).toFixed(v < 10_000 ? 2 : 1).padStart(9);
  return `${label.padEnd(44)} ${us(s.median)} µs ${us(s.p99)} µs ${String(s.n).padStart(7)}`;
}

export const header = `${"what".padEnd(44)} ${"median".padStart(12)} ${"p99".padStart(12)} ${"runs".padStart(7)}`;
