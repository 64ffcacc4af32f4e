import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./paths.ts";

/** One build stage of the Dockerfile: its name and its instructions, continuations joined. */
export interface Stage {
  readonly name: string;
  readonly instructions: readonly { readonly keyword: string; readonly args: string }[];
}

/** The repository's Dockerfile, read into stages (enough of the syntax for our own file). */
export function readDockerfile(path = join(ROOT, "Dockerfile")): Stage[] {
  const lines = readFileSync(path, "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const stages: { name: string; instructions: { keyword: string; args: string }[] }[] = [];
  for (const line of lines) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM")
      stages.push({ name: /\bAS\s+(\S+)$/i.exec(args)?.[1] ?? "", instructions: [] });
    stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

export function stage(stages: readonly Stage[], name: string): Stage {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name} in the Dockerfile`);
  return found;
}

/** The arguments of the stage's last `keyword` instruction, or undefined. */
export function last(s: Stage, keyword: string): string | undefined {
  return s.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
}

/** An exec-form command (`["node", "dist/main.js"]`); throws on the shell form. */
export function execForm(args: string): string[] {
  const json = args.replace(/^(--\S+\s+)*(CMD\s+)?/, "");
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === "string"))
    throw new Error(`not an exec-form command: ${args}`);
  return parsed;
}
