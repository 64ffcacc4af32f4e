import * as answers from "../src/core/answers.ts";
import { echo } from "../src/core/format.ts";
import { messages } from "../src/core/messages.ts";
import { callOf } from "./registry.ts";
import { chosenStory, storyOf } from "./story.ts";
import type { CommandDefinition } from "./types.ts";

export const summary: CommandDefinition = {
  name: "summary",
  description: {
    fr: "Le sommet de l’OTSC à Erevan en quelques lignes (ou en détail)",
    en: "The CSTO summit in Yerevan in a few lines (or in full)",
    ru: "Саммит ОДКБ в Ереване в нескольких строках (или подробно)",
  },
  options: [
    {
      name: "length",
      description: {
        fr: "Court (par défaut) ou long",
        en: "Short (default) or long",
        ru: "Коротко (по умолчанию) или подробно",
      },
      required: false,
      maxLength: 10,
      choices: [
        { value: "short", name: { fr: "court", en: "short", ru: "коротко" } },
        { value: "long", name: { fr: "long", en: "long", ru: "подробно" } },
      ],
    },
  ],
  perStory: true,
  pure: true,
  run: ({ locale, options }, { library }) => {
    const wanted = options.length?.trim().toLowerCase() ?? "";
    const length = LENGTHS.get(wanted);
    if (length) {
      const story = storyOf(library, options, locale);
      const more = callOf(summary, { length: "long", ...chosenStory(story, options) });
      return answers.summary(story, locale, length, more);
    }
    const m = messages[locale];
    return {
      status: "user-error",
      title: m.unknownLengthTitle,
      blocks: [{ type: "text", text: m.unknownLength(echo(wanted)) }],
    };
  },
};

/** What a reader may type, in French, English or Russian, for each length ("" is the default). */
const LENGTHS = new Map<string, "short" | "long">([
  ["", "short"],
  ...["short", "court", "courte", "bref", "brève", "breve", "коротко", "кратко"].map(
    (w) => [w, "short"] as const,
  ),
  ...[
    "long",
    "longue",
    "full",
    "détail",
    "detail",
    "complet",
    "complète",
    "complete",
    "подробно",
    "полностью",
  ].map((w) => [w, "long"] as const),
]);
