import { UserError } from "../src/core/errors.ts";
import { LOCALES, type Locale } from "../src/core/locale.ts";
import { messages } from "../src/core/messages.ts";
import type { CommandCall, Reply } from "../src/core/reply.ts";
import { help } from "./help.ts";
import type {
  Answer,
  CommandContext,
  CommandDefinition,
  CommandOption,
  TextInput,
} from "./types.ts";

/** Names valid on both platforms: Telegram allows [a-z0-9_]{1,32}, Discord a superset. */
const NAME = /^[a-z0-9_]{1,32}$/;
/** Discord's description limit (Telegram allows 256). */
const DESCRIPTION_MAX = 100;
const OPTIONS_MAX = 25;
const CHOICES_MAX = 25;

export class CommandDefinitionError extends Error {
  override readonly name = "CommandDefinitionError";
}

/**
 * Checks every definition against both platforms' rules. Throws on the first problem, so a
 * bad definition stops the start instead of failing at registration.
 */
export function validateCommands(list: readonly CommandDefinition[]): void {
  const fail = (where: string, problem: string): never => {
    throw new CommandDefinitionError(`command ${where}: ${problem}`);
  };
  const describe = (where: string, d: Record<Locale, string>) => {
    for (const l of LOCALES) {
      const text = d[l];
      if (!text?.trim()) fail(where, `description.${l} is missing`);
      if (text.length > DESCRIPTION_MAX)
        fail(where, `description.${l} is ${text.length} characters (at most ${DESCRIPTION_MAX})`);
    }
  };
  const checkOptions = (command: string, options: readonly CommandOption[]) => {
    if (options.length > OPTIONS_MAX)
      fail(command, `has ${options.length} options (at most ${OPTIONS_MAX})`);
    const optionNames = new Set<string>();
    for (const o of options) {
      const where = `${command} option "${o.name}"`;
      if (!NAME.test(o.name)) fail(where, "name must match [a-z0-9_]{1,32}");
      if (optionNames.has(o.name)) fail(where, "is defined twice");
      optionNames.add(o.name);
      describe(where, o.description);
      if (!(o.maxLength >= 1 && o.maxLength <= 6000)) fail(where, "maxLength must be 1–6000");
      if (o.choices && o.complete) fail(where, "cannot have both choices and autocomplete");
      if (o.choices && (o.choices.length === 0 || o.choices.length > CHOICES_MAX))
        fail(where, `needs 1–${CHOICES_MAX} choices`);
    }
    // Required options must come first (Discord's rule).
    const firstOptional = options.findIndex((o) => !o.required);
    if (firstOptional >= 0 && options.slice(firstOptional).some((o) => o.required))
      fail(command, "required options must come before optional ones");
  };
  if (list.length === 0) fail("list", "is empty");
  if (list.length > 100) fail("list", `has ${list.length} commands (at most 100)`);
  const names = new Set<string>();
  for (const c of list) {
    if (!NAME.test(c.name)) fail(`"${c.name}"`, "name must match [a-z0-9_]{1,32}");
    if (names.has(c.name)) fail(`"${c.name}"`, "is defined twice");
    names.add(c.name);
    describe(`/${c.name}`, c.description);
    checkOptions(`/${c.name}`, c.options);
    // A remembered reply skips the `manage` check and is the same for every subcommand.
    if (c.pure && (c.manage || c.subcommands))
      fail(`/${c.name}`, "cannot be pure with manage or subcommands");
    if (!c.subcommands) continue;
    if (c.options.length > 0) fail(`/${c.name}`, "has both options and subcommands");
    if (c.subcommands.length === 0 || c.subcommands.length > OPTIONS_MAX)
      fail(`/${c.name}`, `needs 1–${OPTIONS_MAX} subcommands`);
    const subNames = new Set<string>();
    for (const s of c.subcommands) {
      const where = `/${c.name} ${s.name}`;
      if (!NAME.test(s.name)) fail(where, "name must match [a-z0-9_]{1,32}");
      if (subNames.has(s.name)) fail(where, "is defined twice");
      subNames.add(s.name);
      describe(where, s.description);
      checkOptions(where, s.options);
    }
  }
}

export function findCommand(
  list: readonly CommandDefinition[],
  name: string,
): CommandDefinition | undefined {
  return list.find((c) => c.name === name);
}

/**
 * Splits a typed line into a command name and its argument text.
 *
 * @example parseCommandLine("/quote@SummitBot  Loukachenko ") // { name: "quote", argument: "Loukachenko" }
 * @example parseCommandLine("hello") // undefined
 */
export function parseCommandLine(line: string): { name: string; argument: string } | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(line.trim());
  if (!match) return undefined;
  return { name: (match[1] as string).toLowerCase(), argument: (match[2] ?? "").trim() };
}

/**
 * Reads the text typed after a command (Telegram, the console): the command's own reader
 * (`fromText`) when it has one, else the whole text is its first option.
 *
 * @example readText(quote, "Loukachenko", "fr") // { options: { speaker: "Loukachenko" } }
 */
export function readText(command: CommandDefinition, text: string, locale: Locale): TextInput {
  if (command.fromText) return command.fromText(text, locale);
  const first = command.options[0];
  const options: Record<string, string | undefined> = {};
  let rest = text;
  // Options may be typed as name:value (or name=value) words (`/quote Tokaïev story:csto-yerevan-2022`);
  // what is left is the first option.
  for (const o of command.options) {
    const word = new RegExp(`(?:^|\\s)${o.name}[:=](\\S+)`).exec(rest);
    if (!word) continue;
    options[o.name] = word[1];
    rest = `${rest.slice(0, word.index)} ${rest.slice(word.index + word[0].length)}`.trim();
  }
  if (first && rest && options[first.name] === undefined) options[first.name] = rest;
  return { options };
}

/**
 * How to type a command with these option values, as `readText` reads it back: the first
 * option's value as it is, every other as a `name:value` word (a value with a space cannot
 * be a word and is left out). Buttons, deep links and the lines that show them are made with
 * it, so a command's name is written in its definition only.
 *
 * @example callOf(quote, { speaker: "tokayev", card: "on" }) // { command: "quote", argument: "tokayev card:on" }
 */
export function callOf(
  command: Pick<CommandDefinition, "name" | "options">,
  values: Readonly<Record<string, string | undefined>>,
): Required<CommandCall> {
  const first = command.options[0]?.name;
  const head = first === undefined ? undefined : values[first]?.trim();
  const words = head ? [head] : [];
  for (const [name, value] of Object.entries(values)) {
    const word = value?.trim();
    if (name !== first && word && !/\s/.test(word)) words.push(`${name}:${word}`);
  }
  return { command: command.name, argument: words.join(" ") };
}

/** The answer to a command this bot does not serve: the help, as a user error. */
export function unknownCommand(context: CommandContext, name: string, locale: Locale): Reply {
  const helpReply = help.run({ locale, options: {} }, context) as Reply;
  const m = messages[locale];
  return {
    ...helpReply,
    status: "user-error",
    title: m.invalidCommandTitle,
    blocks: [
      { type: "text", text: m.invalidCommand(`/${name.slice(0, 32)}`) },
      ...helpReply.blocks,
    ],
  };
}

/**
 * Runs a command by name with its argument text, for callers that want the reply data at
 * once (tests, benchmarks, inline mode): the story commands answer synchronously. An unknown
 * command gets the help text as a user error. Platforms go through `serve` instead.
 */
export function runCommand(
  context: CommandContext,
  name: string,
  argument: string,
  locale: Locale,
): Reply {
  const command = findCommand(context.commands, name);
  if (!command) return unknownCommand(context, name, locale);
  const input = readText(command, argument, locale);
  if (input.rejected) return input.rejected;
  let answer: Answer;
  try {
    answer = command.run({ locale, ...input }, context);
  } catch (error) {
    if (error instanceof UserError) return error.reply;
    throw error;
  }
  if (answer instanceof Promise)
    throw new TypeError(`/${name} answers asynchronously: serve it (src/serve.ts)`);
  return answer;
}
