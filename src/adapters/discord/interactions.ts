import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
} from "discord.js";
import { findCommand } from "../../../commands/registry.ts";
import type { CommandContext, CommandDefinition } from "../../../commands/types.ts";
import { type Locale, resolveLocale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { StoredImage } from "../../images/store.ts";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../ops/metrics.ts";
import { recordCommand } from "../../ops/observe.ts";
import { type Invocation, serve } from "../../serve.ts";
import { type DecodedInteraction, decodeButtonPress, decodeCommand } from "./decode.ts";
import { decodeButton } from "./paging.ts";
import { type DiscordPage, type Origin, renderReply } from "./render.ts";
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

function pageMessage(page: DiscordPage, reply: Reply, ephemeral: boolean): InteractionReplyOptions {
  return {
    embeds: page.embeds,
    components: page.components,
    allowedMentions: NO_MENTIONS,
    ...(ephemeral || reply.status === "user-error"
      ? { flags: MessageFlags.Ephemeral as const }
      : {}),
  };
}

/** The first page with the picture attached: the file, and the first embed showing it. */
function withPicture(
  message: InteractionReplyOptions,
  picture: StoredImage,
  alt: string,
): InteractionReplyOptions {
  const [first, ...others] = message.embeds ?? [];
  return {
    ...message,
    embeds: [
      { ...(first as object), image: { url: `attachment://${picture.filename}` } },
      ...others,
    ],
    files: [{ attachment: picture.png, name: picture.filename, description: alt.slice(0, 1024) }],
  };
}

/**
 * Replies with every page: the first as the answer, the rest as follow-ups if not linked.
 * User errors, and private replies, are shown to the caller only. A reply with a picture
 * carries it on its first page (an attachment, shown by the first embed); when the picture is
 * not rendered yet, the answer is deferred first so Discord's 3-second rule holds.
 */
async function answer(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  reply: Reply,
  locale: Locale,
  origin: Origin | undefined,
  ephemeral: boolean,
  context: CommandContext,
): Promise<void> {
  const { pages, linked } = renderReply(reply, locale, origin);
  const [first, ...rest] = pages;
  if (!first) throw new Error("renderer returned no page");
  const pictures = reply.status === "ok" ? context.pictures : undefined;
  let message = pageMessage(first, reply, ephemeral);
  if (pictures && reply.image) {
    const waiting = !pictures.ready(reply, context.library, locale);
    if (waiting) await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    const picture = await pictures.of(reply, context.library, locale);
    if (picture) message = withPicture(message, picture, reply.image.alt);
    if (waiting) {
      const { flags: _ephemeralAlreadySet, ...edit } = message;
      await interaction.editReply(edit);
    } else await interaction.reply(message);
  } else await interaction.reply(message);
  if (!linked)
    for (const page of rest) await interaction.followUp(pageMessage(page, reply, ephemeral));
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
 * The command a reply answers, so page buttons can re-run it: its name and the value of its
 * first option. Commands with subcommands are not re-runnable by button.
 */
function originOf(command: CommandDefinition | undefined, decoded: DecodedInteraction): Origin {
  const first = command?.options[0];
  const input = decoded.input;
  const argument = input.kind === "text" ? input.text : (first && input.options[first.name]) || "";
  return { command: decoded.command, argument };
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
      answer(interaction, reply, decoded.locale, origin, ephemeral, deps.context),
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
        const { pages } = renderReply(reply, state.locale, origin);
        // The story may have changed since the button was made: the nearest page that exists.
        const page = pages[Math.min(state.page, pages.length - 1)] as DiscordPage;
        await interaction.update({
          embeds: page.embeds,
          components: page.components,
          allowedMentions: NO_MENTIONS,
        });
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
  const choices = (option?.complete?.(String(focused.value), locale, deps.context) ?? [])
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
