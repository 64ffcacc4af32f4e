/**
 * Fan-out benchmark: `npx tsx bench/fanout.ts [--scale 20] [--telegram 10000] [--discord 1000]`.
 *
 * Posts one digest slot to N Telegram chats (half groups, half private) and M Discord channels
 * through the real DigestService (ledger claims, p-queue pacing, retries) — Telegram through
 * the adapter's real sender (grammy Api, the rendered HTML digest, no auto-retry), Discord
 * through a minimal HTTP sender — against fake platform servers on 127.0.0.1 that ENFORCE the
 * limits, scaled by `--scale`:
 * Telegram 30 msg/s overall and 20 msg/min per group; Discord 50 req/s. Over a limit they
 * answer 429 with retry_after, as the platforms do. Prints delivered, duplicates, 429s, wall
 * time and the floor the limits set (targets ÷ allowed rate).
 */
import { fork } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createSender, digestApi, TELEGRAM_PACING } from "../src/adapters/telegram/sender.ts";
import { StoryLibrary } from "../src/core/library.ts";
import { ManualClock } from "../src/digest/clock.ts";
import { scalePacing } from "../src/digest/pacing.ts";
import { DigestService } from "../src/digest/service.ts";
import { createLogger } from "../src/log.ts";
import { Metrics } from "../src/ops/metrics.ts";
import { openDatabase } from "../src/storage/database.ts";
import { SqliteDigestStore } from "../src/storage/digest-store.ts";
import { SubscriptionRepository } from "../src/storage/subscriptions.ts";
import { type Counts, httpSender, limits, serveFakes } from "./fakes.ts";

const { values } = parseArgs({
  options: {
    serve: { type: "boolean", default: false },
    scale: { type: "string", default: "20" },
    telegram: { type: "string", default: "10000" },
    discord: { type: "string", default: "1000" },
  },
});
const SCALE = Number(values.scale);
const TELEGRAM_TARGETS = Number(values.telegram);
const DISCORD_TARGETS = Number(values.discord);
const LIMITS = limits(SCALE);

async function main(): Promise<void> {
  // The fakes run in their own process, as remote servers would: their clock of arrivals is
  // not delayed by our own event loop.
  const child = fork(new URL(import.meta.url).pathname, ["--serve"], { stdio: "inherit" });
  const { tgBase, dcBase } = await new Promise<{ tgBase: string; dcBase: string }>((r) =>
    child.once("message", (m) => r(m as { tgBase: string; dcBase: string })),
  );
  const story = StoryLibrary.fromDir("data").default;
  const path = join(mkdtempSync(join(tmpdir(), "summit-bench-")), "fanout.sqlite");
  const clock = new ManualClock("2026-03-02T06:00:00Z");
  const metrics = new Metrics();
  // Any token: the benchmark's fake does not check it.
  const telegram = createSender(digestApi("1:bench-token", tgBase, metrics));
  const discord = httpSender("discord", dcBase);
  const db = openDatabase(path);
  const service = new DigestService({
    store: new SqliteDigestStore(db),
    story: () => story,
    settings: {
      timezone: "Europe/Paris",
      locale: "en",
      image: true,
      operatorCron: "0 8 * * *",
      defaultTime: "08:00",
      catchupMs: 0,
      operatorTargets: [],
      minIntervalMs: 0,
      staleClaimMs: 600_000,
    },
    log: createLogger({ level: "warn", pretty: false }),
    clock,
    pacing: {
      telegram: scalePacing(TELEGRAM_PACING, SCALE),
      // The fake Discord has no discord.js queue in front of it: pace to its global limit.
      discord: { perSecond: LIMITS.discordPerSecond, maxConcurrent: 50 },
    },
    senders: [telegram, discord],
  });

  const subscriptions = new SubscriptionRepository(db);
  const insert = db.transaction(() => {
    for (let i = 0; i < TELEGRAM_TARGETS; i++) {
      const target = i % 2 === 0 ? `-100${1_000_000 + i}` : String(5_000_000 + i);
      subscriptions.upsert(
        {
          platform: "telegram",
          target,
          cron: "0 8 * * *",
          timezone: "Europe/Paris",
          locale: i % 3 ? "en" : "fr",
          source: "command",
        },
        clock.now(),
      );
    }
    for (let i = 0; i < DISCORD_TARGETS; i++)
      subscriptions.upsert(
        {
          platform: "discord",
          target: String(1_049_721_932_418_000_000n + BigInt(i)),
          cron: "0 8 * * *",
          timezone: "Europe/Paris",
          locale: "fr",
          source: "command",
        },
        clock.now(),
      );
  });
  insert();

  clock.set("2026-03-02T07:00:00Z");
  const slot = new Date("2026-03-02T07:00:00Z");
  const started = performance.now();
  const report = await service.deliverSlot({ cron: "0 8 * * *", timezone: "Europe/Paris" }, slot);
  const wallMs = performance.now() - started;
  // A second run of the same slot (a double fire, or a second process) must post nothing.
  const again = await service.deliverSlot({ cron: "0 8 * * *", timezone: "Europe/Paris" }, slot);

  const counts = await new Promise<{ telegram: Counts; discord: Counts }>((r) => {
    child.once("message", (m) => r(m as { telegram: Counts; discord: Counts }));
    child.send("report");
  });
  const tg = counts.telegram;
  const dc = counts.discord;
  const floorTelegram = TELEGRAM_TARGETS / LIMITS.telegramPerSecond;
  const floorDiscord = DISCORD_TARGETS / LIMITS.discordPerSecond;
  const floor = Math.max(floorTelegram, floorDiscord);
  const lines = [
    `fan-out benchmark — limits scaled ×${SCALE}: Telegram ${LIMITS.telegramPerSecond}/s global, ${LIMITS.telegramGroupPerMinute}/min per group; Discord ${LIMITS.discordPerSecond}/s`,
    `targets:        telegram ${TELEGRAM_TARGETS} (${Math.ceil(TELEGRAM_TARGETS / 2)} groups), discord ${DISCORD_TARGETS}`,
    `delivered:      telegram ${tg.delivered}/${TELEGRAM_TARGETS}, discord ${dc.delivered}/${DISCORD_TARGETS}`,
    `duplicates:     telegram ${tg.duplicates}, discord ${dc.duplicates} (second run of the slot posted ${again.count.sent})`,
    `429s:           telegram ${tg.rejected429} (sender counted ${await telegram429(metrics)}), discord ${dc.rejected429} (engine saw ${report.rateLimited} in all)`,
    `outcomes:       ${JSON.stringify(report.count)}`,
    `wall time:      ${(wallMs / 1000).toFixed(2)} s`,
    `floor (limits): ${floor.toFixed(2)} s (telegram ${floorTelegram.toFixed(2)} s, discord ${floorDiscord.toFixed(2)} s, in parallel)`,
    `over floor:     ${(((wallMs / 1000 - floor) / floor) * 100).toFixed(1)} % (goal ≤ 10 %)`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  await service.close(1000);
}

/** 429s the Telegram sender's client counted (`metrics.rateLimited`). */
async function telegram429(metrics: Metrics): Promise<number> {
  const values = (await metrics.rateLimited.get()).values;
  return values.find((v) => v.labels.platform === "telegram")?.value ?? 0;
}

if (process.argv.includes("--serve")) await serveFakes(SCALE);
else await main();
