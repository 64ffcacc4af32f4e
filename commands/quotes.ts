import * as answers from "../src/core/answers.ts";
import { storyOf } from "./story.ts";
import type { CommandDefinition } from "./types.ts";

export const quotes: CommandDefinition = {
  name: "quotes",
  description: {
    fr: "Toutes les citations de l’article",
    en: "Every quote in the article",
    ru: "Все цитаты из статьи",
  },
  options: [],
  perStory: true,
  pure: true,
  run: ({ locale, options }, { library }) =>
    answers.allQuotes(storyOf(library, options, locale), locale),
};
