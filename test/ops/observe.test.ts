import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { createLogger } from "../../src/log.ts";
import { Metrics } from "../../src/ops/metrics.ts";
import { commandLabel, recordCommand } from "../../src/ops/observe.ts";

const quiet = createLogger({
  level: "silent",
  pretty: false,
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

describe("recordCommand", () => {
  it("GIVEN 2,000 distinct command names typed by users THEN the command label takes only known names or 'unknown'", async () => {
    const metrics = new Metrics();
    const hostile = ["__proto__", "constructor", "toString", "QUOTE", "quote ", "a".repeat(500)];
    for (let i = 0; i < 2_000; i++) hostile.push(`cmd${i}`);
    for (const command of hostile)
      recordCommand(
        { log: quiet, metrics },
        { platform: "telegram", command, locale: "xx-evil" },
        performance.now(),
        "user_error",
      );
    recordCommand(
      { log: quiet, metrics },
      { platform: "discord", command: "quote", locale: "fr" },
      performance.now(),
      "ok",
    );
    const { values } = await metrics.commands.get();
    expect(values.map((v) => v.labels.command).sort()).toEqual(["quote", "unknown"]);
    expect(values.find((v) => v.labels.command === "unknown")?.value).toBe(hostile.length);
  });

  it("keeps every served command's own name", () => {
    for (const c of commands) expect(commandLabel(c.name)).toBe(c.name);
    for (const name of ["digest", "start", "inline", "button"])
      expect(commandLabel(name)).toBe(name);
    expect(commandLabel("__proto__")).toBe("unknown");
    expect(commandLabel("hasOwnProperty")).toBe("unknown");
  });
});
