import { findCommand, readText, unknownCommand } from "../commands/registry.ts";
import type {
  CommandContext,
  CommandDefinition,
  Place,
  SubcommandDefinition,
  TextInput,
} from "../commands/types.ts";
import { UserError } from "./core/errors.ts";
import type { Locale } from "./core/locale.ts";
import type { Reply } from "./core/reply.ts";
import type { Logger } from "./log.ts";
import type { Metrics } from "./ops/metrics.ts";
import { type Outcome, outcomeOf, recordCommand } from "./ops/observe.ts";
import { type Remembered, ReplyMemo } from "./reply-memo.ts";

/** Who typed the command, as far as authorisation needs to know. */
export interface Who {
  /** The platform's user id, when there is one (for the log). */
  readonly id?: string;
  /**
   * May they manage the place: change what it receives (Discord: Manage Channels; Telegram:
   * the chat's administrators, anyone in a private chat; the console: yes). May ask the
   * platform; a failure is an internal error.
   */
  canManage(): Promise<boolean>;
  /** The platform's own words for "you may not", in the reader's language. */
  refusal(locale: Locale): Reply;
}

/** How a reply must be delivered. */
export interface ReplyOptions {
  /** For the caller only (Discord: ephemeral; Telegram group: a private message). */
  readonly private: boolean;
}

/**
 * One command typed on one platform, decoded into neutral terms by that platform's decoder
 * (small pure functions in each adapter). The serving function reads nothing else.
 */
export interface Invocation {
  readonly platform: string;
  /** The interaction or update id, for finding the log line again. */
  readonly id: string | number;
  readonly where: Place;
  readonly who: Who;
  /** The command's name as typed (lower case); it may name no command. */
  readonly command: string;
  /** Named options (Discord), or the text after the command (Telegram, the console). */
  readonly input:
    | {
        readonly kind: "options";
        readonly subcommand?: string;
        readonly options: TextInput["options"];
      }
    | { readonly kind: "text"; readonly text: string };
  readonly locale: Locale;
  /** Hands the reply to the platform (render, split, send). */
  reply(reply: Reply, options: ReplyOptions): Promise<void>;
  /** Tells the caller, in a short fixed message, that something failed on our side. */
  apologize(): Promise<void>;
}

export interface ServeDeps {
  readonly context: CommandContext;
  readonly log: Logger;
  readonly metrics?: Metrics;
}

/** What was served, for the caller's own bookkeeping. */
export interface Served {
  /** The metric label: a command of the registry, or "unknown". */
  readonly command: string;
  readonly outcome: Outcome;
  readonly reply?: Reply;
}

/**
 * Serves one invocation, whatever the platform: finds the command, reads its input, checks
 * `manage`, runs it, answers through `invocation.reply`, and records one log line and the
 * metrics (labels from closed sets: the registry's command names, else "unknown"). The one
 * error boundary: a `UserError` is answered with its reply; anything else is logged with the
 * invocation id and answered with the platform's short apology. Never rejects.
 *
 * @example await serve(decodeInteraction(interaction, locale), { context, log, metrics })
 */
export async function serve(invocation: Invocation, deps: ServeDeps): Promise<Served> {
  const startedAt = performance.now();
  const { locale } = invocation;
  const command = findCommand(deps.context.commands, invocation.command);
  const label = command?.name ?? "unknown";
  const event = { platform: invocation.platform, command: label, locale, id: invocation.id };
  try {
    const { reply, options } = await answer(invocation, command, deps.context);
    await invocation.reply(reply, options);
    const outcome = outcomeOf(reply);
    recordCommand(deps, event, startedAt, outcome);
    return { command: label, outcome, reply };
  } catch (error) {
    recordCommand(deps, event, startedAt, "internal_error", error);
    try {
      await invocation.apologize();
    } catch (replyError) {
      deps.log.error(
        { err: replyError, id: invocation.id },
        "could not tell the user about an error",
      );
    }
    return { command: label, outcome: "internal_error" };
  }
}

/** Answers of `pure` commands, shared by every platform of the process. */
const memo = new ReplyMemo();

/**
 * The memo key of an invocation of a `pure` command: everything its reply depends on besides
 * the library and the command list (which `ReplyMemo` keys by itself).
 */
function memoKey(invocation: Invocation, command: CommandDefinition): string {
  const { input } = invocation;
  const typed =
    input.kind === "text"
      ? `t${input.text}`
      : `o${input.subcommand ?? ""}\u0000${JSON.stringify(input.options)}`;
  return `${invocation.locale}\u0000${command.name}\u0000${typed}`;
}

/** The answer: remembered for `pure` commands, else built now. */
function answer(
  invocation: Invocation,
  command: CommandDefinition | undefined,
  context: CommandContext,
): Promise<Remembered> | Remembered {
  if (!command?.pure) return build(invocation, command, context);
  const key = memoKey(invocation, command);
  const known = memo.get(context, key);
  if (known) return known;
  return build(invocation, command, context).then((fresh) => memo.set(context, key, fresh));
}

async function build(
  invocation: Invocation,
  command: CommandDefinition | undefined,
  context: CommandContext,
): Promise<{ reply: Reply; options: ReplyOptions }> {
  const { locale } = invocation;
  const open = { private: false };
  if (!command)
    return { reply: unknownCommand(context, invocation.command, locale), options: open };
  const input: TextInput =
    invocation.input.kind === "text"
      ? readText(command, invocation.input.text, locale)
      : invocation.input;
  const sub: SubcommandDefinition | undefined = command.subcommands?.find(
    (s) => s.name === input.subcommand,
  );
  if ((command.manage || sub?.manage) && !(await invocation.who.canManage()))
    return { reply: invocation.who.refusal(locale), options: { private: true } };
  if (input.rejected) return { reply: input.rejected, options: open };
  try {
    const reply = await command.run(
      { locale, options: input.options, subcommand: input.subcommand, where: invocation.where },
      context,
    );
    return { reply, options: { private: sub?.private ?? false } };
  } catch (error) {
    if (error instanceof UserError) return { reply: error.reply, options: open };
    throw error;
  }
}
