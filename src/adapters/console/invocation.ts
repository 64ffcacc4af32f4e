import { parseCommandLine } from "../../../commands/registry.ts";
import type { CommandContext } from "../../../commands/types.ts";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Logger } from "../../log.ts";
import { type Served, serve } from "../../serve.ts";
import { renderConsole } from "./render.ts";

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
  const parsed = parseCommandLine(line);
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
      command: parsed?.name ?? "help?",
      input: { kind: "text", text: parsed?.argument ?? "" },
      locale,
      reply: async (reply) => print(renderConsole(reply)),
      apologize: async () => print("Internal error (see the log)."),
    },
    deps,
  );
  return { ...served, parsed: parsed !== undefined };
}
