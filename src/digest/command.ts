import type { CommandOption, Localized } from "../../commands/types.ts";
import type { Reply } from "../core/reply.ts";
import { DIGEST_SUBCOMMANDS, type DigestSubcommand } from "./arguments.ts";
import { digestMessages } from "./messages.ts";
import type { DigestService, TargetRef } from "./service.ts";

/** One `/digest` subcommand, platform-neutral (Discord: a subcommand; Telegram: a first word). */
export interface DigestSubcommandDefinition {
  readonly name: DigestSubcommand;
  readonly description: Localized;
  readonly options: readonly CommandOption[];
  /** Preview is shown only to the caller (Discord ephemeral; Telegram: a private reply if possible). */
  readonly private: boolean;
}

let zones: string[] | undefined;

/** Time zones starting with or containing what was typed (Discord autocomplete: ≤ 25). */
export function completeTimezone(partial: string): { name: string; value: string }[] {
  zones ??= ["UTC", ...Intl.supportedValuesOf("timeZone")];
  const p = partial.trim().toLowerCase();
  const starts = zones.filter((z) => z.toLowerCase().startsWith(p));
  const contains = zones.filter(
    (z) => !z.toLowerCase().startsWith(p) && z.toLowerCase().includes(p),
  );
  return [...starts, ...contains].slice(0, 25).map((z) => ({ name: z, value: z }));
}

/**
 * The `/digest` command: its subcommands and options, with fr/en descriptions within both
 * platforms' limits. Who may run subscribe/unsubscribe (Manage Channels, chat admins) is
 * for the adapters to check; status and preview are open to all.
 */
export const digestCommand = {
  name: "digest",
  description: {
    fr: "Le point du jour dans ce salon : abonnement, état, aperçu",
    en: "The daily brief in this channel: subscription, status, preview",
  },
  subcommands: [
    {
      name: "subscribe",
      description: {
        fr: "Abonner ce salon au point du jour",
        en: "Subscribe this channel to the daily brief",
      },
      private: false,
      options: [
        {
          name: "time",
          description: {
            fr: "Heure d’envoi, HH:MM (08:00 par défaut)",
            en: "Posting time, HH:MM (08:00 by default)",
          },
          required: false,
          maxLength: 5,
        },
        {
          name: "timezone",
          description: {
            fr: "Fuseau horaire IANA, ex. Europe/Paris",
            en: "IANA time zone, e.g. Europe/Paris",
          },
          required: false,
          maxLength: 64,
          complete: (partial) => completeTimezone(partial),
        },
        {
          name: "language",
          description: { fr: "Langue du point du jour", en: "Language of the brief" },
          required: false,
          maxLength: 2,
          choices: [
            { value: "fr", name: { fr: "français", en: "French" } },
            { value: "en", name: { fr: "anglais", en: "English" } },
          ],
        },
        {
          name: "cron",
          description: {
            fr: "Autre rythme, expression cron (ex. 0 8 * * 1-5)",
            en: "Another rhythm, as a cron expression (e.g. 0 8 * * 1-5)",
          },
          required: false,
          maxLength: 100,
        },
      ],
    },
    {
      name: "unsubscribe",
      description: { fr: "Désabonner ce salon", en: "Unsubscribe this channel" },
      private: false,
      options: [],
    },
    {
      name: "status",
      description: { fr: "Rythme, prochain et dernier envoi", en: "Schedule, next and last post" },
      private: false,
      options: [],
    },
    {
      name: "preview",
      description: {
        fr: "Voir le prochain point du jour (vous seul)",
        en: "See the next brief (only you)",
      },
      private: true,
      options: [],
    },
  ] satisfies readonly DigestSubcommandDefinition[],
} as const;

/** Subcommands that change a channel's subscription: only its admins may run them. */
export const ADMIN_SUBCOMMANDS: readonly DigestSubcommand[] = ["subscribe", "unsubscribe"];

/**
 * Runs a decoded `/digest <subcommand>` (Discord options by name). Unknown subcommands get
 * the usage, bad options a clear answer; it never throws on input.
 *
 * @example runDigestCommand(digests, { platform: "discord", target: channelId, locale }, "subscribe", { time: "08:00" })
 */
export function runDigestCommand(
  service: DigestService,
  ref: TargetRef,
  subcommand: string,
  options: Readonly<Record<string, string | undefined>> = {},
): Reply {
  const name = DIGEST_SUBCOMMANDS.find((s) => s === subcommand);
  switch (name) {
    case "subscribe":
      return service.subscribe({
        ...ref,
        time: options.time,
        timezone: options.timezone,
        language: options.language,
        cron: options.cron,
      });
    case "unsubscribe":
      return service.unsubscribe(ref);
    case "status":
      return service.status(ref);
    case "preview":
      return service.preview(ref);
    case undefined:
      return service.handleText(ref, subcommand || digestMessages[ref.locale].usageTitle);
  }
}
