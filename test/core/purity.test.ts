import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/paths.ts";

const PLATFORM =
  /^(discord\.js|grammy|@discordjs\/.*|@grammyjs\/.*|discord-api-types.*|ws|node-cron|better-sqlite3|pino.*)$/;
const IO = /^(node:)?(fs|net|http|https|child_process|dgram|tls)(\/.*)?$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [join(dir, e.name)]
        : [],
  );
}

function importsOf(text: string): string[] {
  return [
    ...text.matchAll(
      /(?:import|export)[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
    ),
  ].map((m) => (m[1] ?? m[2]) as string);
}

const imports = (file: string) => importsOf(readFileSync(file, "utf8"));

describe("the core stays pure", () => {
  const files = sources(join(ROOT, "src/core"));

  it("GIVEN the core THEN it has modules to check", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))(
    "GIVEN %s THEN it imports no platform library",
    (_name, file) => {
      const bad = imports(file).filter((i) => PLATFORM.test(i));
      expect(bad).toEqual([]);
    },
  );

  it.each(files.filter((f) => !f.endsWith("load.ts")).map((f) => [f.slice(ROOT.length + 1), f]))(
    "GIVEN %s THEN it does no I/O (only load.ts reads files)",
    (_name, file) => {
      expect(imports(file).filter((i) => IO.test(i))).toEqual([]);
    },
  );

  it("GIVEN the import scanner THEN it would catch a platform import", () => {
    const fake =
      'import { Client } from "discord.js";\nimport type { Bot } from "grammy";\nconst x = await import("@grammyjs/runner");';
    expect(importsOf(fake).filter((i) => PLATFORM.test(i))).toEqual([
      "discord.js",
      "grammy",
      "@grammyjs/runner",
    ]);
  });

  it("GIVEN the commands folder THEN it imports no platform library either", () => {
    const bad = sources(join(ROOT, "commands")).flatMap((f) =>
      imports(f).filter((i) => PLATFORM.test(i)),
    );
    expect(bad).toEqual([]);
  });
});
