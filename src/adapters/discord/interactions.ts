import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
} from "discord.js";
import { findCommand, runCommand } from "../../../commands/registry.ts";
import type { CommandContext, CommandDefinition } from "../../../commands/types.ts";
import { type Locale, resolveLocale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import { digestCommand } from "../../digest/command.ts";
import type { DigestService } from "../../digest/service.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import { outcomeOf, recordCommand } from "../../ops/observe.ts";
import { runDiscordDigest } from "./digest.ts";
import { decodeButton } from "./paging.ts";
import { type DiscordPage, renderReply } from "./render.ts";
import { wording } from "./wording.ts";

/** What the interaction handler needs from the process. */
export interface InteractionDeps {
  readonly context: CommandContext;
  readonly defaultLocale: Locale;
  readonly log: Logger;
  readonly metrics?: Metrics;
  /** Scheduled digests: `/digest` is served only when this is set. */
  readonly digests?: DigestService;
}

/** Discord's limits on autocomplete answers. */
const CHOICES_MAX = 25;
const CHOICE_TEXT_MAX = 100;
const NO_MENTIONS = { parse: [] };

/** A command's single argument: the value of its first option (what buttons carry). */
function argumentOf(
  command: CommandDefinition | undefined,
  options: Record<string, string | undefined>,
) {
  const first = command?.options[0];
  return (first && options[first.name]) || "";
}

function pageMessage(page: DiscordPage, reply: Reply, ephemeral = false): InteractionReplyOptions {
  return {
    embeds: page.embeds,
    components: page.components,
    allowedMentions: NO_MENTIONS,
    ...(ephemeral || reply.status === "user-error"
      ? { flags: MessageFlags.Ephemeral as const }
      : {}),
  };
}

/**
 * Replies with every page: the first as the answer, the rest as follow-ups if not linked.
 * User errors, and `ephemeral` replies, are shown to the caller only.
 */
async function answer(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  reply: Reply,
  locale: Locale,
  origin?: { command: string; argument: string },
  ephemeral = false,
): Promise<void> {
  const { pages, linked } = renderReply(reply, locale, origin);
  const [first, ...rest] = pages;
  if (!first) throw new Error("renderer returned no page");
  await interaction.reply(pageMessage(first, reply, ephemeral));
  if (!linked)
    for (const page of rest) await interaction.followUp(pageMessage(page, reply, ephemeral));
}

/** `/digest`: the channel's subscription (needs the digest service). */
async function onDigest(
  interaction: ChatInputCommandInteraction,
  digests: DigestService,
  locale: Locale,
): Promise<{ command: string; locale: Locale; reply: Reply }> {
  const { reply, ephemeral } = runDiscordDigest(interaction, digests, locale);
  // No origin: its pages are not re-runnable by button, so every page is sent.
  await answer(interaction, reply, locale, undefined, ephemeral);
  return { command: digestCommand.name, locale, reply };
}

async function onChatInput(
  interaction: ChatInputCommandInteraction,
  deps: InteractionDeps,
): Promise<{ command: string; locale: Locale; reply: Reply }> {
  const locale = resolveLocale(interaction.locale, deps.defaultLocale);
  if (deps.digests && interaction.commandName === digestCommand.name)
    return onDigest(interaction, deps.digests, locale);
  const command = findCommand(deps.context.commands, interaction.commandName);
  const options: Record<string, string | undefined> = {};
  for (const o of command?.options ?? [])
    options[o.name] = interaction.options.getString(o.name) ?? undefined;
  // A command Discord still lists but we no longer serve gets the help, as a user error.
  const reply = command
    ? command.run({ locale, options }, deps.context)
    : runCommand(deps.context, interaction.commandName, "", locale);
  const argument = argumentOf(command, options);
  await answer(interaction, reply, locale, { command: interaction.commandName, argument });
  return { command: interaction.commandName, locale, reply };
}

async function onButton(
  interaction: ButtonInteraction,
  deps: InteractionDeps,
): Promise<{ command: string; locale: Locale; reply: Reply }> {
  const state = decodeButton(interaction.customId);
  if (!state) {
    const locale = resolveLocale(interaction.locale, deps.defaultLocale);
    const reply: Reply = {
      status: "user-error",
      title: wording[locale].staleButton,
      blocks: [],
    };
    await interaction.reply({
      content: wording[locale].staleButton,
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return { command: "button", locale, reply };
  }
  const { command, argument, locale } = state;
  const reply = runCommand(deps.context, command, argument, locale);
  if (state.kind === "run") {
    await answer(interaction, reply, locale, { command, argument });
    return { command, locale, reply };
  }
  const { pages } = renderReply(reply, locale, { command, argument });
  // The story may have changed since the button was made: show the nearest page that exists.
  const page = pages[Math.min(state.page, pages.length - 1)] as DiscordPage;
  await interaction.update({
    embeds: page.embeds,
    components: page.components,
    allowedMentions: NO_MENTIONS,
  });
  return { command, locale, reply };
}

async function onAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps) {
  const locale = resolveLocale(interaction.locale, deps.defaultLocale);
  const focused = interaction.options.getFocused(true);
  const options =
    interaction.commandName === digestCommand.name
      ? digestCommand.subcommands.find((s) => s.name === interaction.options.getSubcommand(false))
          ?.options
      : findCommand(deps.context.commands, interaction.commandName)?.options;
  const option = options?.find((o) => o.name === focused.name);
  const clip = (s: string) =>
    s.length > CHOICE_TEXT_MAX ? `${s.slice(0, CHOICE_TEXT_MAX - 1)}…` : s;
  const choices = (option?.complete?.(String(focused.value), locale, deps.context) ?? [])
    .filter((c) => c.value.length <= CHOICE_TEXT_MAX)
    .slice(0, CHOICES_MAX)
    .map((c) => ({ name: clip(c.name), value: c.value }));
  await interaction.respond(choices);
}

async function replyInternalError(interaction: Interaction, locale: Locale): Promise<void> {
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
 * The adapter's one error boundary: decodes a slash command, an autocomplete request or a
 * button press, runs the neutral command, renders and answers. Never rejects: an internal
 * error is logged with the interaction id and answered with a short fixed ephemeral message.
 * Commands are in memory, `/digest` a local SQLite write (well under Discord's 3-second rule), so nothing is
 * deferred; a slow command added later should call `interaction.deferReply()` first.
 */
export async function handleInteraction(
  interaction: Interaction,
  deps: InteractionDeps,
): Promise<void> {
  const startedAt = performance.now();
  const locale = resolveLocale(interaction.locale, deps.defaultLocale);
  const name = "commandName" in interaction ? interaction.commandName : "button";
  try {
    if (interaction.isAutocomplete()) {
      await onAutocomplete(interaction, deps);
      return;
    }
    const served = interaction.isChatInputCommand()
      ? await onChatInput(interaction, deps)
      : interaction.isButton()
        ? await onButton(interaction, deps)
        : undefined;
    if (!served) return;
    recordCommand(
      deps,
      { platform: "discord", command: served.command, locale: served.locale, id: interaction.id },
      startedAt,
      outcomeOf(served.reply),
    );
  } catch (error) {
    recordCommand(
      deps,
      { platform: "discord", command: name, locale, id: interaction.id },
      startedAt,
      "internal_error",
      error,
    );
    try {
      await replyInternalError(interaction, locale);
    } catch (replyError) {
      deps.log.error(
        { err: replyError, id: interaction.id },
        "could not tell the user about an error",
      );
    }
  }
}
