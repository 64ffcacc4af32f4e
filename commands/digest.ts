import { digest as digestAnswer } from "../src/core/answers.ts";
import { echo } from "../src/core/format.ts";
import {
  DIGEST_SUBCOMMANDS,
  parseDigestText,
  parseSubscribeWords,
} from "../src/digest/arguments.ts";
import { digestMessages } from "../src/digest/messages.ts";
import { note, problemReply, usageReply } from "../src/digest/wording.ts";
import type { CommandDefinition, CommandInput } from "./types.ts";

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
 * `/digest`: the scheduled brief of the channel or chat it is typed in. Subscribe and
 * unsubscribe are for those who can manage the place (`manage`: the serving function checks
 * it); status and preview are open to all, and the preview is shown to the caller only.
 * Telegram and the console type it as words (`/digest subscribe 08:00 Europe/Paris en`);
 * Discord sends subcommands and named options.
 */
export const digest: CommandDefinition = {
  name: "digest",
  description: {
    fr: "Le point du jour dans ce salon : abonnement, état, aperçu",
    en: "The daily brief in this channel: subscription, status, preview",
    ru: "Сводка дня в этом канале: подписка, состояние, предпросмотр",
  },
  options: [],
  channelBound: true,
  subcommands: [
    {
      name: "subscribe",
      description: {
        fr: "Abonner ce salon au point du jour",
        en: "Subscribe this channel to the daily brief",
        ru: "Подписать этот канал на сводку дня",
      },
      manage: true,
      options: [
        {
          name: "time",
          description: {
            fr: "Heure d’envoi, HH:MM (08:00 par défaut)",
            en: "Posting time, HH:MM (08:00 by default)",
            ru: "Время отправки, ЧЧ:ММ (по умолчанию 08:00)",
          },
          required: false,
          maxLength: 5,
        },
        {
          name: "timezone",
          description: {
            fr: "Fuseau horaire IANA, ex. Europe/Paris",
            en: "IANA time zone, e.g. Europe/Paris",
            ru: "Часовой пояс IANA, например Europe/Moscow",
          },
          required: false,
          maxLength: 64,
          complete: (partial) => completeTimezone(partial),
        },
        {
          name: "language",
          description: {
            fr: "Langue du point du jour",
            en: "Language of the brief",
            ru: "Язык сводки",
          },
          required: false,
          maxLength: 2,
          choices: [
            { value: "fr", name: { fr: "français", en: "French", ru: "французский" } },
            { value: "en", name: { fr: "anglais", en: "English", ru: "английский" } },
            { value: "ru", name: { fr: "russe", en: "Russian", ru: "русский" } },
          ],
        },
        {
          name: "cron",
          description: {
            fr: "Autre rythme, expression cron (ex. 0 8 * * 1-5)",
            en: "Another rhythm, as a cron expression (e.g. 0 8 * * 1-5)",
            ru: "Другое расписание, выражение cron (например, 0 8 * * 1-5)",
          },
          required: false,
          maxLength: 100,
        },
        {
          name: "image",
          description: {
            fr: "Joindre la carte de la citation du jour (oui par défaut)",
            en: "Attach the day’s quote card (yes by default)",
            ru: "Прикладывать карточку с цитатой дня (по умолчанию да)",
          },
          required: false,
          maxLength: 3,
          choices: [
            { value: "on", name: { fr: "oui", en: "yes", ru: "да" } },
            {
              value: "off",
              name: { fr: "non, texte seul", en: "no, text only", ru: "нет, только текст" },
            },
          ],
        },
      ],
    },
    {
      name: "unsubscribe",
      description: {
        fr: "Désabonner ce salon",
        en: "Unsubscribe this channel",
        ru: "Отписать этот канал",
      },
      manage: true,
      options: [],
    },
    {
      name: "status",
      description: {
        fr: "Rythme, prochain et dernier envoi",
        en: "Schedule, next and last post",
        ru: "Расписание, следующая и последняя отправка",
      },
      options: [],
    },
    {
      name: "preview",
      description: {
        fr: "Voir le prochain point du jour (vous seul)",
        en: "See the next brief (only you)",
        ru: "Следующая сводка (видите только вы)",
      },
      private: true,
      options: [],
    },
  ],

  fromText(text, locale) {
    const parsed = parseDigestText(text);
    if (parsed.kind === "usage") return { options: {} };
    if (parsed.kind === "unknown-subcommand") return { subcommand: parsed.value, options: {} };
    if (parsed.subcommand !== "subscribe" || !parsed.words.trim())
      return { subcommand: parsed.subcommand, options: {} };
    const words = parseSubscribeWords(parsed.words);
    if (!words.ok)
      return {
        subcommand: "subscribe",
        options: {},
        rejected: problemReply(locale, words.problem),
      };
    return { subcommand: "subscribe", options: { ...words.value } };
  },

  run: (input, { digests, library }) => {
    const { locale, subcommand, where } = input;
    const m = digestMessages[locale];
    if (subcommand === undefined) return usageReply(locale, "ok");
    const name = DIGEST_SUBCOMMANDS.find((s) => s === subcommand);
    if (!name) return usageReply(locale, "user-error", m.unknownSubcommand(echo(subcommand)));
    if (name === "preview" && (!digests || !where?.subscribable)) {
      // Nowhere to subscribe (the console): the brief as it would look, from the story.
      const reply = digestAnswer(library.default, locale, 0);
      return { ...reply, blocks: [{ type: "text", text: m.previewUnsubscribed }, ...reply.blocks] };
    }
    if (!where?.subscribable) return note("user-error", m.notHereTitle, m.notHere);
    if (!digests) return note("user-error", m.notHereTitle, m.unavailable);
    const ref = { platform: where.platform, target: where.chat, locale };
    switch (name) {
      case "subscribe": {
        const missing = where.missingToPost(locale);
        if (missing.length > 0) return note("user-error", m.cannotPostTitle, m.cannotPost(missing));
        return digests.subscribe({ ...ref, ...subscribeOptions(input) });
      }
      case "unsubscribe":
        return digests.unsubscribe(ref);
      case "status":
        return digests.status(ref);
      case "preview":
        return digests.preview(ref);
    }
  },
};

function subscribeOptions({ options }: CommandInput): Record<string, string | undefined> {
  return {
    time: options.time,
    timezone: options.timezone,
    language: options.language,
    cron: options.cron,
    image: options.image,
  };
}
