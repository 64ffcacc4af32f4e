import * as answers from "../src/core/answers.ts";
import { storyOf } from "./story.ts";
import type { CommandDefinition } from "./types.ts";

export const summary: CommandDefinition = {
  name: "summary",
  description: {
    fr: "Le sommet de l’OTSC à Erevan en quelques lignes (ou en détail)",
    en: "The CSTO summit in Yerevan in a few lines (or in full)",
  },
  options: [
    {
      name: "length",
      description: { fr: "Court (par défaut) ou long", en: "Short (default) or long" },
      required: false,
      maxLength: 10,
      choices: [
        { value: "short", name: { fr: "court", en: "short" } },
        { value: "long", name: { fr: "long", en: "long" } },
      ],
    },
  ],
  perStory: true,
  run: ({ locale, options }, { library }) => {
    const wanted = options.length?.trim().toLowerCase();
    const long =
      wanted === "long" || wanted === "full" || wanted === "détail" || wanted === "detail";
    return answers.summary(storyOf(library, options, locale), locale, long ? "long" : "short");
  },
};
