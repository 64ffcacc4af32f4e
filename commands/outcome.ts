import * as answers from "../src/core/answers.ts";
import { storyOf } from "./story.ts";
import type { CommandDefinition } from "./types.ts";

export const outcome: CommandDefinition = {
  name: "outcome",
  description: {
    fr: "L’issue du sommet et sa lecture",
    en: "How the summit ended, and what it means",
    ru: "Чем закончился саммит и что это значит",
  },
  options: [],
  perStory: true,
  pure: true,
  run: ({ locale, options }, { library }) =>
    answers.outcome(storyOf(library, options, locale), locale),
};
