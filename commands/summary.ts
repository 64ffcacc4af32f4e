import * as answers from "../src/core/answers.ts";
import { echo } from "../src/core/format.ts";
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
    const wanted = options.length?.trim().toLowerCase() ?? "";
    const length = LENGTHS.get(wanted);
    if (length) return answers.summary(storyOf(library, options, locale), locale, length);
    return {
      status: "user-error",
      title: locale === "fr" ? "Longueur inconnue" : "Unknown length",
      blocks: [
        {
          type: "text",
          text:
            locale === "fr"
              ? `«\u00a0${echo(wanted)}\u00a0» n’est pas une longueur\u00a0: /summary court (par défaut) ou /summary long.`
              : `“${echo(wanted)}” is not a length: /summary short (the default) or /summary long.`,
        },
      ],
    };
  },
};

/** What a reader may type, in French or English, for each length ("" is the default). */
const LENGTHS = new Map<string, "short" | "long">([
  ["", "short"],
  ...["short", "court", "courte", "bref", "brève", "breve"].map((w) => [w, "short"] as const),
  ...["long", "longue", "full", "détail", "detail", "complet", "complète", "complete"].map(
    (w) => [w, "long"] as const,
  ),
]);
