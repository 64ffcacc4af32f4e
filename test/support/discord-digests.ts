import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createDiscordService, type DiscordService } from "../../src/adapters/discord/service.ts";
import { operatorTargets } from "../../src/adapters/index.ts";
import { type DigestService, openDigestService } from "../../src/digest/service.ts";
import { createLogger } from "../../src/log.ts";
import { Metrics } from "../../src/ops/metrics.ts";
import { type App, prepare } from "../../src/startup.ts";
import { FakeDiscord, type InteractionOptions, type RecordedCall } from "../fakes/discord.ts";
import { waitFor } from "./wait.ts";

/** A running Discord adapter with scheduled digests, against a fake Discord. */
export interface DiscordDigests {
  readonly fake: FakeDiscord;
  readonly app: App;
  readonly digests: DigestService;
  readonly discord: DiscordService;
  readonly metrics: Metrics;
  /** Every log line, as JSON text. */
  readonly lines: string[];
  readonly databasePath: string;
  close(): Promise<void>;
}

/** A fresh database path in a temporary directory. */
export function tempDatabasePath(): string {
  return join(mkdtempSync(join(tmpdir(), "summit-discord-digest-")), "digest.sqlite");
}

/**
 * Starts a fake Discord, then the real Discord adapter and a digest service on a temporary
 * database, wired as `main.ts` wires them. `env` may add `DIGEST_*` settings; `beforeLogin`
 * may add channels to the fake before the bot sees its guild. With `fake`, it joins that fake
 * (several bots on one fake: shards) and leaves it open on `close()`.
 */
export async function startDiscordDigests(
  options: {
    env?: (fake: FakeDiscord) => Record<string, string>;
    beforeLogin?: (fake: FakeDiscord) => void;
    fake?: FakeDiscord;
  } = {},
): Promise<DiscordDigests> {
  const fake = options.fake ?? (await FakeDiscord.start());
  options.beforeLogin?.(fake);
  const databasePath = tempDatabasePath();
  const base = prepare(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_ROOT: fake.apiRoot,
      DATABASE_PATH: databasePath,
      LOG_LEVEL: "info",
      DEFAULT_LOCALE: "fr",
      DIGEST_TIMEZONE: "Europe/Paris",
      DIGEST_CATCHUP: "3h",
      ...options.env?.(fake),
    },
    { dotenv: false },
  );
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app: App = {
    ...base,
    log: createLogger({ level: "info", secrets: [fake.token], pretty: false, destination }),
  };
  const metrics = new Metrics();
  const digests = await openDigestService(app, metrics, {
    operatorTargets: operatorTargets(app.config),
    retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 2_000 },
  });
  const discord = createDiscordService(app, metrics, digests);
  digests.setSender(discord.sender);
  await discord.start();
  await digests.start();
  return {
    fake,
    app,
    digests,
    discord,
    metrics,
    lines,
    databasePath,
    async close() {
      await digests.stop(1_000);
      await discord.stop();
      await digests.close(0);
      if (!options.fake) await fake.close();
    },
  };
}

/** Waits until `check` is true (see `waitFor`). */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await waitFor(what, check);
}

/** Types `/digest <subcommand>` in the fake and returns the interaction callback. */
export function digestCommand(
  fake: FakeDiscord,
  subcommand: string,
  options: Record<string, string> = {},
  how: InteractionOptions = {},
): Promise<RecordedCall> {
  return fake.waitForCallback(fake.chatInput("digest", options, { ...how, subcommand }).id);
}

/** Discord's ephemeral message flag. */
export const EPHEMERAL = 1 << 6;

/** Permission bits used by the tests (discord-api-docs, "Permissions"). */
export const PERMISSION = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ManageChannels: 1n << 4n,
} as const;
