import { runConsole } from "./cli/console.ts";
import { hasPlatform } from "./config.ts";
import { type App, exitOnStartupError, prepare } from "./startup.ts";

/**
 * `npm start`: validates everything, then serves every configured platform. With no platform
 * token it opens the local console on a terminal, and refuses to run headless.
 * `npm start -- --check` validates the configuration and story data, then exits.
 */
async function main(argv: string[]): Promise<number> {
  let app: App;
  try {
    app = prepare();
  } catch (error) {
    exitOnStartupError(error);
  }
  const { library } = app.context;
  if (argv.includes("--check")) {
    process.stdout.write(
      `Configuration OK. ${library.stories.length} story file(s) OK; default story: ${library.default.id} (${library.default.file}).\n`,
    );
    return 0;
  }
  if (!hasPlatform(app.config)) {
    if (process.stdin.isTTY && process.stdout.isTTY) {
      await runConsole(app);
      return 0;
    }
    process.stderr.write(
      "summit-brief: no platform configured and no terminal to open the console on.\nSet DISCORD_TOKEN and/or TELEGRAM_BOT_TOKEN (see .env.example), or run `npm start` in a terminal for the local console.\n",
    );
    return 1;
  }
  process.stderr.write("Platform adapters are not wired yet.\n");
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
