import { findCommand, parseCommandLine } from "../../../commands/registry.ts";
import type { CommandContext } from "../../../commands/types.ts";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Logger } from "../../log.ts";
import { type Served, serve } from "../../serve.ts";
import { renderConsole } from "./render.ts";

/**
 * What a line typed in the console or given to `npm run ask` asks for: `/quote louk`, or a
 * known command without its slash (`quote louk`, `help`); an empty line asks for the help.
 * Other text keeps its first word as the name, so the answer says it is not a command.
 *
 * @example readTypedLine("quote louk", commands) // { name: "quote", argument: "louk", known: true }
 */
export function readTypedLine(
  line: string,
  commands: CommandContext["commands"],
): { name: string; argument: string; known: boolean } {
  const trimmed = line.trim();
  if (!trimmed) return { name: "help", argument: "", known: true };
  const parsed = parseCommandLine(trimmed);
  if (parsed) return { ...parsed, known: findCommand(commands, parsed.name) !== undefined };
  const [word = "", ...rest] = trimmed.split(/\s+/);
  const name = word.toLowerCase();
  const known = findCommand(commands, name) !== undefined;
  return { name: known ? name : word.slice(0, 32), argument: rest.join(" "), known };
}

/**
 * A line typed in the terminal (`/quote Loukachenko`, `/digest preview`) as an invocation:
 * the reader is alone here, may manage everything, and no digest can be posted here. Text
 * that is not a command gets the help, as a user error.
 */
export async function serveLine(
  line: string,
  locale: Locale,
  deps: { readonly context: CommandContext; readonly log: Logger },
  print: (text: string) => void,
): Promise<Served & { readonly parsed: boolean }> {
  const parsed = readTypedLine(line, deps.context.commands);
  const served = await serve(
    {
      platform: "console",
      id: "console",
      where: {
        platform: "console",
        chat: "console",
        private: true,
        subscribable: false,
        missingToPost: () => [],
      },
      who: {
        canManage: async () => true,
        refusal: (): Reply => ({ status: "user-error", title: "", blocks: [] }),
      },
      command: parsed.name,
      input: { kind: "text", text: parsed.argument },
      locale,
      reply: async (reply) => print(renderConsole(reply)),
      apologize: async () => print("Internal error (see the log)."),
    },
    deps,
  );
  return { ...served, parsed: parsed.known };
}
