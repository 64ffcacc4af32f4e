/**
 * A bare discord.js bot, the yardstick of bench/production.ts: the Guilds intent (as Summit
 * Brief), answering every slash command with one fixed reply (BENCH_REPLY: the `data` of an
 * interaction callback Summit Brief sent, so both send the same embed).
 * Plain JavaScript, run by node itself, like `node dist/main.js`.
 */
import { Client, GatewayIntentBits } from "discord.js";

const reply = JSON.parse(process.env.BENCH_REPLY || '{"content":"ok"}');
const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_ROOT },
  allowedMentions: { parse: [] },
});
client.on("interactionCreate", (interaction) => {
  if (interaction.isChatInputCommand())
    void interaction.reply({
      content: reply.content,
      embeds: reply.embeds,
      components: reply.components,
    });
});
await client.login(process.env.DISCORD_TOKEN);
process.once("SIGTERM", () => void client.destroy().then(() => process.exit(0)));
