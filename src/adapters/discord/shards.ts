// Which Discord gateway shards this process runs (DISCORD_SHARDS, DISCORD_SHARD_COUNT): parsed
// and checked here, without discord.js, so that the configuration can use it cheaply.

/** The largest shard count accepted: far above any bot (one shard per 2,500 servers). */
export const MAX_SHARD_COUNT = 100_000;

/** `DISCORD_SHARDS`: `auto` (Discord's recommended count, every shard) or explicit shard ids. */
export type ShardSelection = "auto" | readonly number[];

/** What discord.js's `Client` is given: nothing (one shard, as without sharding), or both. */
export type ShardOptions =
  | Record<string, never>
  | { readonly shards: "auto" }
  | { readonly shards: number[]; readonly shardCount: number };

/** A shard id or a range (`0-3`); whole numbers only, so `-1` and `1.5` are refused. */
const ITEM = /^(\d{1,6})(?:\s*-\s*(\d{1,6}))?$/;

/**
 * Parses `auto` or a comma-separated list of shard ids and ranges (`0,1`, `0-3,8`), in the
 * given order. Returns the selection, or a problem in words (for the configuration error).
 *
 * @example parseShardSelection("0-2,5") // { ok: true, value: [0, 1, 2, 5] }
 */
export function parseShardSelection(
  text: string,
): { ok: true; value: ShardSelection } | { ok: false; problem: string } {
  if (text.trim().toLowerCase() === "auto") return { ok: true, value: "auto" };
  const items = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return { ok: false, problem: "lists no shard id" };
  const ids: number[] = [];
  const seen = new Set<number>();
  for (const item of items) {
    const m = ITEM.exec(item);
    if (!m) {
      const shown = item.length > 20 ? `${item.slice(0, 20)}…` : item;
      return {
        ok: false,
        problem: `"${shown}" is not a shard id (a whole number from 0) nor a range such as 0-3; use auto or ids separated by commas`,
      };
    }
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (last < first) return { ok: false, problem: `the range ${first}-${last} runs backwards` };
    if (last >= MAX_SHARD_COUNT)
      return {
        ok: false,
        problem: `shard ${last} is above the largest shard id, ${MAX_SHARD_COUNT - 1}`,
      };
    for (let id = first; id <= last; id++) {
      if (seen.has(id)) return { ok: false, problem: `lists shard ${id} twice` };
      seen.add(id);
      ids.push(id);
    }
  }
  return { ok: true, value: ids };
}

/**
 * The problem with a selection and a count taken together, if any: a list needs the count
 * (every replica must agree on it), its ids must be below it, and `auto` takes Discord's count
 * so a count beside it would be ignored. A count alone is fine: this process runs every shard.
 */
export function shardConfigProblem(
  shards: ShardSelection | undefined,
  count: number | undefined,
): { variable: "DISCORD_SHARDS" | "DISCORD_SHARD_COUNT"; problem: string } | undefined {
  if (shards === "auto" && count !== undefined)
    return {
      variable: "DISCORD_SHARD_COUNT",
      problem:
        "must be empty with DISCORD_SHARDS=auto (auto takes the count Discord recommends); to run every shard of a fixed count, leave DISCORD_SHARDS empty",
    };
  if (Array.isArray(shards) && count === undefined)
    return {
      variable: "DISCORD_SHARD_COUNT",
      problem:
        "is required when DISCORD_SHARDS lists shard ids (the total number of shards, the same on every replica)",
    };
  if (Array.isArray(shards) && count !== undefined) {
    const above = shards.find((id) => id >= count);
    if (above !== undefined)
      return {
        variable: "DISCORD_SHARDS",
        problem: `shard ${above} does not exist with DISCORD_SHARD_COUNT=${count} (ids run from 0 to ${count - 1})`,
      };
  }
  return undefined;
}

/**
 * The sharding options for discord.js's `Client`, from a checked configuration: none when
 * both variables are empty (one connection, as before sharding), `auto`, the listed ids with
 * the count, or every id of the count.
 */
export function shardOptions(config: {
  readonly DISCORD_SHARDS: ShardSelection | undefined;
  readonly DISCORD_SHARD_COUNT: number | undefined;
}): ShardOptions {
  const { DISCORD_SHARDS: shards, DISCORD_SHARD_COUNT: count } = config;
  if (shards === "auto") return { shards: "auto" };
  if (count === undefined) return {};
  return {
    shards: shards ? [...shards] : Array.from({ length: count }, (_, id) => id),
    shardCount: count,
  };
}

/** Shard ids in words, consecutive runs as ranges: `0-3, 8`. */
function idsInWords(ids: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const id of ids) {
    const last = runs.at(-1);
    if (last && id === last[1] + 1) last[1] = id;
    else runs.push([id, id]);
  }
  return runs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ");
}

/** What `--check` says about the shards of this process, or undefined without sharding. */
export function describeShards(options: ShardOptions): string | undefined {
  if (!("shards" in options)) return undefined;
  if (options.shards === "auto")
    return "Discord shards: auto (every shard of the count Discord recommends, in this process).";
  const { shards, shardCount } = options;
  if (shards.length === shardCount)
    return `Discord shards: all ${shardCount} (${idsInWords(shards)}) in this process.`;
  return `Discord shards: ${idsInWords(shards)} of ${shardCount}; other replicas must run the other ${shardCount - shards.length} with DISCORD_SHARD_COUNT=${shardCount}.`;
}

/**
 * A clearer error for a gateway refusal that only the shard settings fix (close codes 4011
 * Sharding required and 4010 Invalid shard, which @discordjs/ws reports by message), or
 * undefined for any other error.
 */
export function shardingRefusal(error: unknown, options: ShardOptions): Error | undefined {
  const message = error instanceof Error ? error.message : "";
  if (message === "Sharding is required")
    return new Error(
      "shards" in options
        ? "Discord requires more shards: one of this process's shards would hold more than 2,500 servers. Raise DISCORD_SHARD_COUNT (the same on every replica), or set DISCORD_SHARDS=auto."
        : 'Discord requires sharding: one gateway connection may hold at most 2,500 servers. Set DISCORD_SHARDS=auto, or split the shards across replicas (README, "Discord shards").',
      { cause: error },
    );
  if (message === "Invalid shard")
    return new Error(
      "Discord refused a shard id (Invalid shard): DISCORD_SHARDS must list ids below DISCORD_SHARD_COUNT, the same count on every replica.",
      { cause: error },
    );
  return undefined;
}
