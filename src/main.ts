import { configuredPlatforms } from "./adapters/index.ts";
import { runConsole } from "./cli/console.ts";
import { type Leadership, PostgresLeader, SoleLeader } from "./digest/leader.ts";
import { type DigestService, openDigestService } from "./digest/service.ts";
import { addHealthRoutes } from "./ops/health.ts";
import { HttpServer } from "./ops/http.ts";
import { Metrics } from "./ops/metrics.ts";
import { StoryWatcher } from "./ops/reload.ts";
import type { PlatformService, ReplySender } from "./platform.ts";
import { type App, exitOnStartupError, prepare } from "./startup.ts";
import { checkDatabase } from "./storage/open.ts";

/** How long in-flight work may take to finish after SIGINT/SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `npm start`: validates everything, then serves every configured platform. With no platform
 * token it opens the local console on a terminal, and refuses to run headless.
 * `npm start -- --check` validates the configuration, the story data and the database (opened
 * read-only), then exits.
 */
async function main(argv: string[]): Promise<number> {
  let app: App;
  try {
    app = prepare();
  } catch (error) {
    exitOnStartupError(error);
  }
  const { library } = app.context;
  if (argv.includes("--check")) {
    let database: string;
    try {
      database = await checkDatabase(app.config);
    } catch (error) {
      exitOnStartupError(error);
    }
    process.stdout.write(
      `Configuration OK. ${library.stories.length} story file(s) OK; default story: ${library.default.id} (${library.default.file}).\n${database}\n`,
    );
    return 0;
  }
  if (configuredPlatforms(app.config).length === 0) {
    if (process.stdin.isTTY && process.stdout.isTTY) {
      await runConsole(app);
      return 0;
    }
    process.stderr.write(
      "summit-brief: no platform configured and no terminal to open the console on.\nSet DISCORD_TOKEN and/or TELEGRAM_BOT_TOKEN (see .env.example), or run `npm start` in a terminal for the local console.\n",
    );
    return 1;
  }
  return serve(app);
}

async function serve(app: App): Promise<number> {
  const { config, log } = app;
  const metrics = new Metrics({ defaultMetrics: true });
  const http = config.HTTP_PORT === undefined ? undefined : new HttpServer(log);
  let digests: DigestService;
  try {
    digests = await openDigestService(app, metrics);
  } catch (error) {
    await http?.close();
    exitOnStartupError(error);
  }
  const services: (PlatformService & { sender: ReplySender })[] = [];
  for (const platform of configuredPlatforms(config))
    services.push(await platform.service(app, { metrics, http, digests }));
  for (const s of services) digests.setSender(s.sender);
  const watcher = new StoryWatcher(config.DATA_DIR, app.context, log);
  if (http) {
    addHealthRoutes(http, {
      metrics,
      story: () => watcher.state,
      checks: async () => [
        ...services.map((s) => ({
          name: s.name,
          ok: s.isReady(),
          detail: s.isReady() ? undefined : (s.problem?.() ?? "not connected"),
        })),
        await digests.databaseCheck(),
      ],
    });
  }

  const leadership: Leadership =
    config.DATABASE_URL && digests.store.engine === "postgres"
      ? new PostgresLeader({ url: config.DATABASE_URL, log })
      : new SoleLeader();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting at once");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, "shutting down");
    watcher.stop();
    const timer = setTimeout(() => {
      log.error("shutdown took too long: exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    await leadership.stop();
    // Digests first: a post in flight still needs its platform's connection.
    await digests
      .stop(SHUTDOWN_GRACE_MS / 2)
      .catch((err) => log.error({ err }, "digest stop failed"));
    await Promise.allSettled(services.map((s) => s.stop()));
    await digests.close(0).catch((err) => log.error({ err }, "database close failed"));
    await http?.close();
    log.info("stopped");
    process.exit(signal === "leadership lost" ? 1 : 0);
  };
  // One bad update or interaction must never take the process down.
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  try {
    if (http && config.HTTP_PORT !== undefined)
      await http.listen(config.HTTP_PORT, config.HTTP_HOST);
    // Two long pollers on one token get 409 Conflict: with replicas, only the leader polls.
    const pollsTelegram = (s: { name: string }) =>
      s.name === "telegram" && !config.TELEGRAM_WEBHOOK_URL && digests.store.engine === "postgres";
    await Promise.all(services.filter((s) => !pollsTelegram(s)).map((s) => s.start()));
    watcher.start();
    leadership.start((leading) => {
      metrics.digestLeader.set(leading ? 1 : 0);
      if (leading) {
        for (const s of services.filter(pollsTelegram))
          s.start().catch((err) => log.error({ err }, "telegram start failed"));
        // Catch-up posts run in the background; the scheduler starts at once.
        digests.start().catch((err) => log.error({ err }, "digest start failed"));
        return;
      }
      digests.standBy();
      if (services.some(pollsTelegram) && !stopping) {
        // A poller cannot be restarted in place: exit, and let the supervisor start a standby.
        log.error("digest leader lost while polling Telegram: exiting to restart as a standby");
        void stop("leadership lost");
      }
    });
  } catch (error) {
    log.fatal({ err: error }, "start failed");
    await Promise.allSettled(services.map((s) => s.stop()));
    await digests.close(0).catch(() => {});
    await http?.close();
    return 1;
  }
  log.info({ platforms: services.map((s) => s.name) }, "serving");
  return new Promise<number>(() => {});
}

process.exitCode = await main(process.argv.slice(2));
