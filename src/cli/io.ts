import { realpathSync } from "node:fs";
import { sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Where an entry point writes: process.stdout/stderr, or a test's buffers. */
export interface Output {
  write(text: string): unknown;
}

/**
 * Everything an entry point takes from its process, injected so that tests run it in-process:
 * arguments, environment, output, and a signal that asks it to stop (SIGINT/SIGTERM).
 */
export interface CliIo {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Read `.env` into `env` first (the real entry points do; tests do not). */
  readonly dotenv?: boolean;
  /** Aborted when the process is asked to stop. */
  readonly stop?: AbortSignal;
}

/** The process's own arguments, environment and streams. */
export function processIo(): CliIo {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    dotenv: true,
  };
}

/**
 * True when the module at `moduleUrl` is the script Node was started with, or the build's short
 * entry point for it (not imported by a test). @example if (isEntryPoint(import.meta.url)) process.exitCode = await main(processIo());
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    const started = realpathSync(script);
    const module = realpathSync(fileURLToPath(moduleUrl));
    // The build's short entry points (dist/main.js) import the compiled module (dist/src/main.js).
    return (
      started === module ||
      started === module.replace(`${sep}dist${sep}src${sep}`, `${sep}dist${sep}`)
    );
  } catch {
    return false;
  }
}

/** Prints a start-up error in one clear block; returns the exit code for it (2). */
export function startupFailure(error: unknown, stderr: Output): number {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  stderr.write(`summit-brief cannot start.\n${message}\n`);
  return 2;
}
