import {
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  PermissionFlagsBits,
} from "discord.js";
import { describe, expect, it } from "vitest";
import { digest as digestCommand } from "../../../commands/digest.ts";
import { commands } from "../../../commands/index.ts";
import type { CommandDefinition } from "../../../commands/types.ts";
import { toDiscordCommands } from "../../../src/adapters/discord/commands.ts";

describe("toDiscordCommands", () => {
  it("encodes every neutral command as a chat-input command with fr, en and ru descriptions", () => {
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
        ru: source.description.ru,
      });
    }
  });

  it("marks options with completion as autocomplete and keeps localized choices", () => {
    const withBoth: CommandDefinition = {
      name: "demo",
      description: { fr: "Démo", en: "Demo", ru: "Демо" },
      options: [
        {
          name: "who",
          description: { fr: "Qui", en: "Who", ru: "Кто" },
          required: true,
          maxLength: 50,
          complete: () => [],
        },
        {
          name: "size",
          description: { fr: "Taille", en: "Size", ru: "Размер" },
          required: false,
          maxLength: 5,
          choices: [{ value: "big", name: { fr: "grand", en: "big", ru: "большой" } }],
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
        description_localizations: { fr: "Qui", "en-US": "Who", "en-GB": "Who", ru: "Кто" },
        required: true,
        max_length: 50,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "size",
        description: "Size",
        description_localizations: { fr: "Taille", "en-US": "Size", "en-GB": "Size", ru: "Размер" },
        required: false,
        max_length: 5,
        choices: [
          {
            name: "big",
            name_localizations: { fr: "grand", "en-US": "big", "en-GB": "big", ru: "большой" },
            value: "big",
          },
        ],
      },
    ]);
  });
});

describe("toDiscordCommands on /digest", () => {
  const [json] = toDiscordCommands([digestCommand]);
  if (!json) throw new Error("no /digest command");
  const subcommands = (json.options ?? []) as APIApplicationCommandSubcommandOption[];

  it("is shown to members with Manage Channels, in servers only", () => {
    expect(json.name).toBe("digest");
    expect(json.default_member_permissions).toBe(String(PermissionFlagsBits.ManageChannels));
    expect(json.dm_permission).toBe(false);
    expect(json.contexts).toEqual([0]);
  });

  it("has one subcommand per neutral subcommand, with fr and en descriptions within limits", () => {
    expect(subcommands.map((s) => s.name)).toEqual(
      (digestCommand.subcommands ?? []).map((s) => s.name),
    );
    for (const s of subcommands) {
      expect(s.type).toBe(ApplicationCommandOptionType.Subcommand);
      expect(s.description.length).toBeLessThanOrEqual(100);
      expect(s.description_localizations?.fr?.length).toBeGreaterThan(0);
      expect(s.description_localizations?.fr?.length).toBeLessThanOrEqual(100);
      for (const o of s.options ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });

  it("completes the time zone and offers the languages as localized choices", () => {
    const subscribe = subcommands.find((s) => s.name === "subscribe");
    const byName = Object.fromEntries((subscribe?.options ?? []).map((o) => [o.name, o]));
    expect(byName.timezone).toMatchObject({ type: 3, autocomplete: true });
    expect(byName.language).toMatchObject({
      type: 3,
      choices: [
        { value: "fr", name: "French", name_localizations: { fr: "français", ru: "французский" } },
        { value: "en", name: "English", name_localizations: { fr: "anglais", ru: "английский" } },
        { value: "ru", name: "Russian", name_localizations: { fr: "russe", ru: "русский" } },
      ],
    });
    expect(byName.time).toMatchObject({ type: 3, required: false, max_length: 5 });
  });
});
