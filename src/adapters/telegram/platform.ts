import type { PlatformEntry } from "../entry.ts";

/** Telegram: enabled by `TELEGRAM_BOT_TOKEN`; grammY is loaded only when it is. */
export const telegram: PlatformEntry = {
  name: "telegram",
  requires: "TELEGRAM_BOT_TOKEN",
  configured: (config) => Boolean(config.TELEGRAM_BOT_TOKEN),
  operatorTargets: (config) => config.DIGEST_TELEGRAM_CHATS,
  async service(app, { metrics, http, digests }) {
    const { createTelegramService } = await import("./service.ts");
    return createTelegramService(app, metrics, http, digests);
  },
  async sender(config, metrics, images) {
    const { senderFromConfig } = await import("./sender.ts");
    return senderFromConfig(config, metrics, images);
  },
};
