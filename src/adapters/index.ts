import type { Config } from "../config.ts";
import { discord } from "./discord/platform.ts";
import type { PlatformEntry } from "./entry.ts";
import { telegram } from "./telegram/platform.ts";

export type { PlatformDeps, PlatformEntry } from "./entry.ts";

/**
 * Every platform the bot can serve. Adding one: a folder beside `discord/` and `telegram/`
 * (a decoder to `Invocation`, a renderer, a sender, a service, and a `platform.ts` entry),
 * then one line here.
 */
export const platforms: readonly PlatformEntry[] = [discord, telegram];

/** The platforms the configuration enables. */
export function configuredPlatforms(config: Config): PlatformEntry[] {
  return platforms.filter((p) => p.configured(config));
}

/**
 * The channels and chats the operator subscribes by configuration, on every platform: each
 * entry reads its own variable (`DIGEST_DISCORD_CHANNELS`, `DIGEST_TELEGRAM_CHATS`).
 */
export function operatorTargets(config: Config): { platform: string; target: string }[] {
  return platforms.flatMap((p) =>
    p.operatorTargets(config).map((target) => ({ platform: p.name, target })),
  );
}
