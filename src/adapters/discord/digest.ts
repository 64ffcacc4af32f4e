import { type ChatInputCommandInteraction, PermissionFlagsBits } from "discord.js";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { DigestSubcommand } from "../../digest/arguments.ts";
import { ADMIN_SUBCOMMANDS, digestCommand, runDigestCommand } from "../../digest/command.ts";
import type { DigestService } from "../../digest/service.ts";
import { missingToPost } from "./permissions.ts";
import { wording } from "./wording.ts";

/** What `/digest` answers, and whether only the caller may see it. */
export interface DigestAnswer {
  readonly reply: Reply;
  readonly ephemeral: boolean;
}

function refusal(title: string, text: string): DigestAnswer {
  return {
    reply: { status: "user-error", title, blocks: [{ type: "text", text }] },
    ephemeral: true,
  };
}

/**
 * Runs `/digest <subcommand>` for the channel it was typed in. Subscribe and unsubscribe
 * require Manage Channels (checked again here: server admins can open the command to
 * everyone), and subscribe requires that the bot can post embeds in the channel. Preview is
 * private. Never throws on input; answers in the reader's `locale`.
 */
export function runDiscordDigest(
  interaction: ChatInputCommandInteraction,
  digests: DigestService,
  locale: Locale,
): DigestAnswer {
  const w = wording[locale];
  if (!interaction.inGuild() || !interaction.channelId) return refusal(w.refusedTitle, w.guildOnly);
  const name = interaction.options.getSubcommand(false) ?? "";
  const definition = digestCommand.subcommands.find((s) => s.name === name);
  if (ADMIN_SUBCOMMANDS.includes(name as DigestSubcommand)) {
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels))
      return refusal(w.refusedTitle, w.notAllowed);
    const missing =
      name === "subscribe"
        ? missingToPost(interaction.appPermissions, interaction.channel?.isThread() ?? false)
        : [];
    if (missing.length > 0)
      return refusal(w.cannotPostTitle, w.cannotPost(missing.map((p) => w.permissions[p])));
  }
  const options: Record<string, string | undefined> = {};
  for (const o of definition?.options ?? [])
    options[o.name] = interaction.options.getString(o.name) ?? undefined;
  const reply = runDigestCommand(
    digests,
    { platform: "discord", target: interaction.channelId, locale },
    name,
    options,
  );
  return { reply, ephemeral: definition?.private ?? false };
}
