import { longDate } from "../src/core/format.ts";
import { messages } from "../src/core/messages.ts";
import type { CommandDefinition } from "./types.ts";

export const help: CommandDefinition = {
  name: "help",
  description: { fr: "Ce que ce bot sait faire", en: "What this bot can do" },
  options: [],
  run: ({ locale }, { library, commands }) => {
    const m = messages[locale];
    const { event } = library.default.data;
    return {
      status: "ok",
      title: m.helpTitle,
      blocks: [
        {
          type: "text",
          text: m.helpIntro(
            event.organisation.acronym[locale],
            event.place.city[locale],
            longDate(event.date, locale),
          ),
        },
        {
          type: "list",
          items: commands.map(
            (c) =>
              `/${c.name}${c.options.map((o) => (o.required ? ` <${o.name}>` : ` [${o.name}]`)).join("")} — ${c.description[locale]}`,
          ),
        },
      ],
    };
  },
};
