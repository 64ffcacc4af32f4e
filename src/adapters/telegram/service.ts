import { autoRetry } from "@grammyjs/auto-retry";
import { type RunnerHandle, run, sequentialize } from "@grammyjs/runner";
import { Bot, type Context, GrammyError } from "grammy";
import type { BotCommand } from "grammy/types";
import { LOCALES, type Locale } from "../../core/locale.ts";
import { deadlineIn, within } from "../../deadline.ts";
import type { DigestService } from "../../digest/service.ts";
import type { HttpServer } from "../../ops/http.ts";
import type { Metrics } from "../../ops/metrics.ts";
import type { PlatformService, ReplySender } from "../../platform.ts";
import { type App, senderPictures, withDigests } from "../../startup.ts";
import { type BotContext, commandNames, decodeUpdate } from "./decode.ts";
import { createHandlers } from "./handlers.ts";
import { applyMembership, type MembershipChange } from "./membership.ts";
import { type Reachability, watchCalls } from "./network.ts";
import { senderFromConfig } from "./sender.ts";
import { webhookHandler } from "./webhook.ts";

/** The updates we handle; Telegram sends nothing else. */
const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"] as const;
/** The deadline of a `stop()` called without one (tests, start-up failures). */
const STOP_MS = 6_000;

/** The running Telegram bot, as `main.ts` and the digest scheduler see it. */
export interface TelegramService extends PlatformService {
  /** Posts replies to a chat (scheduled digests). */
  readonly sender: ReplySender;
  readonly bot: Bot<BotContext>;
  /** Calls `listener` when the bot is added to, removed from, or moved with a chat. */
  onMembershipChange(listener: (change: MembershipChange) => void | Promise<void>): void;
}

/** The command menu in one language: every command of the list. */
export function commandMenu(app: App, locale: Locale): BotCommand[] {
  return app.context.commands.map((c) => ({
    command: c.name,
    description: c.description[locale],
  }));
}

/**
 * The Telegram platform: a grammy bot serving the neutral commands. Long polling through
 * @grammyjs/runner (updates of different chats run concurrently, each chat's in order), or a
 * webhook on the process's HTTP server when `TELEGRAM_WEBHOOK_URL` is set. Interactive replies
 * retry 429 and 5xx answers as the API asks (@grammyjs/auto-retry); the digest sender has its
 * own client without auto-retry, since the digest engine owns those retries.
 *
 * With `digests`: `/digest` in the menu and in chats, and membership changes (kicked, re-added,
 * group upgraded) pause, resume or move the chat's subscription.
 *
 * @example const telegram = createTelegramService(app, metrics, http, digests); await telegram.start();
 */
export function createTelegramService(
  app: App,
  metrics: Metrics,
  http?: HttpServer,
  digests?: DigestService,
): TelegramService {
  const { config, log } = app;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error("TELEGRAM_BOT_TOKEN is not set");
  const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
  if (webhookUrl && !http) throw new Error("TELEGRAM_WEBHOOK_URL needs HTTP_PORT (the server)");

  const bot = new Bot<BotContext>(
    token,
    config.TELEGRAM_API_ROOT ? { client: { apiRoot: config.TELEGRAM_API_ROOT } } : {},
  );
  // Under auto-retry, so it sees each attempt: 429s counted, poll health (readiness follows
  // the polls), and network failures, which are ours (bounded, logged, shown in /readyz):
  // auto-retry alone backs off silently up to an hour and retries them without limit.
  const reachability: Reachability = { pollHealthy: true };
  bot.api.config.use(watchCalls(log, reachability, metrics));
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, rethrowHttpErrors: true }),
  );

  const listeners = new Set<(change: MembershipChange) => void | Promise<void>>();
  let inFlight = 0;
  let lastHandled: number | undefined;
  let drained: (() => void) | undefined;

  if (digests) listeners.add((change) => applyMembership(digests, change));
  const names = commandNames(app.context.commands);
  const handle = createHandlers({
    context: withDigests(app, digests),
    defaultLocale: config.readerFallbackLocale,
    log,
    metrics,
    onMembership: async (change) => {
      log.info({ change }, "telegram membership changed");
      for (const listener of listeners) await listener(change);
    },
  });
  // Long polling: each chat's updates in order, except story answers (`pure` commands): they
  // change nothing, so they need not wait for the chat's previous update to finish (its reply
  // to be acknowledged), a wait the bare bot does not have.
  const inOrder = webhookUrl ? undefined : sequentialize((ctx: Context) => ctx.chat?.id.toString());
  // The one middleware: decodes the update once, routes it, and tracks what is being handled,
  // so stop() can wait for it and confirm the right offset.
  bot.use(async (ctx) => {
    inFlight++;
    try {
      const route = decodeUpdate(ctx, names);
      if (!inOrder || (route.kind === "command" && route.pure)) await handle(ctx, route);
      else await inOrder(ctx, () => handle(ctx, route));
    } finally {
      inFlight--;
      lastHandled = Math.max(lastHandled ?? 0, ctx.update.update_id);
      if (inFlight === 0) drained?.();
    }
  });
  // Last resort: nothing one update does may end the process.
  bot.catch((error) =>
    log.error({ err: error.error, updateId: error.ctx.update.update_id }, "update failed"),
  );

  let runner: RunnerHandle | undefined;
  let serving = false;
  let stopped = false;
  /** The command menu, set in the background once serving (`stop()` aborts and awaits it). */
  const menuAbort = new AbortController();
  let menu: Promise<void> | undefined;

  /** Never rejects: the menu is a convenience, commands work without it. */
  const setMenu = async () => {
    // grammy types its signal with the abort-controller shim; Node's is the same at run time.
    const signal = menuAbort.signal as Parameters<typeof bot.api.setMyCommands>[2];
    try {
      // The default menu is English; each other locale gets its own for its users.
      await bot.api.setMyCommands(commandMenu(app, "en"), undefined, signal);
      for (const locale of LOCALES.filter((l) => l !== "en"))
        await bot.api.setMyCommands(commandMenu(app, locale), { language_code: locale }, signal);
    } catch (error) {
      if (menuAbort.signal.aborted) log.info("command menu not set: stopping");
      else log.error({ err: error }, "setMyCommands failed");
    }
  };

  return {
    name: "telegram",
    bot,
    sender: senderFromConfig(config, metrics, senderPictures(app)),
    onMembershipChange: (listener) => void listeners.add(listener),
    isReady: () =>
      serving &&
      !stopped &&
      reachability.problem === undefined &&
      (runner ? runner.isRunning() && reachability.pollHealthy : true),
    problem: () => reachability.problem,

    async start() {
      try {
        // getMe, and with long polling the removal of a webhook left by an earlier deployment
        // (getUpdates would fail with 409): independent calls, made together. Both are done
        // before the first poll.
        await Promise.all([bot.init(), webhookUrl ? undefined : bot.api.deleteWebhook()]);
      } catch (error) {
        if (error instanceof GrammyError && error.error_code === 401)
          throw new Error("Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized)");
        throw error;
      }
      if (webhookUrl && http) {
        const handle = webhookHandler(bot, config.TELEGRAM_WEBHOOK_SECRET, log);
        http.route("POST", new URL(webhookUrl).pathname, async (req, res) => {
          // After stop(), Telegram must retry later (to the next instance), not lose updates.
          if (stopped) return void res.writeHead(503).end();
          await handle(req, res);
        });
        await bot.api.setWebhook(webhookUrl, {
          secret_token: config.TELEGRAM_WEBHOOK_SECRET,
          allowed_updates: ALLOWED_UPDATES,
        });
      } else {
        runner = run(bot, {
          runner: { fetch: { allowed_updates: ALLOWED_UPDATES, timeout: 30 } },
        });
      }
      serving = true;
      // The menu does not hold up serving: three calls, retried on 429 and network failures.
      menu = setMenu();
      log.info(
        { username: bot.botInfo.username, mode: runner ? "polling" : "webhook" },
        "telegram serving",
      );
    },

    async stop(deadline = deadlineIn(STOP_MS)) {
      if (stopped) return;
      stopped = true;
      menuAbort.abort();
      const [polling, menuDone] = await Promise.all([
        runner?.isRunning() ? within(runner.stop(), deadline) : true,
        menu ? within(menu, deadline) : true,
      ]);
      if (!polling) log.warn("shutdown deadline: the long poll did not end");
      if (!menuDone) log.warn("shutdown deadline: the command menu calls did not end");
      if (inFlight > 0) {
        const idle = new Promise<void>((resolve) => (drained = resolve));
        if (!(await within(idle, deadline)))
          log.warn({ inFlight }, "shutdown deadline: updates still in flight");
      }
      // Confirm what we handled, so a restart does not handle it twice (runner.stop does not).
      if (runner && lastHandled !== undefined && !deadline.aborted) {
        await bot.api
          // grammy types its signal with the abort-controller shim; Node's is the same at run time.
          .getUpdates(
            { offset: lastHandled + 1, limit: 1, timeout: 0 },
            deadline as Parameters<typeof bot.api.getUpdates>[1],
          )
          .catch((error: unknown) => log.warn({ err: error }, "could not confirm the last update"));
      }
      serving = false;
      log.info({ lastHandled }, "telegram stopped");
    },
  };
}
