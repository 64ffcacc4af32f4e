import * as answers from "../src/core/answers.ts";
import { callOf } from "./registry.ts";
import { chosenStory, storyOf } from "./story.ts";
import type { CommandDefinition } from "./types.ts";

export const quote: CommandDefinition = {
  name: "quote",
  description: {
    fr: "Les paroles d’un dirigeant, mot pour mot (Loukachenko, Tokaïev…)",
    en: "A leader’s words, verbatim (Lukashenko, Tokayev…)",
    ru: "Слова лидера дословно (Лукашенко, Токаев…)",
  },
  options: [
    {
      name: "speaker",
      description: {
        fr: "Nom, dans n’importe quelle graphie, ou pays",
        en: "Name, in any spelling, or country",
        ru: "Имя в любом написании или страна",
      },
      required: false,
      maxLength: 100,
      // Speakers of the story chosen in the same command, else of the newest.
      complete: (partial, locale, { library }, options) =>
        (library.get(options?.story?.trim().toLowerCase() ?? "") ?? library.default)
          .completeSpeaker(partial)
          .map((p) => ({ name: `${p.name[locale]} — ${p.office[locale]}`, value: p.id })),
    },
    {
      name: "card",
      description: {
        fr: "Joindre la citation en image, à partager",
        en: "Attach the quote as a picture, to share",
        ru: "Приложить цитату картинкой",
      },
      required: false,
      maxLength: 3,
      choices: [
        { value: "on", name: { fr: "oui", en: "yes", ru: "да" } },
        { value: "off", name: { fr: "non", en: "no", ru: "нет" } },
      ],
    },
  ],
  perStory: true,
  pure: true,
  run: ({ locale, options }, { library }) => {
    const story = storyOf(library, options, locale);
    return answers.quote(story, locale, options.speaker, {
      card: options.card === "on",
      calls: quoteCalls(chosenStory(story, options)),
    });
  },
};

/**
 * The follow-ups a quote answer offers: a speaker's quotes, their card; in the story the
 * reader chose, if they chose one.
 *
 * @example quoteCalls({}).card("tokayev") // { command: "quote", argument: "tokayev card:on" }
 */
export function quoteCalls(story: { readonly story?: string }): answers.QuoteCalls {
  return {
    speaker: (id) => callOf(quote, { speaker: id, ...story }),
    card: (id) => callOf(quote, { speaker: id, card: "on", ...story }),
  };
}
