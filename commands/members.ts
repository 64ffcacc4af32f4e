import * as answers from "../src/core/answers.ts";
import { storyOf } from "./story.ts";
import type { CommandDefinition } from "./types.ts";

export const members: CommandDefinition = {
  name: "members",
  description: {
    fr: "Les six États membres de l’OTSC et leur rôle",
    en: "The six CSTO member states and their part",
    ru: "Шесть государств — членов ОДКБ и их роль",
  },
  options: [],
  perStory: true,
  pure: true,
  run: ({ locale, options }, { library }) =>
    answers.members(storyOf(library, options, locale), locale),
};
