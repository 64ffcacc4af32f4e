/**
 * A bare grammY bot, the yardstick of bench/production.ts: long polling through
 * @grammyjs/runner (as Summit Brief), answering every message with one fixed reply
 * (BENCH_REPLY: the parameters of a sendMessage Summit Brief sent, so both send the same bytes).
 * Plain JavaScript, run by node itself, like `node dist/main.js`.
 */
import { run } from "@grammyjs/runner";
import { Bot } from "grammy";

const { text, ...other } = JSON.parse(process.env.BENCH_REPLY || '{"text":"ok"}');
const bot = new Bot(process.env.TELEGRAM_BOT_TOKEN ?? "", {
  client: { apiRoot: process.env.TELEGRAM_API_ROOT },
});
bot.on("message", (ctx) => ctx.reply(text, other));
await bot.init();
const runner = run(bot);
process.once("SIGTERM", () => void runner.stop().then(() => process.exit(0)));
