import { parseCommandLine, runCommand } from "../../commands/registry.ts";
import { renderConsole } from "../adapters/console/render.ts";
import { isLocale } from "../core/locale.ts";
import { exitOnStartupError, prepare } from "../startup.ts";

/**
 * `npm run ask -- [--locale en] "/quote Loukachenko"`: answers once on standard output.
 * Exit 0 for an answer, 1 for a reader's mistake (unknown command, bad input), 2 for a
 * start-up error.
 */
function main(argv: string[]): number {
  let app: ReturnType<typeof prepare>;
  try {
    app = prepare();
  } catch (error) {
    exitOnStartupError(error);
  }
  let locale = app.config.defaultLocale;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--locale" || arg === "-l") {
      const value = argv[++i];
      if (!isLocale(value)) {
        process.stderr.write(`--locale must be "fr" or "en", not ${JSON.stringify(value ?? "")}\n`);
        return 1;
      }
      locale = value;
    } else words.push(arg);
  }
  const parsed = parseCommandLine(words.join(" "));
  const reply = runCommand(app.context, parsed?.name ?? "help?", parsed?.argument ?? "", locale);
  process.stdout.write(`${renderConsole(reply)}\n`);
  return parsed && reply.status === "ok" ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
