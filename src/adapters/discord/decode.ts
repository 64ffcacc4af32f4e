import {
  ApplicationCommandOptionType,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  PermissionFlagsBits,
} from "discord.js";
import type { Place } from "../../../commands/types.ts";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { Invocation, Who } from "../../serve.ts";
import { missingToPost } from "./permissions.ts";
import { wording } from "./wording.ts";

/** The decoded parts of an interaction; `reply` and `apologize` are added by the caller. */
export type DecodedInteraction = Omit<Invocation, "reply" | "apologize">;

/**
 * The channel a command was used in: a server channel can take digests, if the bot may post
 * there (its permissions come with the interaction).
 */
export function placeOf(interaction: ChatInputCommandInteraction | ButtonInteraction): Place {
  const inGuild = interaction.inGuild() && !!interaction.channelId;
  return {
    platform: "discord",
    chat: interaction.channelId ?? "",
    ...(interaction.guildId ? { guild: interaction.guildId } : {}),
    private: !interaction.inGuild(),
    subscribable: inGuild,
    missingToPost: (locale) =>
      missingToPost(interaction.appPermissions, interaction.channel?.isThread() ?? false).map(
        (p) => wording[locale].permissions[p],
      ),
  };
}

/** The member: managers have Manage Channels in this channel. */
export function whoOf(interaction: ChatInputCommandInteraction | ButtonInteraction): Who {
  return {
    id: interaction.user.id,
    canManage: async () =>
      interaction.inGuild() &&
      (interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false),
    refusal: (locale): Reply => ({
      status: "user-error",
      title: wording[locale].refusedTitle,
      blocks: [{ type: "text", text: wording[locale].notAllowed }],
    }),
  };
}

/** A subcommand's name and every string option, from Discord's option tree. */
export function optionsOf(data: readonly CommandInteractionOption[]): {
  subcommand?: string;
  options: Record<string, string | undefined>;
} {
  const options: Record<string, string | undefined> = Object.create(null);
  let subcommand: string | undefined;
  for (const o of data) {
    if (o.type === ApplicationCommandOptionType.Subcommand) {
      subcommand = o.name;
      Object.assign(options, optionsOf(o.options ?? []).options);
    } else if (typeof o.value === "string") options[o.name] = o.value;
  }
  return { ...(subcommand === undefined ? {} : { subcommand }), options };
}

/** A slash command as a neutral invocation. */
export function decodeCommand(
  interaction: ChatInputCommandInteraction,
  locale: Locale,
): DecodedInteraction {
  const { subcommand, options } = optionsOf(interaction.options.data);
  return {
    platform: "discord",
    id: interaction.id,
    where: placeOf(interaction),
    who: whoOf(interaction),
    command: interaction.commandName,
    input: { kind: "options", ...(subcommand === undefined ? {} : { subcommand }), options },
    locale,
  };
}

/** A button that re-runs a command (its state is in the `custom_id`) as a neutral invocation. */
export function decodeButtonPress(
  interaction: ButtonInteraction,
  state: { command: string; argument: string; locale: Locale },
): DecodedInteraction {
  return {
    platform: "discord",
    id: interaction.id,
    where: placeOf(interaction),
    who: whoOf(interaction),
    command: state.command,
    input: { kind: "text", text: state.argument },
    locale: state.locale,
  };
}
