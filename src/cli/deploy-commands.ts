import { REST, type RESTPutAPIApplicationCommandsResult, Routes } from "discord.js";
import { commands } from "../../commands/index.ts";
import { toDiscordCommands } from "../adapters/discord/commands.ts";
import type { Config } from "../config.ts";
import { exitOnStartupError, prepare } from "../startup.ts";

/**
 * The application id: `DISCORD_APPLICATION_ID`, or the first segment of the bot token, which
 * is the bot's user id (equal to its application id) in base64.
 *
 * @example applicationIdOf({ DISCORD_TOKEN: "MTA0OTcyMTkzMjQxODA0Mzk1NA.x.y" }) // "1049721932418043954"
 */
export function applicationIdOf(
  config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_APPLICATION_ID">,
): string | undefined {
  if (config.DISCORD_APPLICATION_ID) return config.DISCORD_APPLICATION_ID;
  const first = config.DISCORD_TOKEN?.split(".")[0];
  if (!first) return undefined;
  const decoded = Buffer.from(first, "base64").toString("utf8");
  return /^\d{17,20}$/.test(decoded) ? decoded : undefined;
}

/**
 * `npm run deploy-commands`: registers every command, `/digest` included, with Discord by bulk overwrite (PUT), so
 * running it twice changes nothing. To `DISCORD_GUILD_ID` when set (instant, for testing),
 * else globally. Not done at start-up: Discord limits daily command creations.
 */
async function main(): Promise<number> {
  let config: Config;
  try {
    config = prepare().config;
  } catch (error) {
    exitOnStartupError(error);
  }
  if (!config.DISCORD_TOKEN) {
    process.stderr.write(
      "deploy-commands: DISCORD_TOKEN is not set. Put the bot token from the Discord Developer Portal in .env or the environment.\n",
    );
    return 1;
  }
  const appId = applicationIdOf(config);
  if (!appId) {
    process.stderr.write(
      "deploy-commands: cannot tell the application id from the token. Set DISCORD_APPLICATION_ID.\n",
    );
    return 1;
  }
  const rest = new REST(config.DISCORD_API_ROOT ? { api: config.DISCORD_API_ROOT } : {}).setToken(
    config.DISCORD_TOKEN,
  );
  const guild = config.DISCORD_GUILD_ID;
  const route = guild
    ? Routes.applicationGuildCommands(appId, guild)
    : Routes.applicationCommands(appId);
  try {
    const registered = (await rest.put(route, {
      body: toDiscordCommands(commands),
    })) as RESTPutAPIApplicationCommandsResult;
    process.stdout.write(
      `Registered ${registered.length} command(s) ${guild ? `to guild ${guild}` : "globally (may take up to an hour to appear)"}:\n${registered.map((c) => `  /${c.name} — ${c.description}`).join("\n")}\n`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`deploy-commands: Discord refused the commands: ${message}\n`);
    return 1;
  }
}

process.exitCode = await main();
