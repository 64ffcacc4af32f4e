import { Writable } from "node:stream";
import { commands } from "../../../commands/index.ts";
import { commandsFor } from "../../../commands/story.ts";
import type { CommandDefinition } from "../../../commands/types.ts";
import {
  createTelegramService,
  type TelegramService,
} from "../../../src/adapters/telegram/service.ts";
import { loadConfig } from "../../../src/config.ts";
import { StoryLibrary } from "../../../src/core/library.ts";
import type { DigestService } from "../../../src/digest/service.ts";
import type { Pictures } from "../../../src/images/pictures.ts";
import { createLogger, type Logger } from "../../../src/log.ts";
import type { HttpServer } from "../../../src/ops/http.ts";
import { Metrics } from "../../../src/ops/metrics.ts";
import type { App } from "../../../src/startup.ts";
import type { ChatSpec, FakeTelegram, Json, UserSpec } from "../../fakes/telegram/server.ts";
import { DATA_DIR } from "../../support/paths.ts";
import { waitFor } from "../../support/wait.ts";

export interface Running {
  readonly service: TelegramService;
  readonly metrics: Metrics;
  /** Every log line, as written (after secret redaction). */
  readonly logs: string[];
  readonly log: Logger;
}

/** Starts the real Telegram service against the fake, with a log we can read. */
export async function startBot(
  fake: FakeTelegram,
  options: {
    env?: Record<string, string>;
    http?: HttpServer;
    extraCommands?: CommandDefinition[];
    /** Serve `/digest` and membership events; built with the bot's logger and metrics. */
    digests?: (log: Logger, metrics: Metrics) => DigestService;
    /** Attach pictures (map, quote cards) to the replies that have one. */
    pictures?: Pictures;
    /** The stories to serve (default: data/); with several, commands take the story option. */
    library?: StoryLibrary;
  } = {},
): Promise<Running> {
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    DEFAULT_LOCALE: "en",
    ...options.env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const log = createLogger({
    level: "info",
    pretty: false,
    destination,
    secrets: [fake.token, config.TELEGRAM_WEBHOOK_SECRET ?? ""],
  });
  const library = options.library ?? StoryLibrary.fromDir(DATA_DIR);
  const app: App = {
    config,
    log,
    context: {
      library,
      commands: commandsFor([...commands, ...(options.extraCommands ?? [])], library),
      ...(options.pictures ? { pictures: options.pictures } : {}),
    },
  };
  const metrics = new Metrics();
  const digests = options.digests?.(log, metrics);
  const service = createTelegramService(app, metrics, options.http, digests);
  digests?.setSender(service.sender);
  await service.start();
  return { service, metrics, logs, log };
}

export const privateChat = (id = 1001): ChatSpec => ({ id, type: "private" });
export const english: UserSpec = { id: 1001, language_code: "en" };
export const french: UserSpec = { id: 1002, language_code: "fr-FR" };

/** Waits until `count` more successful messages reach the chat; returns them. */
export async function nextMessages(fake: FakeTelegram, chatId: number, act: () => void, count = 1) {
  const before = fake.sentTo(chatId).length;
  act();
  await waitFor(
    `${count} message(s) to chat ${chatId}`,
    () => fake.sentTo(chatId).length >= before + count,
  );
  return fake.sentTo(chatId).slice(before);
}

/** The buttons of a sent message: [label, callback data]. */
export function buttons(message: { params: Json }): [string, string][] {
  return (message.params.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b: Json) => [b.text, b.callback_data]);
}
