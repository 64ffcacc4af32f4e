import { renderConsole } from "../adapters/console/render.ts";
import { operatorTargets, platforms } from "../adapters/index.ts";
import { deadlineIn, passed } from "../deadline.ts";
import { type DigestService, openDigestService } from "../digest/service.ts";
import { nextSlot } from "../digest/slots.ts";
import type { PlatformName, ReplySender } from "../platform.ts";
import { type App, prepare, senderPictures } from "../startup.ts";
import { type CliIo, isEntryPoint, processIo, startupFailure } from "./io.ts";

/** From SIGTERM/SIGINT to exit: the sends in flight finish and are recorded within it. */
const SHUTDOWN_MS = 10_000;

/**
 * `npm run digest -- --preview`: prints the digests that are due (each active target's latest
 * slot not yet posted), without posting or recording anything.
 * `npm run digest -- --now`: posts them at once, through the platforms' senders, and records
 * them in the ledger. Exit 0 when everything due went out, 1 otherwise, 2 on a start-up error.
 * Both see the operator's targets (DIGEST_CRON with DIGEST_TELEGRAM_CHATS /
 * DIGEST_DISCORD_CHANNELS) as the running bot does.
 *
 * @example await main({ argv: ["--preview"], env, stdout, stderr }) // 0
 */
export async function main(io: CliIo): Promise<number> {
  const mode = io.argv.includes("--now")
    ? "now"
    : io.argv.includes("--preview")
      ? "preview"
      : undefined;
  if (!mode) {
    io.stderr.write("usage: npm run digest -- --preview | --now\n");
    return 1;
  }
  let app: App;
  let service: DigestService;
  try {
    app = prepare(io.env, { dotenv: io.dotenv ?? false });
    service = await openDigestService(app, undefined, {
      operatorTargets: operatorTargets(app.config),
    });
    // Cards uploaded by the bot (or an earlier run) are sent by their file ids.
    app.context.pictures?.useFileIds(service.store.fileIds);
  } catch (error) {
    return startupFailure(error, io.stderr);
  }
  try {
    await service.syncOperatorTargets();
    return mode === "preview" ? await preview(app, service, io) : await postNow(app, service, io);
  } catch (error) {
    return startupFailure(error, io.stderr);
  } finally {
    await service.close(deadlineIn(SHUTDOWN_MS));
  }
}

async function preview(app: App, service: DigestService, io: CliIo): Promise<number> {
  const items = await service.previewDue();
  if (items.length === 0) {
    io.stdout.write(`${await nothingDue(app, service)}\n`);
    return 0;
  }
  for (const item of items) {
    io.stdout.write(
      `=== ${item.platform} ${item.target} — slot ${item.slot.toISOString()} ===\n${renderConsole(item.reply)}\n\n`,
    );
  }
  io.stdout.write(`${items.length} digest(s) due (preview only: nothing posted).\n`);
  return 0;
}

/** Why nothing is due: no target at all, or each target's next slot. */
async function nothingDue(app: App, service: DigestService): Promise<string> {
  const targets = await service.store.subscriptions.active();
  if (targets.length === 0)
    return `No digest is due: there is no digest target. Set DIGEST_CRON with DIGEST_TELEGRAM_CHATS and/or DIGEST_DISCORD_CHANNELS, or subscribe a chat with /digest subscribe. Database: ${app.config.DATABASE_PATH}`;
  const now = new Date();
  const lines = targets.map((s) => {
    const next = nextSlot({ cron: s.cron, timezone: s.timezone }, now);
    return `  ${s.platform} ${s.target} (${s.source}): next slot ${next ? next.toISOString() : "none"}`;
  });
  return `No digest is due: each of the ${targets.length} target(s) has its latest slot posted (or claimed), or was set up after it.\n${lines.join("\n")}\nDatabase: ${app.config.DATABASE_PATH}`;
}

async function postNow(app: App, service: DigestService, io: CliIo): Promise<number> {
  const { log } = app;
  const due = await service.previewDue();
  if (due.length === 0) {
    io.stdout.write(`${await nothingDue(app, service)}\n`);
    return 0;
  }
  const platforms = new Set<PlatformName>(due.map((d) => d.platform));
  for (const platform of platforms) {
    const sender = await senderFor(app, platform);
    if (typeof sender === "string") io.stderr.write(`${sender}\n`);
    else service.setSender(sender);
  }
  if (io.stop)
    void passed(io.stop).then(() => {
      log.info("stopping: letting the sends in flight finish");
      return service.stop(deadlineIn(SHUTDOWN_MS));
    });
  const report = await service.runDue();
  const c = report.count;
  io.stdout.write(
    `Posted ${c.sent}; failed ${c.failed}; paused ${c.paused}; uncertain (not re-sent) ${c.uncertain}; already claimed ${c.skipped}; no sender ${c["no-sender"]}; stopped ${c.stopped}; 429s ${report.rateLimited}.\n`,
  );
  for (const o of report.outcomes.filter((o) => o.result !== "sent"))
    io.stdout.write(
      `  ${o.platform} ${o.target} ${o.slotAt}: ${o.result}${o.reason ? ` (${o.reason})` : ""}\n`,
    );
  return c.sent === report.outcomes.length ? 0 : 1;
}

/** The platform's sender, built from the configuration, or why there is none. */
async function senderFor(app: App, platform: PlatformName): Promise<ReplySender | string> {
  const entry = platforms.find((p) => p.name === platform);
  if (!entry)
    return `${platform}: no such platform in this version; its digests are left for later.`;
  if (!entry.configured(app.config))
    return `${platform}: ${entry.requires} is not set; its digests are left for later.`;
  return entry.sender(app.config, undefined, senderPictures(app));
}

if (isEntryPoint(import.meta.url)) {
  const stopping = new AbortController();
  const onSignal = () => {
    if (stopping.signal.aborted) process.exit(1);
    stopping.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.exitCode = await main({ ...processIo(), stop: stopping.signal });
  // Signal listeners and keep-alive sockets must not hold the process once the work is done.
  setTimeout(() => process.exit(), 1_000).unref();
}
