import { ApplicationCommandOptionType, ApplicationCommandType } from "discord.js";
import { describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import type { CommandDefinition } from "../../../commands/types.ts";
import { toDiscordCommands } from "../../../src/adapters/discord/commands.ts";

describe("toDiscordCommands", () => {
  it("encodes every neutral command as a chat-input command with fr and en descriptions", () => {
    const json = toDiscordCommands(commands);
    expect(json.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    for (const [i, c] of json.entries()) {
      const source = commands[i] as CommandDefinition;
      expect(c.type).toBe(ApplicationCommandType.ChatInput);
      expect(c.description).toBe(source.description.en);
      expect(c.description_localizations).toEqual({
        fr: source.description.fr,
        "en-US": source.description.en,
        "en-GB": source.description.en,
      });
    }
  });

  it("marks options with completion as autocomplete and keeps localized choices", () => {
    const withBoth: CommandDefinition = {
      name: "demo",
      description: { fr: "Démo", en: "Demo" },
      options: [
        {
          name: "who",
          description: { fr: "Qui", en: "Who" },
          required: true,
          maxLength: 50,
          complete: () => [],
        },
        {
          name: "size",
          description: { fr: "Taille", en: "Size" },
          required: false,
          maxLength: 5,
          choices: [{ value: "big", name: { fr: "grand", en: "big" } }],
        },
      ],
      run: () => ({ status: "ok", title: "", blocks: [] }),
    };
    const [demo] = toDiscordCommands([withBoth]);
    expect(demo?.options).toEqual([
      {
        type: ApplicationCommandOptionType.String,
        name: "who",
        description: "Who",
        description_localizations: { fr: "Qui", "en-US": "Who", "en-GB": "Who" },
        required: true,
        max_length: 50,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "size",
        description: "Size",
        description_localizations: { fr: "Taille", "en-US": "Size", "en-GB": "Size" },
        required: false,
        max_length: 5,
        choices: [
          {
            name: "big",
            name_localizations: { fr: "grand", "en-US": "big", "en-GB": "big" },
            value: "big",
          },
        ],
      },
    ]);
  });
});
