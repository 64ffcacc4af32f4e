import * as answers from "../src/core/answers.ts";
import { storyOf } from "./story.ts";
import type { CommandDefinition } from "./types.ts";

export const context: CommandDefinition = {
  name: "context",
  description: {
    fr: "Le contexte : la guerre en Ukraine, le G20 de Bali",
    en: "The background: the war in Ukraine, the Bali G20",
    ru: "Контекст: российско-украинская война, саммит G20 на Бали",
  },
  options: [],
  perStory: true,
  pure: true,
  run: ({ locale, options }, { library }) =>
    answers.context(storyOf(library, options, locale), locale),
};
