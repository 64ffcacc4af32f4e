import * as answers from "../src/core/answers.ts";
import type { CommandDefinition } from "./types.ts";

export const source: CommandDefinition = {
  name: "source",
  description: { fr: "D’où viennent ces informations", en: "Where this information comes from" },
  options: [],
  run: ({ locale }, { library }) => answers.source(library.default, locale),
};
