import { spawn } from "node:child_process";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, plainLines, redactSecrets } from "../src/log.ts";
import { ROOT } from "./support/paths.ts";
import { run } from "./support/run.ts";
import { waitFor } from "./support/wait.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

const TOKEN = "123456:AAE-secret-telegram-token";
const DISCORD = "MTA5.discord.secret";

describe("the logger", () => {
  it("GIVEN a token in a message, an error, a URL or a nested field THEN no line contains it", () => {
    const { lines, destination } = capture();
    const log = createLogger({
      level: "debug",
      secrets: [TOKEN, DISCORD],
      pretty: false,
      destination,
    });
    log.info(`calling https://api.telegram.org/bot${TOKEN}/getMe`);
    log.error({ err: new Error(`request to /bot${TOKEN}/sendMessage failed`) }, "failed");
    log.warn({ request: { headers: { authorization: `Bot ${DISCORD}` } } }, "retry");
    log.debug({ token: "anything" }, "object with a token field");
    const all = lines.join("");
    expect(lines).toHaveLength(4);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(DISCORD);
    expect(all).toContain("[redacted]");
    expect(all).not.toContain("anything");
  });

  it("GIVEN no terminal THEN each line is JSON with a level and a message", () => {
    const { lines, destination } = capture();
    createLogger({ level: "info", pretty: false, destination }).info(
      { platform: "discord" },
      "command served",
    );
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line).toMatchObject({ level: 30, msg: "command served", platform: "discord" });
  });

  it("GIVEN the plain-lines child THEN its lines are the logger's lines, secrets still removed", () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: "info", secrets: [TOKEN], pretty: false, destination });
    expect(plainLines(log)).toBe(plainLines(log));
    plainLines(log).info({ command: `quote ${TOKEN}`, latencyMs: 1.5 }, "command served");
    log.info({ command: "quote", latencyMs: 1.5 }, "command served");
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toContain(TOKEN);
    const [plain, usual] = lines.map((l) => JSON.parse(l));
    expect(plain).toMatchObject({ level: 30, msg: "command served", command: "quote [redacted]" });
    expect(Object.keys(plain)).toEqual(Object.keys(usual));
  });

  it("GIVEN a level THEN quieter lines are dropped", () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: "warn", pretty: false, destination });
    log.info("hidden");
    log.warn("shown");
    expect(lines).toHaveLength(1);
  });

  it("GIVEN short strings THEN they are not treated as secrets (no mangled logs)", () => {
    expect(redactSecrets("a b c", ["a"])).toBe("a b c");
  });
});

/** Node running `script` (an ES module with the logger imported as `createLogger`) in ROOT. */
const loggerScript = (script: string) => [
  "--import",
  "tsx",
  "--input-type=module",
  "-e",
  `import { createLogger } from "./src/log.ts";
   const log = createLogger({ level: "info", pretty: false, secrets: ["${TOKEN}"] });
   ${script}`,
];

describe("the logger's standard output", () => {
  it("GIVEN lines logged just before process.exit() THEN every one is written", async () => {
    const r = await run(
      process.execPath,
      loggerScript(`for (let i = 0; i < 200; i++) log.info({ i }, "line ${TOKEN}");
       process.exit(3);`),
    );
    expect(r.code).toBe(3);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(r.stdout).not.toContain(TOKEN);
  });

  it("GIVEN one line and a process that goes on THEN the line is written while it runs", async () => {
    const child = spawn(
      process.execPath,
      loggerScript(`log.info("alone"); setInterval(() => {}, 1000);`),
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await waitFor("the line on standard output", () => stdout.includes('"msg":"alone"'));
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
  });
});
