import {
  type APIApplicationCommandStringOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type LocalizationMap,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandDefinition, CommandOption, Localized } from "../../../commands/types.ts";

/** Our locales as Discord names them: French, both Englishes, Russian. */
function localizations(text: Localized): LocalizationMap {
  return { fr: text.fr, "en-US": text.en, "en-GB": text.en, ru: text.ru };
}

/** One neutral option as a Discord string option (autocomplete or localized choices). */
function toDiscordOption(o: CommandOption): APIApplicationCommandStringOption {
  const base = {
    type: ApplicationCommandOptionType.String as const,
    name: o.name,
    description: o.description.en,
    description_localizations: localizations(o.description),
    required: o.required,
    max_length: o.maxLength,
  };
  if (o.complete) return { ...base, autocomplete: true };
  if (!o.choices) return base;
  return {
    ...base,
    choices: o.choices.map((choice) => ({
      name: choice.name.en,
      name_localizations: localizations(choice.name),
      value: choice.value,
    })),
  };
}

/**
 * Encodes neutral command definitions as Discord application commands (chat input), with
 * French and English descriptions; options are strings, with their `max_length`, localized
 * `choices`, and `autocomplete` where the definition can complete; subcommands as Discord
 * subcommands. A command bound to its channel is offered in servers only; one that needs a
 * manager (`manage`, on itself or a subcommand) is shown by default only to members with
 * Manage Channels (server admins can widen it; `serve` checks again at run time).
 *
 * @example toDiscordCommands(commands)[0] // { name: "summary", type: 1, description: "…", … }
 */
export function toDiscordCommands(
  list: readonly CommandDefinition[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return list.map((c) => {
    const managed = c.manage || (c.subcommands ?? []).some((s) => s.manage);
    return {
      type: ApplicationCommandType.ChatInput,
      name: c.name,
      description: c.description.en,
      description_localizations: localizations(c.description),
      ...(managed
        ? { default_member_permissions: PermissionFlagsBits.ManageChannels.toString() }
        : {}),
      ...(c.channelBound
        ? {
            dm_permission: false,
            contexts: [InteractionContextType.Guild],
            integration_types: [ApplicationIntegrationType.GuildInstall],
          }
        : {}),
      options: c.subcommands
        ? c.subcommands.map(
            (s): APIApplicationCommandSubcommandOption => ({
              type: ApplicationCommandOptionType.Subcommand,
              name: s.name,
              description: s.description.en,
              description_localizations: localizations(s.description),
              options: s.options.map(toDiscordOption),
            }),
          )
        : c.options.map(toDiscordOption),
    };
  });
}
