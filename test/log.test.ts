import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, plainLines, redactSecrets } from "../src/log.ts";

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
