import { createRequire } from "node:module";
import type { Cron } from "croner";
import type nodeCron from "node-cron";

/**
 * The two cron libraries, loaded on first use: node-cron runs the digest schedules, croner
 * computes their slots. A bot whose configuration and subscriptions name no schedule never
 * loads either (both ship a CommonJS build, so loading on first use stays synchronous).
 */
const load = createRequire(import.meta.url);

let runner: typeof nodeCron | undefined;
let slots: typeof Cron | undefined;

/** node-cron: `schedule`, `validate`, `validateDetailed`. */
export function cronRunner(): typeof nodeCron {
  runner ??= load("node-cron") as typeof nodeCron;
  return runner;
}

/** croner's `Cron` class. */
export function cronSlots(): typeof Cron {
  slots ??= (load("croner") as { Cron: typeof Cron }).Cron;
  return slots;
}
