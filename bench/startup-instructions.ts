/**
 * Telegram start-up to ready in instructions, not milliseconds: `node dist/main.js` beside the
 * bare grammY bot (bench/bare/grammy.mjs), each run under valgrind's callgrind on the local fake,
 * counting the instructions the process executed from its start to the answer to a
 * `/quote Loukachenko` queued before the start (callgrind_control dumps the count then).
 * On a machine shared with other jobs, wall times move by tens of percent from run to run;
 * these counts move by about 1 %, so a change of a few milliseconds of start-up work shows.
 * Node runs with `--single-threaded` (V8's compiler and GC on the main thread, as counted).
 * About 40 s a run; needs valgrind.
 *
 *   npx tsx bench/startup-instructions.ts [--rounds 1] [--script dist/main.js]
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeTelegram } from "../test/fakes/telegram/server.ts";
import { ROOT } from "../test/support/paths.ts";

const option = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ROUNDS = Number(option("--rounds") ?? 1);
const OURS = option("--script") ?? "dist/main.js";
const BARE = "bench/bare/grammy.mjs";

if (spawnSync("valgrind", ["--version"]).status !== 0) {
  process.stderr.write("valgrind is not installed: apt-get install valgrind\n");
  process.exit(1);
}
spawnSync(process.execPath, ["scripts/build.mjs", "--if-stale"], { cwd: ROOT, stdio: "inherit" });
const scratch = mkdtempSync(join(tmpdir(), "summit-instructions-"));
let runs = 0;

/** Millions of instructions from the process's start to its first answer. */
async function instructionsToReady(script: string): Promise<number> {
  const run = runs++;
  const fake = await new FakeTelegram().start();
  fake.sendText({ id: 1, type: "private" }, { id: 1, language_code: "en" }, "/quote Loukachenko");
  const child = spawn(
    "valgrind",
    [
      "--tool=callgrind",
      `--callgrind-out-file=${join(scratch, `run${run}`)}`,
      "--smc-check=all",
      process.execPath,
      "--single-threaded",
      script,
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        LOG_LEVEL: "info",
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        DATABASE_PATH: join(scratch, `run${run}.sqlite`),
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  child.stderr?.resume();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // A poll, not a sleep: under valgrind the answer takes tens of seconds.
  while (!fake.calls.some((c) => c.method === "sendMessage" && c.ok)) {
    if (child.exitCode !== null) throw new Error(`${script} exited before answering`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  spawnSync("callgrind_control", ["--dump", String(child.pid)], { stdio: "ignore" });
  child.kill("SIGTERM");
  await exited;
  await fake.stop();
  const dump = readdirSync(scratch).find((f) => f.startsWith(`run${run}.`));
  const totals =
    dump && /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(scratch, dump), "utf8"));
  if (!totals) throw new Error(`no callgrind dump for ${script}`);
  return Number(totals[1]) / 1e6;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const ours: number[] = [];
const bare: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  ours.push(await instructionsToReady(OURS));
  bare.push(await instructionsToReady(BARE));
  process.stdout.write(
    `round ${round + 1}: ${OURS} ${ours[round]?.toFixed(0)} M, bare ${bare[round]?.toFixed(0)} M instructions to ready\n`,
  );
}
rmSync(scratch, { recursive: true, force: true });
const ratios = ours.map((o, i) => o / (bare[i] ?? Number.NaN));
process.stdout.write(
  `median: ${median(ours).toFixed(0)} M against ${median(bare).toFixed(0)} M, ${median(ratios).toFixed(2)}× bare\n`,
);
