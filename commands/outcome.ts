import * as answers from "../src/core/answers.ts";
import type { CommandDefinition } from "./types.ts";

export const outcome: CommandDefinition = {
  name: "outcome",
  description: {
    fr: "L’issue du sommet et sa lecture",
    en: "How the summit ended, and what it means",
  },
  options: [],
  run: ({ locale }, { library }) => answers.outcome(library.default, locale),
};
