/**
 * Interaction-to-answer latency on a local fake Discord: the time from the fake sending an
 * INTERACTION_CREATE on the gateway to it receiving the interaction callback over REST.
 * Our service (real discord.js client, neutral commands, renderer) beside a bare discord.js
 * client that answers a constant string, measured in the same run, interleaved.
 *
 *   npx tsx bench/discord-latency.ts [interactions per row, default 1000]
 */
import { Client, GatewayIntentBits } from "discord.js";
import { createDiscordService } from "../src/adapters/discord/service.ts";
import { Metrics } from "../src/ops/metrics.ts";
import { prepare } from "../src/startup.ts";
import { FakeDiscord } from "../test/fakes/discord.ts";

const N = Number(process.argv[2] ?? 1000);
const WARMUP = 100;

type Row = { name: string; fake: FakeDiscord; inject: () => { id: string } };

const ours = await FakeDiscord.start();
const bare = await FakeDiscord.start();

const app = prepare(
  { DISCORD_TOKEN: ours.token, DISCORD_API_ROOT: ours.apiRoot, LOG_LEVEL: "silent" },
  { dotenv: false },
);
const service = createDiscordService(app, new Metrics());
await service.start();

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: bare.apiRoot },
  allowedMentions: { parse: [] },
});
client.on("interactionCreate", (interaction) => {
  if (interaction.isChatInputCommand()) void interaction.reply({ content: "pong" });
});
const bareReady = new Promise<void>((resolve) => client.once("clientReady", () => resolve()));
await client.login(bare.token);
await bareReady;

const rows: Row[] = [
  { name: "bare discord.js, constant string", fake: bare, inject: () => bare.chatInput("ping") },
  {
    name: "summit-brief /quote speaker:Loukachenko",
    fake: ours,
    inject: () => ours.chatInput("quote", { speaker: "Loukachenko" }, { locale: "fr" }),
  },
  {
    name: "summit-brief /members",
    fake: ours,
    inject: () => ours.chatInput("members", {}, { locale: "en-US" }),
  },
  {
    name: "summit-brief autocomplete lou",
    fake: ours,
    inject: () => ours.autocomplete("quote", "speaker", "lou", { locale: "fr" }),
  },
];

async function once(row: Row): Promise<number> {
  const start = performance.now();
  const { id } = row.inject();
  const callback = await row.fake.waitForCallback(id);
  return callback.at - start;
}

const samples = new Map<string, number[]>(rows.map((r) => [r.name, []]));
for (let i = 0; i < WARMUP; i++) for (const row of rows) await once(row);
// Interleaved, so both clients see the same machine load.
for (let i = 0; i < N; i++) for (const row of rows) samples.get(row.name)?.push(await once(row));

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
console.log(
  `Interaction → callback on a local fake Discord (127.0.0.1), ${N} interactions per row, after ${WARMUP} warm-up each (Node ${process.version})`,
);
console.table(
  rows.map((r) => {
    const sorted = [...(samples.get(r.name) ?? [])].sort((a, b) => a - b);
    return {
      client: r.name,
      n: sorted.length,
      "median ms": Number(quantile(sorted, 0.5).toFixed(3)),
      "p99 ms": Number(quantile(sorted, 0.99).toFixed(3)),
      "max ms": Number((sorted.at(-1) ?? Number.NaN).toFixed(3)),
    };
  }),
);

await service.stop();
await client.destroy();
await ours.close();
await bare.close();
