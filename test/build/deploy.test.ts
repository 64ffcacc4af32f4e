import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { last, readDockerfile, stage } from "../support/dockerfile.ts";
import { ROOT } from "../support/paths.ts";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
/** The bot's own shutdown deadline (src/main.ts): supervisors must wait longer. */
const SHUTDOWN_DEADLINE_S = 10;

/** The unit's settings, `Key=value` lines (the last one wins, as in systemd). */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) settings.set(m[1], [...(settings.get(m[1]) ?? []), m[2]]);
  }
  return settings;
}

describe("the deployment files", () => {
  const runtime = stage(readDockerfile(), "runtime");
  const env = runtime.instructions
    .filter((i) => i.keyword === "ENV")
    .map((i) => i.args)
    .join(" ");

  it("GIVEN the Dockerfile's runtime stage THEN it runs as a non-root user with the database under a volume", () => {
    expect(last(runtime, "USER")).toMatch(/^(?!root$|0$)\S+$/);
    const database = /DATABASE_PATH=(\S+)/.exec(env)?.[1];
    expect(database).toBeDefined();
    expect(JSON.parse(last(runtime, "VOLUME") ?? "[]")).toContain(dirname(database ?? ""));
    expect(env).toContain("HTTP_HOST=0.0.0.0");
    expect(last(runtime, "HEALTHCHECK")).toContain("/healthz");
  });

  it("GIVEN the runtime stage THEN it copies no source, no tsx and no development install", () => {
    const copies = runtime.instructions.filter((i) => i.keyword === "COPY").map((i) => i.args);
    expect(copies).toContain("--from=deps /app/node_modules ./node_modules");
    expect(copies.join("\n")).not.toMatch(/\bsrc\b|commands|--from=build \/app\/node_modules/);
  });

  it("GIVEN .dockerignore THEN secrets, local databases and host modules stay out of the context", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of [".env", "node_modules", "dist", "var", "*.sqlite*"])
      expect(ignored).toContain(entry);
  });

  it("GIVEN compose.yaml THEN it reads .env, keeps the database in a named volume and waits out the shutdown", () => {
    const compose = read("compose.yaml");
    expect(compose).toMatch(/env_file: \.env/);
    expect(compose).toMatch(/- summit-brief-data:\/var\/lib\/summit-brief/);
    expect(compose).toMatch(/^volumes:\n {2}summit-brief-data:/m);
    expect(Number(/stop_grace_period: (\d+)s/.exec(compose)?.[1])).toBeGreaterThan(
      SHUTDOWN_DEADLINE_S,
    );
  });

  it("GIVEN the systemd unit THEN node runs the build itself, gets SIGTERM, is given time and restarts on failure", () => {
    const unit = unitSettings(read("deploy/summit-brief.service"));
    expect(unit.get("ExecStart")).toEqual(["/usr/bin/node dist/main.js"]);
    expect(unit.get("KillSignal")).toEqual(["SIGTERM"]);
    expect(unit.get("Restart")).toEqual(["on-failure"]);
    expect(unit.get("WorkingDirectory")).toHaveLength(1);
    expect(unit.get("EnvironmentFile")).toHaveLength(1);
    expect(Number(unit.get("TimeoutStopSec")?.[0])).toBeGreaterThan(SHUTDOWN_DEADLINE_S);
  });
});
