import { describeShards, shardOptions } from "./adapters/discord/shards.ts";
import { configuredPlatforms, operatorTargets } from "./adapters/index.ts";
import { type CliIo, isEntryPoint, processIo, startupFailure } from "./cli/io.ts";
import { passed, within } from "./deadline.ts";
import { type Leadership, PostgresLeader, SoleLeader } from "./digest/leader.ts";
import { type DigestService, openDigestService } from "./digest/service.ts";
import { Metrics } from "./ops/metrics.ts";
import { StoryWatcher } from "./ops/reload.ts";
import type { PlatformService, ReplySender } from "./platform.ts";
import { type App, prepare } from "./startup.ts";
import { checkDatabase } from "./storage/open.ts";

/** The one shutdown deadline: from SIGINT/SIGTERM to exit, whatever the platforms do. */
export const SHUTDOWN_MS = 10_000;

/**
 * `npm start`: validates everything, then serves every configured platform until `io.stop`
 * aborts. With no platform token it opens the local console on a terminal, and refuses to
 * run headless. `npm start -- --check` validates the configuration, the story data and the
 * database (opened read-only), then exits.
 *
 * @example const code = await main({ argv: ["--check"], env, stdout, stderr });
 */
export async function main(
  io: CliIo & {
    terminal?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
    /** Called once the app is prepared (the entry point logs signals with its logger). */
    onPrepared?: (app: App) => void;
  },
): Promise<number> {
  let app: App;
  try {
    app = prepare(io.env, { dotenv: io.dotenv ?? false });
  } catch (error) {
    return startupFailure(error, io.stderr);
  }
  io.onPrepared?.(app);
  const { library } = app.context;
  if (io.argv.includes("--check")) {
    let database: string;
    try {
      database = await checkDatabase(app.config);
    } catch (error) {
      return startupFailure(error, io.stderr);
    }
    const shards = describeShards(shardOptions(app.config));
    io.stdout.write(
      `Configuration OK. ${library.stories.length} story file(s) OK; default story: ${library.default.id} (${library.default.file}).\n${database}\n${shards ? `${shards}\n` : ""}`,
    );
    return 0;
  }
  if (configuredPlatforms(app.config).length === 0) {
    if (io.terminal) {
      // Loaded only here: serving a platform never needs the console.
      const { runConsole } = await import("./cli/console.ts");
      await runConsole(app, io.terminal.input, io.terminal.output);
      return 0;
    }
    io.stderr.write(
      "summit-brief: no platform configured and no terminal to open the console on.\nSet DISCORD_TOKEN and/or TELEGRAM_BOT_TOKEN (see .env.example), or run `npm start` in a terminal for the local console.\n",
    );
    return 1;
  }
  return serve(app, io.stop ?? new AbortController().signal, { stderr: io.stderr });
}

/**
 * Serves until `stop` aborts, then stops everything within one deadline (`shutdownMs`), handed
 * down as one AbortSignal: digests first (a post in flight still needs its platform), then the
 * platforms and the HTTP server, the database last, always. Resolves 0 after a stop, 1 if a
 * platform could not start, 2 if the database could not be opened.
 */
export async function serve(
  app: App,
  stop: AbortSignal,
  options: { shutdownMs?: number; stderr?: CliIo["stderr"] } = {},
): Promise<number> {
  const { config, log } = app;
  const ops = config.HTTP_PORT === undefined ? undefined : await loadHttp();
  const http = ops && new ops.HttpServer(log);
  // The process metrics (event loop, GC, memory) are collected only when /metrics can serve them.
  const metrics = new Metrics({ defaultMetrics: http !== undefined });
  let digests: DigestService;
  try {
    digests = await openDigestService(app, metrics, {
      operatorTargets: operatorTargets(config),
    });
  } catch (error) {
    await http?.close();
    return startupFailure(error, options.stderr ?? process.stderr);
  }
  // Platform file ids of uploaded pictures live in the database: a restart never re-uploads.
  app.context.pictures?.useFileIds(digests.store.fileIds);
  const services: (PlatformService & { sender: ReplySender })[] = [];
  for (const platform of configuredPlatforms(config))
    services.push(await platform.service(app, { metrics, http, digests }));
  for (const s of services) digests.setSender(s.sender);
  const watcher = new StoryWatcher(config.DATA_DIR, app.context, log);
  if (ops && http) {
    ops.addHealthRoutes(http, {
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
  // Losing the digest leadership while polling Telegram stops the process too (exit 1).
  const leadershipLost = new AbortController();
  const stopping = AbortSignal.any([stop, leadershipLost.signal]);

  /** Every part within the same deadline; the database closed last, whatever happened. */
  const shutDown = async (deadline: AbortSignal) => {
    watcher.stop();
    try {
      if (!(await within(leadership.stop(), deadline)))
        log.warn("shutdown deadline: digest leadership not released");
      await within(
        digests.stop(deadline).catch((err) => log.error({ err }, "digest stop failed")),
        deadline,
      );
      await within(Promise.allSettled(services.map((s) => s.stop(deadline))), deadline);
      if (http && !(await within(http.close(), deadline)))
        log.warn("shutdown deadline: HTTP server not closed");
      if (deadline.aborted) log.warn("shutdown deadline reached: stopping anyway");
      await app.context.pictures?.close();
    } finally {
      await digests.close(0).catch((err) => log.error({ err }, "database close failed"));
    }
  };

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
      if (services.some(pollsTelegram) && !stopping.aborted) {
        // A poller cannot be restarted in place: exit, and let the supervisor start a standby.
        log.error("digest leader lost while polling Telegram: exiting to restart as a standby");
        leadershipLost.abort("leadership lost");
      }
    });
    // Pictures (map, quote cards) are not rendered ahead: each is drawn on first use, in a
    // worker thread that loads the map data and the renderer only then (images/drawer.ts).
  } catch (error) {
    log.fatal({ err: error }, "start failed");
    await shutDown(AbortSignal.timeout(options.shutdownMs ?? SHUTDOWN_MS));
    return 1;
  }
  log.info({ platforms: services.map((s) => s.name) }, "serving");
  await passed(stopping);
  log.info({ signal: String(stopping.reason ?? "stop") }, "shutting down");
  await shutDown(AbortSignal.timeout(options.shutdownMs ?? SHUTDOWN_MS));
  log.info("stopped");
  return leadershipLost.signal.aborted ? 1 : 0;
}

/** The HTTP server and its health routes, loaded only when `HTTP_PORT` asks for them. */
async function loadHttp() {
  const [{ HttpServer }, { addHealthRoutes }] = await Promise.all([
    import("./ops/http.ts"),
    import("./ops/health.ts"),
  ]);
  return { HttpServer, addHealthRoutes };
}

if (isEntryPoint(import.meta.url)) {
  const stopping = new AbortController();
  let log: App["log"] | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping.signal.aborted) {
      log?.warn({ signal }, "second signal: exiting at once");
      process.exit(1);
    }
    stopping.abort(signal);
  };
  const terminal =
    process.stdin.isTTY && process.stdout.isTTY
      ? { input: process.stdin, output: process.stdout }
      : undefined;
  const code = await main({
    ...processIo(),
    stop: stopping.signal,
    ...(terminal ? { terminal } : {}),
    onPrepared: (app) => {
      log = app.log;
      if (configuredPlatforms(app.config).length === 0) return;
      // Serving: a signal starts the shutdown (the console and --check keep Node's defaults).
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      // One bad update or interaction must never take the process down (logged, redacted).
      process.on("unhandledRejection", (reason) =>
        log?.error({ err: reason }, "unhandled rejection"),
      );
    },
  });
  process.exitCode = code;
  // After a stop, whatever is still open (a socket a platform never closed) must not keep the
  // process: the logs are written synchronously, so exit now. Otherwise let stdout drain.
  if (stopping.signal.aborted) process.exit(code);
  setTimeout(() => process.exit(code), 1_000).unref();
}
