import {
  type APIApplicationCommandStringOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type LocalizationMap,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandDefinition, Localized } from "../../../commands/types.ts";

/** Our locales as Discord names them: French, and both Englishes. */
function localizations(text: Localized): LocalizationMap {
  return { fr: text.fr, "en-US": text.en, "en-GB": text.en };
}

/**
 * Encodes neutral command definitions as Discord application commands (chat input), with
 * French and English descriptions; options are strings, with their `max_length`, localized
 * `choices`, and `autocomplete` where the definition can complete.
 *
 * @example toDiscordCommands(commands)[0] // { name: "summary", type: 1, description: "…", … }
 */
export function toDiscordCommands(
  list: readonly CommandDefinition[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return list.map((c) => ({
    type: ApplicationCommandType.ChatInput,
    name: c.name,
    description: c.description.en,
    description_localizations: localizations(c.description),
    options: c.options.map((o): APIApplicationCommandStringOption => {
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
    }),
  }));
}
