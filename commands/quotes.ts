import * as answers from "../src/core/answers.ts";
import type { CommandDefinition } from "./types.ts";

export const quotes: CommandDefinition = {
  name: "quotes",
  description: { fr: "Toutes les citations de l’article", en: "Every quote in the article" },
  options: [],
  run: ({ locale }, { library }) => answers.allQuotes(library.default, locale),
};
