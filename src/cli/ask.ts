import { parseCommandLine } from "../../commands/registry.ts";
import { serveLine } from "../adapters/console/invocation.ts";
import { isLocale } from "../core/locale.ts";
import { writeImages } from "../images/cli.ts";
import { exitOnStartupError, prepare } from "../startup.ts";

/**
 * `npm run ask -- [--locale en] [--image out.png] "/quote Loukachenko"`: answers once on
 * standard output; with `--image`, also writes the answer's picture (the map, a quote card).
 * Exit 0 for an answer, 1 for a reader's mistake (unknown command, bad input), 2 for a
 * start-up error.
 */
async function main(argv: string[]): Promise<number> {
  let app: ReturnType<typeof prepare>;
  try {
    app = prepare();
  } catch (error) {
    exitOnStartupError(error);
  }
  let locale = app.config.defaultLocale;
  let image: string | undefined;
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
    } else if (arg === "--image") {
      image = argv[++i];
      if (!image) {
        process.stderr.write("--image needs a file name, e.g. --image out.png\n");
        return 1;
      }
    } else words.push(arg);
  }
  const log = app.log.child({}, { level: "warn" });
  const served = await serveLine(words.join(" "), locale, { context: app.context, log }, (text) =>
    process.stdout.write(`${text}\n`),
  );
  if (image && served.parsed && served.outcome === "ok") {
    const parsed = parseCommandLine(words.join(" "));
    const story = app.context.library.default;
    if (!parsed || !writeImages(story, parsed.name, parsed.argument, locale, image)) return 1;
  }
  return served.parsed && served.outcome === "ok" ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
