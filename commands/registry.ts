import { LOCALES, type Locale } from "../src/core/locale.ts";
import { messages } from "../src/core/messages.ts";
import type { Reply } from "../src/core/reply.ts";
import { help } from "./help.ts";
import type { CommandContext, CommandDefinition } from "./types.ts";

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
  if (list.length === 0) fail("list", "is empty");
  if (list.length > 100) fail("list", `has ${list.length} commands (at most 100)`);
  const names = new Set<string>();
  for (const c of list) {
    if (!NAME.test(c.name)) fail(`"${c.name}"`, "name must match [a-z0-9_]{1,32}");
    if (names.has(c.name)) fail(`"${c.name}"`, "is defined twice");
    names.add(c.name);
    describe(`/${c.name}`, c.description);
    if (c.options.length > OPTIONS_MAX)
      fail(`/${c.name}`, `has ${c.options.length} options (at most ${OPTIONS_MAX})`);
    const optionNames = new Set<string>();
    for (const o of c.options) {
      const where = `/${c.name} option "${o.name}"`;
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
    const firstOptional = c.options.findIndex((o) => !o.required);
    if (firstOptional >= 0 && c.options.slice(firstOptional).some((o) => o.required))
      fail(`/${c.name}`, "required options must come before optional ones");
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
 * Runs a command by name with its argument text bound to its first option. An unknown
 * command gets the help text as a user error.
 */
export function runCommand(
  context: CommandContext,
  name: string,
  argument: string,
  locale: Locale,
): Reply {
  const command = findCommand(context.commands, name);
  if (!command) {
    const helpReply = help.run({ locale, options: {} }, context);
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
  const first = command.options[0];
  const options = first && argument ? { [first.name]: argument } : {};
  return command.run({ locale, options }, context);
}
