import { Client, Events, GatewayIntentBits, type Interaction, Status } from "discord.js";
import { deadlineIn, within } from "../../deadline.ts";
import type { DigestService } from "../../digest/service.ts";
import type { Metrics } from "../../ops/metrics.ts";
import type { PlatformService, ReplySender } from "../../platform.ts";
import { type App, senderPictures, withDigests } from "../../startup.ts";
import { watchDigestTargets } from "./digest-events.ts";
import { handleInteraction } from "./interactions.ts";
import { countRateLimits, senderFromConfig } from "./sender.ts";
import { shardingRefusal, shardOptions } from "./shards.ts";

/** `WaitingForGuilds` → `waiting for guilds`. */
const words = (name: string) => name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

/** The deadline of a `stop()` called without one (tests, start-up failures). */
const STOP_MS = 5_000;

export interface DiscordService extends PlatformService {
  /** Posts rendered replies to channels (for scheduled digests). */
  readonly sender: ReplySender;
  readonly client: Client;
}

/**
 * The Discord platform: a discord.js client with the `Guilds` intent only (slash commands
 * need no privileged intent), REST pointed at `DISCORD_API_ROOT` when set, and no mention
 * allowed by default. `start()` logs in and resolves once ready; `stop()` drains and destroys.
 * With `digests`, it serves `/digest` and pauses/resumes subscriptions as the bot leaves or
 * rejoins servers and channels are deleted.
 *
 * Sharding is discord.js's own (`shards`, `shardCount` from DISCORD_SHARDS and
 * DISCORD_SHARD_COUNT): every handler is the client's, so commands, buttons and membership
 * events work alike on each shard this process runs; digests go out over REST, whatever the
 * shard. Ready means every one of its shards is ready.
 *
 * @example const discord = createDiscordService(app, metrics, digests); await discord.start();
 */
export function createDiscordService(
  app: App,
  metrics: Metrics,
  digests?: DigestService,
): DiscordService {
  const { config, log } = app;
  const sharding = shardOptions(config);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(config.DISCORD_API_ROOT ? { rest: { api: config.DISCORD_API_ROOT } } : {}),
    ...sharding,
  });
  /** The shards of this process that are not ready now, with their status in words. */
  const shardsNotReady = () =>
    [...client.ws.shards.values()]
      .filter((shard) => shard.status !== Status.Ready)
      .map((shard) => `shard ${shard.id} ${words(Status[shard.status] ?? "not ready")}`);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const deps = {
    context: withDigests(app, digests),
    defaultLocale: config.readerFallbackLocale,
    log,
    metrics,
  };

  const onInteraction = (interaction: Interaction) => {
    if (stopping) return;
    const work = handleInteraction(interaction, deps).finally(() => inFlight.delete(work));
    inFlight.add(work);
  };
  client.on(Events.InteractionCreate, onInteraction);
  if (digests) watchDigestTargets(client, digests, log);
  client.on(Events.Error, (error) => log.error({ err: error }, "discord client error"));
  client.on(Events.Warn, (message) => log.warn({ platform: "discord" }, message));
  client.on(Events.ShardDisconnect, (event, shard) =>
    log.warn({ platform: "discord", shard, code: event.code }, "gateway disconnected"),
  );
  client.on(Events.ShardReady, (shard) =>
    log.info({ platform: "discord", shard }, "discord shard ready"),
  );
  client.on(Events.ShardReconnecting, (shard) =>
    log.warn({ platform: "discord", shard }, "discord shard reconnecting"),
  );
  client.on(Events.ShardResume, (shard) =>
    log.info({ platform: "discord", shard }, "discord shard resumed"),
  );
  countRateLimits(client.rest, metrics, log);
  // Digests post through a sender of their own that never retries blindly (a timed-out post
  // may have gone out: see digestRest).
  const sender = senderFromConfig(config, metrics, log, senderPictures(app));

  let stopped: Promise<void> | undefined;
  return {
    name: "discord",
    client,
    sender,
    async start() {
      const ready = new Promise<void>((resolve) =>
        client.once(Events.ClientReady, () => resolve()),
      );
      // A refusal only the shard settings fix (4011, 4010) says which variable to change.
      await client.login(config.DISCORD_TOKEN).catch((error: unknown) => {
        throw shardingRefusal(error, sharding) ?? error;
      });
      await ready;
      log.info(
        {
          platform: "discord",
          user: client.user?.tag,
          guilds: client.guilds.cache.size,
          shards: [...client.ws.shards.keys()],
          shardCount: client.options.shardCount,
        },
        "discord ready",
      );
    },
    stop(deadline = deadlineIn(STOP_MS)) {
      stopped ??= (async () => {
        stopping = true;
        client.off(Events.InteractionCreate, onInteraction);
        if (!(await within(Promise.allSettled([...inFlight]), deadline)))
          log.warn({ platform: "discord" }, "shutdown deadline: interactions still in flight");
        // destroy() waits for the gateway to close: bounded too, the socket is dropped anyway.
        if (await within(client.destroy(), deadline))
          log.info({ platform: "discord" }, "discord client destroyed");
        else log.warn({ platform: "discord" }, "shutdown deadline: gateway close unconfirmed");
      })();
      return stopped;
    },
    isReady: () => !stopping && client.isReady() && shardsNotReady().length === 0,
    problem: () => {
      if (stopping) return "stopping";
      const shards = shardsNotReady();
      if (shards.length > 0) return shards.join(", ");
      return client.isReady() ? undefined : "not connected";
    },
  };
}
