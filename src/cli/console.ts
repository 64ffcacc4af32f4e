import { createInterface } from "node:readline";
import { serveLine } from "../adapters/console/invocation.ts";
import { wrapConsole } from "../adapters/console/render.ts";
import { isLocale, type Locale } from "../core/locale.ts";
import type { App } from "../startup.ts";

const INTRO = {
  fr: "Console Summit Brief. Tapez /summary, /quote Loukachenko, /members, /help ; /lang en pour l’anglais ; /exit pour quitter.\nPour connecter Discord et Telegram, définissez DISCORD_TOKEN et/ou TELEGRAM_BOT_TOKEN (voir .env.example).",
  en: "Summit Brief console. Type /summary, /quote Lukashenko, /members, /help; /lang fr for French; /exit to quit.\nTo connect Discord and Telegram, set DISCORD_TOKEN and/or TELEGRAM_BOT_TOKEN (see .env.example).",
} as const;

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
  say(INTRO[locale]);
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
      say(isLocale(lang) ? INTRO[locale] : "Use /lang fr or /lang en.");
    } else {
      // A known command without its slash is that command; an empty line asks for the help.
      await serveLine(trimmed, locale, deps, say);
    }
    rl.prompt();
  };
  return new Promise((resolve) => rl.on("close", () => void queue.then(resolve)));
}
