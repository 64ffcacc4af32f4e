import {
  DiscordAPIError,
  HTTPError,
  REST,
  type RESTPutAPIApplicationCommandsResult,
  Routes,
} from "discord.js";
import { commands } from "../../commands/index.ts";
import { toDiscordCommands } from "../adapters/discord/commands.ts";
import type { Config } from "../config.ts";
import { prepare } from "../startup.ts";
import { type CliIo, isEntryPoint, processIo, startupFailure } from "./io.ts";

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
export async function main(io: CliIo): Promise<number> {
  let config: Config;
  try {
    config = prepare(io.env, { dotenv: io.dotenv ?? false }).config;
  } catch (error) {
    return startupFailure(error, io.stderr);
  }
  if (!config.DISCORD_TOKEN) {
    io.stderr.write(
      "deploy-commands: DISCORD_TOKEN is not set. Put the bot token from the Discord Developer Portal in .env or the environment.\n",
    );
    return 1;
  }
  const appId = applicationIdOf(config);
  if (!appId) {
    io.stderr.write(
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
    io.stdout.write(
      `Registered ${registered.length} command(s) ${guild ? `to guild ${guild}` : "globally (may take up to an hour to appear)"}:\n${registered.map((c) => `  /${c.name} — ${c.description}`).join("\n")}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`deploy-commands: ${deployFailure(error, config.DISCORD_API_ROOT)}\n`);
    return 1;
  }
}

/** Tells "Discord answered no" from "Discord could not be reached": the fixes differ. */
export function deployFailure(error: unknown, apiRoot: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DiscordAPIError)
    return `Discord refused the commands (HTTP ${error.status}, code ${error.code}): ${message}`;
  if (error instanceof HTTPError)
    return `Discord answered HTTP ${error.status} to the commands: ${message}`;
  const cause =
    error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `could not reach Discord at ${apiRoot ?? "https://discord.com/api"} (${message}${cause}). Check the network, or DISCORD_API_ROOT.`;
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(processIo());
