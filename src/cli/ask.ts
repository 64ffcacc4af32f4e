import { readTypedLine, serveLine } from "../adapters/console/invocation.ts";
import { isLocale, LOCALES, type Locale } from "../core/locale.ts";
import { prepare } from "../startup.ts";
import { type CliIo, isEntryPoint, processIo, startupFailure } from "./io.ts";

const USAGE = `usage: npm run ask -- [--locale fr|en|ru] [--image out.png] <command>
  Answers one command on standard output, as the bot would, without any platform.
  <command>          /summary, /quote Loukachenko, members, help… (the slash may be left out)
  --locale, -l fr|en|ru the language of the answer (default: DEFAULT_LOCALE)
  --image out.png    also write the answer's picture (the map, a quote card)
  --help, -h         this text
Exit status: 0 an answer, 1 a reader's mistake (unknown command, bad input), 2 a start-up error.
`;

/**
 * `npm run ask -- [--locale fr|en|ru] [--image out.png] "/quote Loukachenko"`: answers once on
 * standard output; with `--image`, also writes the answer's picture (the map, a quote card).
 * Exit 0 for an answer, 1 for a reader's mistake (unknown command, bad input), 2 for a
 * start-up error.
 *
 * @example await main({ argv: ["quote", "louk"], env, stdout, stderr }) // 0
 */
export async function main(io: CliIo): Promise<number> {
  let locale: Locale | undefined;
  let image: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < io.argv.length; i++) {
    const arg = io.argv[i] as string;
    if (arg === "--help" || arg === "-h") {
      io.stdout.write(USAGE);
      return 0;
    }
    if (arg === "--locale" || arg === "-l" || arg.startsWith("--locale=")) {
      const value = arg.startsWith("--locale=") ? arg.slice("--locale=".length) : io.argv[++i];
      if (value === undefined || value === "") {
        io.stderr.write(`--locale needs a value: ${LOCALES.join(", ")}.\n${USAGE}`);
        return 1;
      }
      if (!isLocale(value)) {
        io.stderr.write(
          `--locale must be one of ${LOCALES.join(", ")}, not ${JSON.stringify(value)}\n`,
        );
        return 1;
      }
      locale = value;
    } else if (arg === "--image") {
      image = io.argv[++i];
      if (!image) {
        io.stderr.write("--image needs a file name, e.g. --image out.png\n");
        return 1;
      }
    } else words.push(arg);
  }
  let app: ReturnType<typeof prepare>;
  try {
    app = prepare(io.env, { dotenv: io.dotenv ?? false });
  } catch (error) {
    return startupFailure(error, io.stderr);
  }
  const lang = locale ?? app.config.defaultLocale;
  const log = app.log.child({}, { level: "warn" });
  const line = words.join(" ");
  const served = await serveLine(line, lang, { context: app.context, log }, (text) =>
    io.stdout.write(`${text}\n`),
  );
  if (image && served.parsed && served.outcome === "ok") {
    const typed = readTypedLine(line, app.context.commands);
    const story = app.context.library.default;
    // The drawing code (map data, fonts, renderer) is loaded only when an image is asked for.
    const { writeImages } = await import("../images/cli.ts");
    if (!writeImages(story, typed.name, typed.argument, lang, image, io.stderr)) return 1;
  }
  return served.parsed && served.outcome === "ok" ? 0 : 1;
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(processIo());
