import type { Config } from "../config.ts";
import type { Locale } from "../core/locale.ts";
import type { PlatformName } from "../platform.ts";

/** A channel or chat the operator subscribes by configuration, on one platform. */
export interface OperatorTarget {
  readonly platform: PlatformName;
  readonly target: string;
}

/** The digest settings, from the `DIGEST_*` configuration. */
export interface DigestSettings {
  /** Default zone for commands, and the zone of operator targets (`DIGEST_TIMEZONE`). */
  readonly timezone: string;
  /** Language of operator targets (`DIGEST_LOCALE`, else `DEFAULT_LOCALE`). */
  readonly locale: Locale;
  /** Whether operator targets' digests carry the day's quote card (`DIGEST_IMAGE`; default on). */
  readonly image?: boolean;
  /** Rhythm of operator targets (`DIGEST_CRON`, else daily at `defaultTime`). */
  readonly operatorCron: string;
  /** Time used by `/digest subscribe` without a time or cron. */
  readonly defaultTime: string;
  /** `DIGEST_CATCHUP`: how old a missed slot may be and still be posted at start (0: never). */
  readonly catchupMs: number;
  /**
   * The targets the operator subscribes by configuration (`DIGEST_DISCORD_CHANNELS`, …), as
   * the platform list reads them (`operatorTargets` in `src/adapters/index.ts`).
   */
  readonly operatorTargets: readonly OperatorTarget[];
  /** The fastest rhythm an admin may choose by command (operators are not limited). */
  readonly minIntervalMs: number;
  /** A claim older than this with no outcome is reported as interrupted. */
  readonly staleClaimMs: number;
}

/**
 * Reads the digest settings from the validated configuration; the operator's targets come
 * from the platform list (the digest engine names no platform).
 */
export function digestSettings(
  config: Config,
  operatorTargets: readonly OperatorTarget[],
): DigestSettings {
  return {
    timezone: config.DIGEST_TIMEZONE,
    locale: config.DIGEST_LOCALE ?? config.defaultLocale,
    image: config.DIGEST_IMAGE,
    operatorCron: config.DIGEST_CRON ?? "0 8 * * *",
    defaultTime: "08:00",
    catchupMs: config.DIGEST_CATCHUP,
    operatorTargets,
    minIntervalMs: 3_600_000,
    staleClaimMs: 10 * 60_000,
  };
}
