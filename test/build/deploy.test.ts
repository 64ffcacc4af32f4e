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

/** One service's block of compose.yaml: its lines, up to the next service or top-level key. */
function service(compose: string, name: string): string {
  const lines = compose.split("\n");
  const start = lines.indexOf(`  ${name}:`);
  expect(start, `service ${name} in compose.yaml`).toBeGreaterThan(-1);
  const end = lines.findIndex((l, i) => i > start && /^ {0,2}\S/.test(l));
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
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

  it("GIVEN compose.yaml THEN a 'replicas' profile adds PostgreSQL (volume, healthcheck) and two replicas on it, started only when asked for, the SQLite bot staying the default", () => {
    const compose = read("compose.yaml");
    const sqlite = service(compose, "summit-brief");
    const postgres = service(compose, "postgres");
    const replica = service(compose, "replica");
    // `docker compose up` starts the SQLite bot alone; the profile's services only when named.
    expect(sqlite).not.toMatch(/profiles:|DATABASE_URL/);
    expect(postgres).toMatch(/^ {4}profiles: \[replicas\]$/m);
    expect(replica).toMatch(/^ {4}profiles: \[replicas\]$/m);
    expect(compose).toContain("docker compose --profile replicas up -d --build replica");
    // PostgreSQL: its data in a named volume, healthy before any replica starts.
    expect(postgres).toMatch(/- summit-brief-postgres:\/var\/lib\/postgresql\/data/);
    expect(compose).toMatch(/^volumes:(\n {2}\S+:)*\n {2}summit-brief-postgres:/m);
    expect(postgres).toMatch(
      /healthcheck:\n\s+test: \["CMD-SHELL", "pg_isready -U summit -d summit"\]/,
    );
    expect(postgres).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?/);
    expect(replica).toMatch(/depends_on:\n\s+postgres:\n\s+condition: service_healthy/);
    // Two replicas, each on the database by DATABASE_URL, one host port each, restarted.
    expect(replica).toMatch(/deploy:\n\s+replicas: 2/);
    expect(replica).toMatch(
      /DATABASE_URL: postgres:\/\/summit:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/summit/,
    );
    expect(replica).toContain('"127.0.0.1:8081-8082:8080"');
    expect(replica).toMatch(/restart: on-failure/);
    expect(Number(/stop_grace_period: (\d+)s/.exec(replica)?.[1])).toBeGreaterThan(
      SHUTDOWN_DEADLINE_S,
    );
    expect(read(".env.example")).toMatch(/^POSTGRES_PASSWORD=$/m);
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
