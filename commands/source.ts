import * as answers from "../src/core/answers.ts";
import { storyOf } from "./story.ts";
import type { CommandDefinition } from "./types.ts";

export const source: CommandDefinition = {
  name: "source",
  description: {
    fr: "D’où viennent ces informations",
    en: "Where this information comes from",
    ru: "Откуда эти сведения",
  },
  options: [],
  perStory: true,
  pure: true,
  run: ({ locale, options }, { library }) =>
    answers.source(storyOf(library, options, locale), locale),
};
