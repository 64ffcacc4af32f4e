import { context } from "./context.ts";
import { digest } from "./digest.ts";
import { help } from "./help.ts";
import { members } from "./members.ts";
import { outcome } from "./outcome.ts";
import { quote } from "./quote.ts";
import { quotes } from "./quotes.ts";
import { source } from "./source.ts";
import { summary } from "./summary.ts";
import type { CommandDefinition } from "./types.ts";

/** Every command the bot serves, in menu order. Validated at start-up by `validateCommands`. */
export const commands: readonly CommandDefinition[] = [
  summary,
  quote,
  quotes,
  members,
  outcome,
  context,
  source,
  help,
  digest,
];
