import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { DATA_DIR, ROOT } from "./support/paths.ts";
import { run } from "./support/run.ts";
import { FIXTURE_STORY, realStory } from "./support/stories.ts";

/**
 * `prepare()` as the entry points call it (reading `.env`), in a process of its own whose
 * working directory is `cwd`: which story it loaded, its language, and whether dotenv was loaded.
 */
async function prepareIn(cwd: string, env: Record<string, string>) {
  const startup = pathToFileURL(join(ROOT, "src/startup.ts")).href;
  const script = `
    import { createRequire } from "node:module";
    import { prepare } from ${JSON.stringify(startup)};
    const app = prepare(${JSON.stringify(env)}, { logDestination: process.stderr });
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify({
      story: app.context.library.default.id,
      locale: app.config.DEFAULT_LOCALE,
      dotenv: loaded.some((file) => file.includes("/node_modules/dotenv/")),
    }));`;
  const tsx = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
  const r = await run(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], {
    cwd,
    env: { PATH: process.env.PATH ?? "" },
    timeoutMs: 50_000,
  });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as { story: string; locale: string; dotenv: boolean };
}

describe("prepare: .env", () => {
  it("GIVEN no .env in the working directory THEN dotenv is never loaded", async () => {
    const empty = mkdtempSync(join(tmpdir(), "summit-env-"));
    const got = await prepareIn(empty, { DATA_DIR, DEFAULT_LOCALE: "fr" });
    expect(got).toEqual({ story: realStory().id, locale: "fr", dotenv: false });
  });

  it("GIVEN a .env THEN it is read, never over a variable already set", async () => {
    const dir = mkdtempSync(join(tmpdir(), "summit-env-"));
    writeFileSync(
      join(dir, ".env"),
      `DATA_DIR=${join(ROOT, "test/fixtures/stories")}\nDEFAULT_LOCALE=ru\n`,
    );
    const got = await prepareIn(dir, { DEFAULT_LOCALE: "fr" });
    expect(got).toEqual({ story: FIXTURE_STORY, locale: "fr", dotenv: true });
  });
});
