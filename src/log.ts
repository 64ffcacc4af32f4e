import { createRequire } from "node:module";
import pino, { type Logger } from "pino";

export type { Logger };

const REDACTED = "[redacted]";

/**
 * Replaces every secret in a string. Applied to each serialized log line, so a token can
 * not leak through a message, an error, a URL or a nested object.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.replaceAll(secret, REDACTED);
  }
  return out;
}

type PrettyFactory = typeof import("pino-pretty");

/**
 * pino-pretty is a development dependency: it is loaded only when readable lines are wanted
 * (a terminal) and only if installed, so a production install never needs it.
 */
function loadPretty(): PrettyFactory | undefined {
  try {
    return createRequire(import.meta.url)("pino-pretty") as PrettyFactory;
  } catch {
    return undefined;
  }
}

/**
 * The process logger: JSON lines when not on a terminal, readable lines on one (when
 * pino-pretty is installed, else JSON lines there too). Every line goes through
 * `redactSecrets`.
 *
 * @example const log = createLogger({ level: "info", secrets: [token] });
 */
export function createLogger(options: {
  level: string;
  secrets?: readonly string[];
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}): Logger {
  const secrets = [...(options.secrets ?? [])].filter((s) => s.length >= 6);
  const pretty =
    options.destination === undefined && (options.pretty ?? Boolean(process.stdout.isTTY))
      ? loadPretty()
      : undefined;
  const destination =
    options.destination ??
    pretty?.({ colorize: true, sync: true, translateTime: "SYS:HH:MM:ss" }) ??
    // process.stdout itself: on a pipe (a container's log collector) Node writes each line at
    // once from the event loop and queues, never blocks on, what a full pipe does not take; a
    // file or a terminal is written synchronously. Not pino.destination: its asynchronous
    // mode hands every line to libuv's thread pool, a wake-up per line that held the serving
    // thread about 0.15 ms a command on a busy machine (CPU profile), and its synchronous mode
    // sleeps 100 ms with the event loop blocked when the pipe is full. Lines still queued when
    // the process ends by itself are written first; only an explicit process.exit() (the
    // shutdown deadline) can drop what a stalled collector has not taken.
    process.stdout;
  return pino(
    {
      level: options.level,
      base: undefined,
      hooks: { streamWrite: (line) => redactSecrets(line, secrets) },
      redact: {
        paths: [
          "token",
          "*.token",
          "headers.authorization",
          "*.headers.authorization",
          'headers["x-telegram-bot-api-secret-token"]',
        ],
        censor: REDACTED,
      },
    },
    destination,
  );
}

const plainLoggers = new WeakMap<Logger, Logger>();

/**
 * A child of `log` for lines whose fields are all plain values we chose (the line per command
 * served): pino's path redaction (`token`, `headers.authorization`, with wildcards) can find
 * nothing there, yet costs more than the rest of the line, so this child does without it.
 * Every line still goes through `redactSecrets`. One child per logger.
 *
 * @example plainLines(log).info({ command: "quote", latencyMs: 1.2 }, "command served");
 */
export function plainLines(log: Logger): Logger {
  let child = plainLoggers.get(log);
  if (!child) {
    child = log.child({}, { redact: [] });
    plainLoggers.set(log, child);
  }
  return child;
}
