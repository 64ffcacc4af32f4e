import * as answers from "../src/core/answers.ts";
import { storyOf } from "./story.ts";
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
      complete: (partial, locale, { library }) =>
        library.default
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
  run: ({ locale, options }, { library }) =>
    answers.quote(storyOf(library, options, locale), locale, options.speaker, {
      card: options.card === "on",
    }),
};
