/**
 * The one way tests wait: on the state they check, polled, never on a sleep.
 *
 * `probe` is called until it returns something other than `undefined`, `false` or `null`;
 * that value is returned. The limit is a safety net so that a test which can never pass
 * says what it waited for; it sits well above anything a loaded machine needs, and just
 * below the per-test timeout (vitest.config.ts), so it asserts nothing about speed.
 *
 * @example await waitFor("the ledger row", () => ledger.history("telegram", "7")[0]);
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { limitMs?: number; everyMs?: number } = {},
): Promise<T> {
  const limit = Date.now() + (options.limitMs ?? WAIT_LIMIT_MS);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > limit) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 10));
  }
}

/** Below vitest's testTimeout/hookTimeout (60 s), so that the message names the wait. */
export const WAIT_LIMIT_MS = 50_000;
