#!/usr/bin/env node
/**
 * Compiles src/ and commands/ to dist/ with tsc (tsconfig.build.json), bundles the server from
 * that output (dist/bundle/, see SERVER below), then writes the entry points (dist/main.js,
 * dist/cli/*.js). Plain JavaScript: `--if-stale` also runs on a production install, where
 * neither TypeScript, esbuild nor tsx is present.
 *
 *   node scripts/build.mjs             build now
 *   node scripts/build.mjs --if-stale  build only when a source is newer than the last build
 *   node scripts/build.mjs --prepare   npm's `prepare` (after `npm ci`): build, unless this is a
 *                                      production install (`--omit=dev`, or no TypeScript)
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
/** Written last: a build that did not finish is stale. */
const STAMP = ".build-stamp";
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
/** Everything the output depends on. */
const INPUTS = ["src", "commands", "tsconfig.json", "tsconfig.build.json", "scripts/build.mjs"];
/**
 * tsc keeps src/ and commands/ side by side (dist/src, dist/commands); these files give the
 * operator the short paths: `node dist/main.js`, `node dist/cli/ask.js`.
 */
const ENTRY_POINTS = ["main", "cli/ask", "cli/deploy-commands", "cli/digest", "cli/db-copy"];

/**
 * The server (`node dist/main.js`) runs from a bundle of tsc's output, made by esbuild: Node 20
 * loads each ES module file on its own, and the ~200 files between a start and the first answer
 * cost more than the answer (issue 12's start-up budget: 1.9-2.3x a bare grammY bot from the
 * separate files, 1.3x from the bundle; bench/production.ts). The CLIs run tsc's output as is.
 * Split into chunks, so what is imported on first use (the Discord adapter, the console,
 * PostgreSQL, the HTTP server) is still loaded only then. The drawer and the picture worker are
 * entry points of their own, so that the worker's file stays beside the drawer's.
 */
const SERVER = {
  entries: ["src/main.js", "src/images/drawer.js", "src/images/worker.js"],
  /**
   * Left to node_modules: native addons (better-sqlite3's JavaScript is bundled: its addon is
   * opened by path, src/storage/database.ts), discord.js (it loads optional native helpers by
   * name; its own start-up budget is met unbundled), PostgreSQL's client (optional, on first use).
   * Packages loaded with createRequire (prom-client's files, the cron libraries, fonts, the
   * atlas, pino-pretty) are not seen by esbuild and stay there too.
   */
  external: ["@resvg/resvg-js", "discord.js", "@discordjs/*", "pg", "pg-*"],
};

async function bundleServer(outDir) {
  const { build: esbuild } = await import("esbuild");
  await esbuild({
    absWorkingDir: outDir,
    entryPoints: SERVER.entries,
    outbase: ".",
    outdir: join(outDir, "bundle"),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: SERVER.external,
    // CommonJS packages inside the bundle (grammY, pino) require Node's modules by name.
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
}

function newestInput(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestInput(join(path, entry)));
  return newest;
}

function isStale() {
  const stamp = join(DIST, STAMP);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.some((input) => newestInput(join(ROOT, input)) > built);
}

async function build() {
  // Compile beside dist/ and swap at the end: a failed build leaves the last good one.
  const partial = join(ROOT, `dist.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [TSC, "-p", join(ROOT, "tsconfig.build.json"), "--outDir", partial],
    { stdio: "inherit" },
  );
  if (tsc.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    process.stderr.write("build: tsc failed; dist/ left as it was.\n");
    process.exit(tsc.status ?? 1);
  }
  try {
    await bundleServer(partial);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    process.stderr.write(`build: bundling the server failed (${error}); dist/ left as it was.\n`);
    process.exit(1);
  }
  for (const entry of ENTRY_POINTS) {
    const file = join(partial, `${entry}.js`);
    const depth = entry.split("/").length - 1;
    const module = entry === "main" ? "bundle/src/main.js" : `src/${entry}.js`;
    const target = `${depth === 0 ? "./" : "../".repeat(depth)}${module}`;
    mkdirSync(dirname(file), { recursive: true });
    // argv[1] names the compiled module, so that an "am I the entry point?" check in it holds.
    writeFileSync(
      file,
      [
        `// Written by scripts/build.mjs: the compiled module is dist/${module}.`,
        `import { fileURLToPath } from "node:url";`,
        `process.argv[1] = fileURLToPath(new URL("${target}", import.meta.url));`,
        `await import("${target}");`,
        "",
      ].join("\n"),
    );
  }
  writeFileSync(join(partial, STAMP), `${new Date().toISOString()}\n`);
  rmSync(DIST, { recursive: true, force: true });
  renameSync(partial, DIST);
}

const mode = process.argv[2];
const hasTypeScript = existsSync(TSC);
/**
 * npm tells a lifecycle script what it omits. A production install can hold TypeScript all the
 * same: npm installs a package's optional peer (valibot's `typescript`) unless told
 * `--legacy-peer-deps`, and neither src/ nor the type packages are there to build with.
 */
const omitsDev = (process.env.npm_config_omit ?? "").split(/[\s,]+/).includes("dev");
if (mode === "--prepare" && (!hasTypeScript || omitsDev)) {
  // `npm ci --omit=dev` runs `prepare` too; a production install builds nothing.
  process.stdout.write(
    hasTypeScript
      ? "build: a production install (--omit=dev): not building.\n"
      : "build: TypeScript is not installed (production install): not building.\n",
  );
} else if (mode === "--if-stale") {
  if (isStale()) {
    if (hasTypeScript) await build();
    else if (!existsSync(join(DIST, "main.js"))) {
      process.stderr.write(
        "build: dist/ is missing and TypeScript is not installed. Build with the development dependencies (`npm ci && npm run build`) and ship dist/.\n",
      );
      process.exit(1);
    } else
      process.stderr.write(
        "build: sources are newer than dist/ but TypeScript is not installed: running the existing build.\n",
      );
  }
} else if (mode === undefined || mode === "--prepare") {
  await build();
} else {
  process.stderr.write(`build: unknown option ${mode}\n`);
  process.exit(2);
}
