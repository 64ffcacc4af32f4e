import { join } from "node:path";
import type { CliIo } from "../../src/cli/io.ts";
import { ROOT } from "./paths.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment an entry point sees in tests: the repository's data, French by default,
 * quiet logs, no platform token, nothing from a developer's `.env` or shell.
 */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    DATA_DIR: join(ROOT, "data"),
    DEFAULT_LOCALE: "fr",
    LOG_LEVEL: "silent",
    DIGEST_TIMEZONE: "Europe/Paris",
    DIGEST_CATCHUP: "3h",
    ...extra,
  };
}

/**
 * Runs an entry point's `main` in this process, with its arguments, environment and output
 * injected; resolves with its exit code and what it wrote.
 *
 * @example const r = await runMain(ask, ["/quote", "louk"]); expect(r.code).toBe(0);
 */
export async function runMain<I extends CliIo>(
  main: (io: I) => number | Promise<number>,
  argv: string[],
  env: Record<string, string> = {},
  more: Partial<I> = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const base: CliIo = {
    argv,
    env: testEnv(env),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    dotenv: false,
  };
  // `more` adds what this entry point takes beyond CliIo (a terminal, a stop signal…).
  const code = await main({ ...base, ...more } as I);
  return { code, stdout, stderr };
}
