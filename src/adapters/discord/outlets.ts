import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  MessageFlags,
  type REST,
  type RESTPostAPIChannelMessageResult,
  Routes,
} from "discord.js";
import type { Locale } from "../../core/locale.ts";
import type { Reply } from "../../core/reply.ts";
import type { SendResult } from "../../platform.ts";
import { sendFailure } from "./failure.ts";
import { type DiscordPage, type Origin, renderReply } from "./render.ts";

/** One message of a reply, as an outlet posts it. */
export interface OutgoingMessage extends DiscordPage {
  /** For the caller only (an interaction's ephemeral answer; a channel post ignores it). */
  readonly ephemeral: boolean;
  /** The picture, attached to the first message and shown by its first embed. */
  readonly picture?: { readonly png: Buffer; readonly filename: string; readonly alt: string };
}

/**
 * Where the messages of one reply go: a channel (REST posts) or an interaction (the answer,
 * then follow-ups). The sender renders, splits and decides what to send; an outlet only posts.
 */
export interface Outlet {
  /** Posts message `index` (0 is the first); resolves with its id when known; rejects as discord.js does. */
  post(message: OutgoingMessage, index: number): Promise<string | undefined>;
  /** A picture is still being drawn: an interaction defers its answer (Discord's 3-second rule). */
  hold?(ephemeral: boolean): Promise<void>;
}

/** No reply may mention anyone. */
const NO_MENTIONS = { parse: [] };

/** A channel, posted to through a REST client. */
export function channelOutlet(rest: REST, channelId: string): Outlet {
  return {
    async post(message) {
      const { picture } = message;
      const [first, ...others] = message.embeds;
      const posted = (await rest.post(Routes.channelMessages(channelId), {
        body: {
          embeds:
            picture && first
              ? [{ ...first, image: { url: `attachment://${picture.filename}` } }, ...others]
              : message.embeds,
          components: message.components,
          allowed_mentions: NO_MENTIONS,
          ...(picture
            ? {
                attachments: [
                  { id: 0, filename: picture.filename, description: picture.alt.slice(0, 1024) },
                ],
              }
            : {}),
        },
        // The picture as files[0], which attachments[0] names and the first embed shows.
        ...(picture
          ? { files: [{ name: picture.filename, data: picture.png, contentType: "image/png" }] }
          : {}),
      })) as RESTPostAPIChannelMessageResult;
      return posted.id;
    },
  };
}

/**
 * An interaction: the first message is its answer (or the edit of a deferred answer), later
 * ones are follow-ups. Ephemeral messages carry the flag; the picture is an attachment shown
 * by the first embed.
 */
export function interactionOutlet(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
): Outlet {
  let deferred = false;
  return {
    async hold(ephemeral) {
      await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      deferred = true;
    },
    async post(message, index) {
      const options = interactionMessage(message);
      if (index > 0) return (await interaction.followUp(options)).id;
      if (deferred) {
        const { flags: _ephemeralAlreadySet, ...edit } = options;
        return (await interaction.editReply(edit)).id;
      }
      await interaction.reply(options);
      return undefined;
    },
  };
}

function interactionMessage(message: OutgoingMessage): InteractionReplyOptions {
  const { picture } = message;
  const [first, ...others] = message.embeds;
  return {
    embeds:
      picture && first
        ? [{ ...first, image: { url: `attachment://${picture.filename}` } }, ...others]
        : message.embeds,
    components: message.components,
    allowedMentions: NO_MENTIONS,
    ...(message.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}),
    ...(picture
      ? {
          files: [
            {
              attachment: picture.png,
              name: picture.filename,
              description: picture.alt.slice(0, 1024),
            },
          ],
        }
      : {}),
  };
}

/**
 * Shows page `page` of a reply in place of the message a page button is on (the nearest page
 * that exists: the story may have changed since the button was made). Never throws.
 */
export async function turnPage(
  interaction: ButtonInteraction,
  reply: Reply,
  locale: Locale,
  origin: Origin,
  page: number,
): Promise<SendResult> {
  const { pages } = renderReply(reply, locale, origin);
  const shown = pages[Math.min(page, pages.length - 1)] as DiscordPage;
  try {
    await interaction.update({
      embeds: shown.embeds,
      components: shown.components,
      allowedMentions: NO_MENTIONS,
    });
    return { ok: true };
  } catch (error) {
    return sendFailure(error);
  }
}
