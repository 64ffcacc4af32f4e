import { renderConsole } from "../adapters/console/render.ts";
import { platforms } from "../adapters/index.ts";
import { type DigestService, openDigestService } from "../digest/service.ts";
import type { PlatformName, ReplySender } from "../platform.ts";
import { type App, exitOnStartupError, prepare } from "../startup.ts";

/** How long the send in flight may take to finish after SIGTERM/SIGINT. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `npm run digest -- --preview`: prints the digests that are due (each active target's latest
 * slot not yet posted), without posting or recording anything.
 * `npm run digest -- --now`: posts them at once, through the platforms' senders, and records
 * them in the ledger. Exit 0 when everything due went out, 1 otherwise, 2 on a start-up error.
 */
async function main(argv: string[]): Promise<number> {
  const mode = argv.includes("--now") ? "now" : argv.includes("--preview") ? "preview" : undefined;
  if (!mode) {
    process.stderr.write("usage: npm run digest -- --preview | --now\n");
    return 1;
  }
  let app: App;
  let service: DigestService;
  try {
    app = prepare();
    service = await openDigestService(app);
  } catch (error) {
    exitOnStartupError(error);
  }
  try {
    return mode === "preview" ? await preview(app, service) : await postNow(app, service);
  } finally {
    await service.close(SHUTDOWN_GRACE_MS);
  }
}

async function preview(app: App, service: DigestService): Promise<number> {
  const items = await service.previewDue();
  if (items.length === 0) {
    const count = (await service.store.subscriptions.active()).length;
    process.stdout.write(
      `No digest is due: ${count} active target(s), each already posted (or claimed) for its latest slot. Database: ${app.config.DATABASE_PATH}\n`,
    );
    return 0;
  }
  for (const item of items) {
    process.stdout.write(
      `=== ${item.platform} ${item.target} — slot ${item.slot.toISOString()} ===\n${renderConsole(item.reply)}\n\n`,
    );
  }
  process.stdout.write(`${items.length} digest(s) due (preview only: nothing posted).\n`);
  return 0;
}

async function postNow(app: App, service: DigestService): Promise<number> {
  const { log } = app;
  const due = await service.previewDue();
  const platforms = new Set<PlatformName>(due.map((d) => d.platform));
  for (const platform of platforms) {
    const sender = await senderFor(app, platform);
    if (typeof sender === "string") process.stderr.write(`${sender}\n`);
    else service.setSender(sender);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, "stopping: letting the sends in flight finish");
    void service.stop(SHUTDOWN_GRACE_MS);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  const report = await service.runDue();
  const c = report.count;
  process.stdout.write(
    `Posted ${c.sent}; failed ${c.failed}; paused ${c.paused}; uncertain (not re-sent) ${c.uncertain}; already claimed ${c.skipped}; no sender ${c["no-sender"]}; stopped ${c.stopped}; database locked ${c.locked}; 429s ${report.rateLimited}.
`,
  );
  for (const o of report.outcomes.filter((o) => o.result !== "sent"))
    process.stdout.write(
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
  return entry.sender(app.config);
}

process.exitCode = await main(process.argv.slice(2));
