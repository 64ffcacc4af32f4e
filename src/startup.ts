import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type * as Dotenv from "dotenv";
import { commands } from "../commands/index.ts";
import { validateCommands } from "../commands/registry.ts";
import { commandsFor } from "../commands/story.ts";
import type { CommandContext } from "../commands/types.ts";
import { startupFailure } from "./cli/io.ts";
import { type Config, ConfigError, loadConfig, secretsOf } from "./config.ts";
import { StoryLibrary } from "./core/library.ts";
import type { DigestService } from "./digest/service.ts";
import { Pictures, type SenderPictures } from "./images/pictures.ts";
import { createLogger, type Logger } from "./log.ts";

/** Everything the entry points share, validated before anything connects anywhere. */
export interface App {
  readonly config: Config;
  readonly log: Logger;
  /** The story library can be replaced at run time (live reload); read it through `context`. */
  readonly context: {
    library: StoryLibrary;
    readonly commands: CommandContext["commands"];
    /** Pictures for replies (map, quote cards), rendered on demand and kept in memory. */
    readonly pictures?: Pictures;
  };
}

/**
 * Reads `.env` (if any) and the environment, validates the configuration, the story data and
 * the command definitions. Throws `ConfigError`, `StoryDataError` or `CommandDefinitionError`.
 */
export function prepare(
  env: NodeJS.ProcessEnv = process.env,
  options: { dotenv?: boolean; logDestination?: NodeJS.WritableStream } = {},
): App {
  if (options.dotenv !== false) readDotenv(env);
  const config = loadConfig(env);
  const log = createLogger({
    level: config.LOG_LEVEL,
    secrets: secretsOf(config),
    ...(options.logDestination ? { destination: options.logDestination, pretty: false } : {}),
  });
  checkDataDir(config.DATA_DIR);
  const library = StoryLibrary.fromDir(config.DATA_DIR);
  const list = commandsFor(commands, library);
  validateCommands(list);
  return { config, log, context: { library, commands: list, pictures: new Pictures() } };
}

/**
 * The commands' context with scheduled digests: reads the app's story library at each call,
 * so a live reload reaches every command.
 */
export function withDigests(app: App, digests: DigestService | undefined): CommandContext {
  return {
    get library() {
      return app.context.library;
    },
    commands: app.context.commands,
    ...(app.context.pictures ? { pictures: app.context.pictures } : {}),
    ...(digests ? { digests } : {}),
  };
}

/**
 * What the platforms' senders need to attach pictures to what they post (digests with the
 * day's card): the app's pictures, and its story library as it is at each send.
 */
export function senderPictures(app: App): SenderPictures | undefined {
  const pictures = app.context.pictures;
  return pictures ? { pictures, library: () => app.context.library } : undefined;
}

/**
 * Reads `./.env` into `env` (never over a variable already set), with dotenv. dotenv is loaded
 * only when it has something to read (a `.env` file, or `DOTENV_KEY` for its encrypted
 * `.env.vault`): deployments that pass the environment themselves do not pay for loading it.
 */
function readDotenv(env: NodeJS.ProcessEnv): void {
  if (!existsSync(resolve(".env")) && !process.env.DOTENV_KEY) return;
  const dotenv = createRequire(import.meta.url)("dotenv") as typeof Dotenv;
  dotenv.config({ quiet: true, processEnv: env as Record<string, string> });
}

/** A missing story folder is a configuration mistake: say which variable points at it. */
function checkDataDir(dir: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return;
  throw new ConfigError([
    {
      variable: "DATA_DIR",
      problem: `${resolve(dir)} ${stat ? "is not a folder" : "does not exist"} (the folder of story files)`,
      example: "data",
    },
  ]);
}

/** Prints a start-up error in one clear block and exits non-zero. */
export function exitOnStartupError(error: unknown): never {
  process.exit(startupFailure(error, process.stderr));
}
