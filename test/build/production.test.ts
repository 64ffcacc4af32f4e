import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fakes/discord.ts";
import { FakeTelegram } from "../fakes/telegram/server.ts";
import { execForm, last, readDockerfile, stage } from "../support/dockerfile.ts";
import { ROOT } from "../support/paths.ts";
import { cleanEnv, type RunResult } from "../support/run.ts";
import { waitFor } from "../support/wait.ts";

const exec = promisify(execFile);

const dockerfile = readDockerfile();
/** The deps stage's install (`npm ci --omit=dev …`), as arguments to npm. */
const INSTALL = (() => {
  const run = stage(dockerfile, "deps").instructions.find(
    (i) => i.keyword === "RUN" && /^npm ci\b/.test(i.args),
  );
  if (!run) throw new Error("the Dockerfile's deps stage runs no npm ci");
  return run.args.split(/\s+/).slice(1);
})();
/** The runtime stage's CMD and HEALTHCHECK, each `["node", …]`. */
const runtime = stage(dockerfile, "runtime");
const CMD = execForm(last(runtime, "CMD") ?? "");
const HEALTHCHECK = execForm(last(runtime, "HEALTHCHECK") ?? "");

/** better-sqlite3's compiled addon: the only file its install script produces. */
const SQLITE_ADDON = "node_modules/better-sqlite3/build/Release/better_sqlite3.node";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The Dockerfile's deps-stage install (`npm ci --omit=dev`) for this package.json and lock
 * file, into node_modules/.cache (kept while package.json, the lock file and Node are unchanged:
 * a dependency moved, added or removed is a new install). Two shortcuts: the npm cache is used
 * offline-first, and better-sqlite3's install script (a ~70 s compile) is skipped, its addon
 * copied from the development install (same platform, same Node ABI). The Docker deps stage
 * compiles it for real.
 */
async function productionModules(): Promise<string> {
  const key = createHash("sha256");
  for (const file of ["package.json", "package-lock.json"])
    key.update(readFileSync(join(ROOT, file)));
  key.update(process.version);
  const cache = join(ROOT, "node_modules/.cache/summit-production");
  const installed = join(cache, key.digest("hex").slice(0, 16));
  if (existsSync(installed)) return join(installed, "node_modules");
  const partial = `${installed}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  for (const file of ["package.json", "package-lock.json"])
    copyFileSync(join(ROOT, file), join(partial, file));
  await exec("npm", [...INSTALL, "--ignore-scripts", "--prefer-offline", "--loglevel=error"], {
    cwd: partial,
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  mkdirSync(dirname(join(partial, SQLITE_ADDON)), { recursive: true });
  copyFileSync(join(ROOT, SQLITE_ADDON), join(partial, SQLITE_ADDON));
  // Older installs (other lock files) go; this one becomes visible in one rename.
  for (const old of readdirSync(cache))
    if (!old.includes(".partial-")) rmSync(join(cache, old), { recursive: true, force: true });
  renameSync(partial, installed);
  return join(installed, "node_modules");
}

/**
 * What the Dockerfile's runtime stage holds: package.json, the lock file, dist/, data/ and the
 * production dependencies — no tsx, no TypeScript, no source. Each run gets a fresh folder
 * and the current build.
 */
describe("a production install (npm ci --omit=dev) running dist/", () => {
  const dir = mkdtempSync(join(tmpdir(), "summit-prod-"));
  const env = (extra: Record<string, string> = {}) =>
    cleanEnv({ NODE_OPTIONS: "", DATA_DIR: join(dir, "data"), ...extra });
  const node = (args: string[], extra: Record<string, string> = {}): Promise<RunResult> =>
    exec(process.execPath, args, { cwd: dir, env: env(extra) }).then(
      ({ stdout, stderr }) => ({ code: 0, signal: null, stdout, stderr }),
      (error: { code?: number; signal?: NodeJS.Signals; stdout?: string; stderr?: string }) => ({
        code: typeof error.code === "number" ? error.code : null,
        signal: error.signal ?? null,
        stdout: error.stdout ?? "",
        stderr: error.stderr ?? "",
      }),
    );

  beforeAll(async () => {
    // Never test a stale build: rebuild when a source is newer than dist/ (no-op after npm ci).
    await exec(process.execPath, ["scripts/build.mjs", "--if-stale"], { cwd: ROOT });
    for (const file of ["package.json", "package-lock.json"])
      copyFileSync(join(ROOT, file), join(dir, file));
    cpSync(join(ROOT, "dist"), join(dir, "dist"), { recursive: true });
    cpSync(join(ROOT, "data"), join(dir, "data"), { recursive: true });
    symlinkSync(await productionModules(), join(dir, "node_modules"), "dir");
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("GIVEN the install THEN no development tool is in it (tsx, TypeScript, pino-pretty, vitest)", () => {
    expect(existsSync(join(dir, "node_modules/grammy"))).toBe(true);
    for (const dev of ["tsx", "typescript", "pino-pretty", "vitest", "@biomejs/biome"])
      expect(existsSync(join(dir, "node_modules", dev)), dev).toBe(false);
  });

  it("GIVEN node dist/main.js --check THEN the configuration and story are valid, exit 0", async () => {
    const r = await node(["dist/main.js", "--check"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Configuration OK. 1 story file(s) OK");
  });

  it('GIVEN node dist/cli/ask.js "/quote Loukachenko" THEN it prints the verbatim quote, exit 0', async () => {
    const r = await node(["dist/cli/ask.js", "/quote Loukachenko"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Si la Russie l’emporte, l’OTSC vivra.");
  });

  it("GIVEN ask --image /members THEN the map is drawn from the installed fonts and atlas, exit 0", async () => {
    const png = join(dir, "members.png");
    const r = await node(["dist/cli/ask.js", "--image", png, "/members"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
  });

  it("GIVEN the Dockerfile's runtime stage THEN it runs node dist/main.js in exec form", () => {
    expect(CMD).toEqual(["node", "dist/main.js"]);
    expect(HEALTHCHECK[0]).toBe("node");
  });

  describe("GIVEN the runtime stage's CMD serving both platforms (local fakes)", () => {
    const telegram = new FakeTelegram();
    let discord: FakeDiscord;
    let child: ChildProcess;
    let output = "";
    let port = 0;

    beforeAll(async () => {
      discord = await FakeDiscord.start();
      await telegram.start();
      port = await freePort();
      child = spawn(process.execPath, CMD.slice(1), {
        cwd: dir,
        env: env({
          DISCORD_TOKEN: discord.token,
          DISCORD_API_ROOT: discord.apiRoot,
          TELEGRAM_BOT_TOKEN: telegram.token,
          TELEGRAM_API_ROOT: telegram.apiRoot,
          HTTP_PORT: String(port),
          DATABASE_PATH: join(dir, "var", "summit.sqlite"),
          LOG_LEVEL: "info",
        }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.on("data", (d) => (output += d));
      child.stderr?.on("data", (d) => (output += d));
    });

    afterAll(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await discord.close();
      await telegram.stop();
    });

    const healthcheck = () => node(HEALTHCHECK.slice(1), { HTTP_PORT: String(port) });

    it("THEN it gets ready, passes the HEALTHCHECK, answers on each platform, and SIGTERM ends it with exit 0", async () => {
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      const started = await waitFor("/readyz to answer 200, or the process to end", async () => {
        if (child.exitCode !== null || child.signalCode !== null) return "exited";
        const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        return response?.status === 200 ? "ready" : undefined;
      });
      // A process that dies at start (a missing module) fails here, with its output.
      expect(started, output).toBe("ready");
      expect((await healthcheck()).code).toBe(0);

      telegram.sendText({ id: 7, type: "private" }, { id: 7, language_code: "en" }, "/members");
      // /members arrives as the map with the answer as its caption: the production install
      // renders pictures too (resvg's native binary and the fonts are runtime dependencies).
      const reply = await waitFor("the Telegram photo reply", () => telegram.photosTo(7)[0]);
      expect(reply.text).toContain("member states");
      expect(reply.photo.size).toBeGreaterThan(0);
      const { id } = discord.chatInput("quote", { speaker: "Loukachenko" }, { locale: "fr" });
      const callback = await discord.waitForCallback(id);
      expect(JSON.stringify(callback.body)).toContain("Si la Russie l’emporte");

      child.kill("SIGTERM");
      expect(await exited, output).toBe(0);
      expect(output).toContain('"msg":"stopped"');
      expect((await healthcheck()).code).toBe(1);
    });
  });
});
