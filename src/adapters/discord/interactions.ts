import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
} from "discord.js";
import { callOf, findCommand } from "../../../commands/registry.ts";
import type { CommandContext, CommandDefinition } from "../../../commands/types.ts";
import { type Locale, resolveLocale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import { recordCommand } from "../../ops/observe.ts";
import { type Invocation, serve } from "../../serve.ts";
import { type DecodedInteraction, decodeButtonPress, decodeCommand, optionsOf } from "./decode.ts";
import { interactionOutlet, turnPage } from "./outlets.ts";
import { decodeButton } from "./paging.ts";
import type { Origin } from "./render.ts";
import { type DeliverOptions, deliver } from "./sender.ts";
import { wording } from "./wording.ts";

/** What the interaction handler needs from the process. */
export interface InteractionDeps {
  readonly context: CommandContext;
  readonly defaultLocale: Locale;
  readonly log: Logger;
  readonly metrics?: Metrics;
}

/** Discord's limits on autocomplete answers. */
const CHOICES_MAX = 25;
const CHOICE_TEXT_MAX = 100;
const NO_MENTIONS = { parse: [] };

/**
 * Answers an interaction through Discord's one sender (`deliver`): every page, the first as
 * the answer and the rest as follow-ups unless they link to each other; privately for a
 * mistake or a private reply; with the picture on the first page (deferred first when it is
 * not drawn yet). Throws when the answer did not go out, for serve's error boundary.
 */
async function answer(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  reply: Reply,
  locale: Locale,
  options: DeliverOptions,
): Promise<void> {
  const result = await deliver(interactionOutlet(interaction), reply, locale, options);
  if (!result.ok) throw new Error(`reply not sent: ${result.reason}`);
}

/** The short fixed apology, privately, whether or not the interaction was answered yet. */
async function apologize(interaction: Interaction, locale: Locale): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const message = {
    content: wording[locale].internalError,
    flags: MessageFlags.Ephemeral as const,
    allowedMentions: NO_MENTIONS,
  };
  if (interaction.replied || interaction.deferred) await interaction.followUp(message);
  else await interaction.reply(message);
}

/**
 * The command a reply answers, so page buttons can re-run it: its name and every option typed
 * (`callOf`: the first as it is, the others, `story` included, as `name:value` words), or the
 * text a button re-ran. Commands with subcommands are not re-runnable by button.
 */
function originOf(command: CommandDefinition | undefined, decoded: DecodedInteraction): Origin {
  const input = decoded.input;
  if (input.kind === "text" || !command) {
    return { command: decoded.command, argument: input.kind === "text" ? input.text : "" };
  }
  return callOf(command, input.options);
}

/** What the sender needs to attach pictures, when the bot has them. */
function picturesOf(context: CommandContext): Pick<DeliverOptions, "pictures"> {
  const { pictures } = context;
  return pictures ? { pictures: { pictures, library: () => context.library } } : {};
}

/** A slash command or a "run" button, answered with new messages. */
function replying(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  decoded: DecodedInteraction,
  deps: InteractionDeps,
): Invocation {
  const command = findCommand(deps.context.commands, decoded.command);
  const origin = command?.subcommands ? undefined : originOf(command, decoded);
  return {
    ...decoded,
    reply: (reply, { private: ephemeral }) =>
      answer(interaction, reply, decoded.locale, {
        ...(origin ? { origin } : {}),
        ephemeral,
        ...picturesOf(deps.context),
      }),
    apologize: () => apologize(interaction, decoded.locale),
  };
}

async function onButton(interaction: ButtonInteraction, deps: InteractionDeps, startedAt: number) {
  const state = decodeButton(interaction.customId);
  if (!state) {
    const locale = resolveLocale(interaction.locale, deps.defaultLocale);
    await interaction.reply({
      content: wording[locale].staleButton,
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    recordCommand(
      deps,
      { platform: "discord", command: "unknown", locale, id: interaction.id },
      startedAt,
      "user_error",
    );
    return;
  }
  const decoded = decodeButtonPress(interaction, state);
  if (state.kind === "run") {
    await serve(replying(interaction, decoded, deps), deps);
    return;
  }
  const origin = { command: state.command, argument: state.argument };
  await serve(
    {
      ...decoded,
      // A page button replaces its message with another page of the same reply.
      reply: async (reply) => {
        const result = await turnPage(interaction, reply, state.locale, origin, state.page);
        if (!result.ok) throw new Error(`reply not sent: ${result.reason}`);
      },
      apologize: () => apologize(interaction, state.locale),
    },
    deps,
  );
}

async function onAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps) {
  const locale = resolveLocale(interaction.locale, deps.defaultLocale);
  const focused = interaction.options.getFocused(true);
  const command = findCommand(deps.context.commands, interaction.commandName);
  const subcommand = interaction.options.getSubcommand(false);
  const options = command?.subcommands
    ? command.subcommands.find((s) => s.name === subcommand)?.options
    : command?.options;
  const option = options?.find((o) => o.name === focused.name);
  const clip = (s: string) =>
    s.length > CHOICE_TEXT_MAX ? `${s.slice(0, CHOICE_TEXT_MAX - 1)}…` : s;
  // The other options filled in so far (the story chosen, …), for suggestions that depend on them.
  const filled = optionsOf(interaction.options.data).options;
  const choices = (option?.complete?.(String(focused.value), locale, deps.context, filled) ?? [])
    .filter((c) => c.value.length <= CHOICE_TEXT_MAX)
    .slice(0, CHOICES_MAX)
    .map((c) => ({ name: clip(c.name), value: c.value }));
  await interaction.respond(choices);
}

/**
 * Decodes a slash command or a button press into an invocation and hands it to `serve`, the
 * one serving function (authorisation, run, metrics, log line, error boundary); answers
 * autocomplete requests from the command's definition. Never rejects. Commands answer from
 * memory or with one or two database statements, well under Discord's 3-second rule, so
 * nothing is deferred; a slow command added later should call `interaction.deferReply()` first.
 */
export async function handleInteraction(
  interaction: Interaction,
  deps: InteractionDeps,
): Promise<void> {
  const startedAt = performance.now();
  try {
    if (interaction.isAutocomplete()) await onAutocomplete(interaction, deps);
    else if (interaction.isChatInputCommand()) {
      const locale = resolveLocale(interaction.locale, deps.defaultLocale);
      await serve(replying(interaction, decodeCommand(interaction, locale), deps), deps);
    } else if (interaction.isButton()) await onButton(interaction, deps, startedAt);
  } catch (error) {
    // Only autocomplete and the stale-button note get here: serve never rejects.
    deps.log.error({ err: error, id: interaction.id }, "interaction failed");
    await apologize(interaction, resolveLocale(interaction.locale, deps.defaultLocale)).catch(
      (replyError: unknown) =>
        deps.log.error(
          { err: replyError, id: interaction.id },
          "could not tell the user about an error",
        ),
    );
  }
}
