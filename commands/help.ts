import { longDate } from "../src/core/dates.ts";
import type { Locale } from "../src/core/locale.ts";
import { Localizer } from "../src/core/localize.ts";
import { messages } from "../src/core/messages.ts";
import type { CommandDefinition } from "./types.ts";

/** `/quote [speaker] — …`; `/digest <subcommand> — … (subscribe, unsubscribe: for managers)`. */
function helpLine(c: CommandDefinition, locale: Locale): string {
  const m = messages[locale];
  const usage = c.subcommands
    ? " <subcommand>"
    : c.options.map((o) => (o.required ? ` <${o.name}>` : ` [${o.name}]`)).join("");
  const managed = c.manage
    ? [c.name]
    : (c.subcommands ?? []).filter((s) => s.manage).map((s) => s.name);
  const who = managed.length ? ` (${m.helpManagers(managed.join(", "))})` : "";
  return `/${c.name}${usage} — ${c.description[locale]}${who}`;
}

export const help: CommandDefinition = {
  name: "help",
  description: {
    fr: "Ce que ce bot sait faire",
    en: "What this bot can do",
    ru: "Что умеет этот бот",
  },
  options: [],
  pure: true,
  run: ({ locale }, { library, commands }) => {
    const m = messages[locale];
    const { event } = library.default.data;
    const l = new Localizer(locale);
    return {
      status: "ok",
      title: m.helpTitle,
      blocks: [
        {
          type: "text",
          text: m.helpIntro(
            l.t(event.organisation.acronym),
            l.t(event.place.city),
            longDate(event.date, locale),
          ),
        },
        {
          type: "list",
          items: commands.map((c) => helpLine(c, locale)),
        },
      ],
    };
  },
};
