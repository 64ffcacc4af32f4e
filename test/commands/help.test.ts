import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../commands/registry.ts";
import { LOCALES } from "../../src/core/locale.ts";
import { commandContext } from "../support/context.ts";
import { ROOT } from "../support/paths.ts";

const context = commandContext();

/** The usages in the README's command table, e.g. "/quote [speaker]". */
function readmeUsages(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split("## Commands")[1]?.split("\n## ")[0] ?? "";
  return [...section.matchAll(/^\| `(\/[^`]+)` +\|/gm)].map((m) => m[1] as string);
}

describe("/help and the README", () => {
  it.each(LOCALES)(
    "GIVEN the %s help THEN each command's usage is the one the README's command table shows",
    (locale) => {
      const reply = runCommand(context, "help", "", locale);
      const list = reply.blocks.find((b) => b.type === "list");
      const usages = list?.type === "list" ? list.items.map((i) => i.split(" — ")[0]) : [];
      expect(usages.length).toBeGreaterThan(0);
      expect(readmeUsages()).toEqual(usages);
    },
  );
});
