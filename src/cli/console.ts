import { createInterface } from "node:readline";
import { serveLine } from "../adapters/console/invocation.ts";
import { wrapConsole } from "../adapters/console/render.ts";
import { isLocale, type Locale } from "../core/locale.ts";
import { messages } from "../core/messages.ts";
import type { App } from "../startup.ts";

/**
 * The interactive console: the bot's commands in a terminal, no platform needed. Resolves
 * when the reader types /exit or closes the input. Answers are wrapped at the terminal's
 * width (`options.width`, else the output's columns; no wrapping when neither is known).
 */
export function runConsole(
  app: App,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  options: { width?: number } = {},
): Promise<void> {
  const width = () => options.width ?? (output as { columns?: number }).columns ?? 0;
  let locale: Locale = app.config.defaultLocale;
  const rl = createInterface({
    input,
    output,
    terminal: (output as { isTTY?: boolean }).isTTY === true,
  });
  const say = (text: string) => output.write(`${wrapConsole(text, width())}\n`);
  say(messages[locale].console.intro);
  rl.setPrompt("summit> ");
  rl.prompt();
  // Lines are answered one at a time, in the order they were typed.
  let queue = Promise.resolve();
  const deps = { context: app.context, log: app.log.child({}, { level: "warn" }) };
  rl.on("line", (line) => {
    queue = queue.then(() => onLine(line));
  });
  const onLine = async (line: string) => {
    const trimmed = line.trim();
    if (/^\/?(?:exit|quit)$/i.test(trimmed)) {
      rl.close();
      return;
    }
    const lang = /^\/?lang(?:uage)?\s+(\S+)$/i.exec(trimmed)?.[1];
    if (lang !== undefined) {
      if (isLocale(lang)) locale = lang;
      say(isLocale(lang) ? messages[locale].console.intro : messages[locale].console.langUsage);
    } else {
      // A known command without its slash is that command; an empty line asks for the help.
      await serveLine(trimmed, locale, deps, say);
    }
    rl.prompt();
  };
  return new Promise((resolve) => rl.on("close", () => void queue.then(resolve)));
}
