import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/paths.ts";

const exec = promisify(execFile);
const STAMP = join(ROOT, "dist/.build-stamp");

describe("npm's prepare (scripts/build.mjs --prepare)", () => {
  it("GIVEN a production install (npm_config_omit=dev) with TypeScript present THEN it builds nothing", async () => {
    // valibot's optional peer brings TypeScript into `npm ci --omit=dev` unless
    // --legacy-peer-deps is given; where it is, prepare must still not compile.
    expect(existsSync(join(ROOT, "node_modules/typescript/bin/tsc"))).toBe(true);
    const before = existsSync(STAMP) ? statSync(STAMP).mtimeMs : undefined;
    const { stdout } = await exec(process.execPath, ["scripts/build.mjs", "--prepare"], {
      cwd: ROOT,
      env: { ...process.env, npm_config_omit: "dev" },
    });
    expect(stdout).toContain("a production install (--omit=dev): not building");
    expect(existsSync(STAMP) ? statSync(STAMP).mtimeMs : undefined).toBe(before);
  });
});
