/**
 * One shutdown deadline, handed down as an `AbortSignal` that aborts when time is up: each
 * part stops within what is left of it, instead of adding up grace periods of its own.
 *
 * @example const deadline = deadlineIn(10_000); await within(service.stop(deadline), deadline);
 */
export function deadlineIn(ms: number): AbortSignal {
  return AbortSignal.timeout(Math.max(0, ms));
}

/** A deadline from milliseconds (the older call style) or a signal. */
export function toDeadline(deadline: number | AbortSignal): AbortSignal {
  return typeof deadline === "number" ? deadlineIn(deadline) : deadline;
}

/** Resolves when `deadline` aborts (at once if it has). */
export function passed(deadline: AbortSignal): Promise<void> {
  if (deadline.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    deadline.addEventListener("abort", () => resolve(), { once: true }),
  );
}

/**
 * Waits for `work` until the deadline: true if it settled (fulfilled or rejected) in time,
 * false if the deadline came first. Never rejects; `work` goes on in the background.
 */
export async function within(work: Promise<unknown>, deadline: AbortSignal): Promise<boolean> {
  if (deadline.aborted) return false;
  let settled = false;
  const mark = () => {
    settled = true;
  };
  const done = work.then(mark, mark);
  await Promise.race([done, passed(deadline)]);
  return settled;
}
