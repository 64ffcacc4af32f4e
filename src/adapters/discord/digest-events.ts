import {
  type Client,
  Events,
  GatewayDispatchEvents,
  type GatewayGuildDeleteDispatchData,
  type Guild,
  Status,
} from "discord.js";
import type { DigestService } from "../../digest/service.ts";
import type { Logger } from "../../log.ts";
import { missingToPost } from "./permissions.ts";

/** Why a subscription was paused by a Discord event (shown by `/digest status`). */
export const PAUSE_REASONS = {
  removed: "the bot was removed from this server",
  deleted: "this channel was deleted",
} as const;

/**
 * Resumes the paused digest subscriptions of the guilds' channels where the bot can post
 * (channel still there; permissions checked when the bot's member is known), reading the
 * subscriptions once for all of them. Returns the resumed channel ids.
 */
export async function resumeGuilds(
  guilds: readonly Guild[],
  digests: DigestService,
): Promise<string[]> {
  const resumed: string[] = [];
  const guildOf = new Map<string, Guild>();
  for (const guild of guilds) for (const id of guild.channels.cache.keys()) guildOf.set(id, guild);
  for (const sub of await digests.store.subscriptions.all()) {
    if (sub.platform !== "discord" || sub.pausedReason === null) continue;
    const guild = guildOf.get(sub.target);
    const channel = guild?.channels.cache.get(sub.target);
    if (!guild || !channel) continue;
    const me = guild.members.me;
    // Still missing permissions (a 50013 pause): resuming would only fail again.
    if (me && missingToPost(channel.permissionsFor(me), channel.isThread()).length > 0) continue;
    if (await digests.resume("discord", sub.target)) resumed.push(sub.target);
  }
  return resumed;
}

/**
 * Keeps digest subscriptions in step with Discord: the bot added back to a server (or the
 * server available again) resumes its channels' paused subscriptions; the bot removed from a
 * server, or a channel deleted, pauses them with the reason. Never deletes a subscription.
 *
 * A shard that (re)connects receives every one of its guilds at once (up to 2,500): the
 * guilds that become available before the shard is ready are gathered and checked together
 * when it is, so that the subscriptions are read once per shard, not once per guild.
 */
export function watchDigestTargets(client: Client, digests: DigestService, log: Logger): void {
  const failed = (err: unknown) => log.error({ err }, "digest subscription update failed");
  const onGuilds = async (guilds: readonly Guild[]) => {
    const resumed = await resumeGuilds(guilds, digests);
    if (resumed.length)
      log.info(
        { platform: "discord", guilds: guilds.map((g) => g.id), resumed },
        "digests resumed",
      );
  };
  /** Guilds that became available while their shard was not ready yet, by shard id. */
  const gathered = new Map<number, Map<string, Guild>>();
  client.on(Events.GuildAvailable, (guild) => {
    const shard = client.ws.shards.get(guild.shardId);
    if (shard && shard.status !== Status.Ready) {
      const guilds = gathered.get(guild.shardId) ?? new Map<string, Guild>();
      gathered.set(guild.shardId, guilds.set(guild.id, guild));
      return;
    }
    void onGuilds([guild]).catch(failed);
  });
  client.on(Events.ShardReady, (shardId) => {
    const guilds = gathered.get(shardId);
    gathered.delete(shardId);
    if (guilds?.size) void onGuilds([...guilds.values()]).catch(failed);
  });
  client.on(Events.GuildCreate, (guild) => void onGuilds([guild]).catch(failed));
  client.on(Events.ChannelDelete, (channel) => {
    if (channel.isDMBased()) return;
    void digests
      .pause("discord", channel.id, PAUSE_REASONS.deleted)
      .then((paused) => {
        if (paused)
          log.info({ platform: "discord", channel: channel.id }, "digest paused: channel deleted");
      })
      .catch(failed);
  });
  // Read before discord.js handles the packet: by `guildDelete` it has emptied the channels.
  client.ws.on(GatewayDispatchEvents.GuildDelete, (data: GatewayGuildDeleteDispatchData) => {
    if (data.unavailable) return; // an outage, not a removal
    const guild = client.guilds.cache.get(data.id);
    // The channel ids are read now, before discord.js empties them; the writes follow.
    const ids = [...(guild?.channels.cache.keys() ?? [])];
    void (async () => {
      const paused: string[] = [];
      for (const id of ids)
        if (await digests.pause("discord", id, PAUSE_REASONS.removed)) paused.push(id);
      if (paused.length)
        log.info({ platform: "discord", guild: data.id, paused }, "digests paused");
    })().catch(failed);
  });
}
