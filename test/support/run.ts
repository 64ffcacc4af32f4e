import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./paths.ts";

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment for child processes: no platform token, nothing read from a developer's .env. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DISCORD_TOKEN: "",
    TELEGRAM_BOT_TOKEN: "",
    HTTP_PORT: "",
    DIGEST_CRON: "",
    LOG_LEVEL: "warn",
    DATA_DIR: join(ROOT, "data"),
    DEFAULT_LOCALE: "fr",
  };
  for (const key of Object.keys(env))
    if (key.startsWith("DIGEST_") && !(key in extra)) env[key] = "";
  env.DIGEST_TIMEZONE = "Europe/Paris";
  env.DIGEST_CATCHUP = "3h";
  return { ...env, ...extra };
}

/**
 * Starts `src/main.ts` in a Node process of its own (tsx as a loader, not as a wrapper
 * process), so that a signal sent to the child reaches the bot itself.
 */
export function spawnMain(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs a command to completion, with input on stdin, and collects its output. */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? cleanEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}
