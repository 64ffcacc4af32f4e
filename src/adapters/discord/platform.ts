import type { PlatformEntry } from "../entry.ts";

/** Discord: enabled by `DISCORD_TOKEN`; discord.js is loaded only when it is. */
export const discord: PlatformEntry = {
  name: "discord",
  requires: "DISCORD_TOKEN",
  configured: (config) => Boolean(config.DISCORD_TOKEN),
  operatorTargets: (config) => config.DIGEST_DISCORD_CHANNELS,
  async service(app, { metrics, digests }) {
    const { createDiscordService } = await import("./service.ts");
    return createDiscordService(app, metrics, digests);
  },
  async sender(config, metrics, images) {
    const { senderFromConfig } = await import("./sender.ts");
    return senderFromConfig(config, metrics, undefined, images);
  },
};
