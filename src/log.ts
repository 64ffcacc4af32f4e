import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

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

/**
 * The process logger: JSON lines when not on a terminal, readable lines on one. Every line
 * goes through `redactSecrets`.
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
  const usePretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const destination =
    options.destination ??
    (usePretty
      ? pretty({ colorize: true, sync: true, translateTime: "SYS:HH:MM:ss" })
      : pino.destination({ sync: true }));
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
