import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "../src/main.ts";
import { prepare } from "../src/startup.ts";
import { FakeDiscord } from "./fakes/discord.ts";
import { testEnv } from "./support/cli.ts";
import { waitFor } from "./support/wait.ts";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One replica served as main.ts serves it: its HTTP port, its log lines, its stop. */
interface Replica {
  readonly port: number;
  readonly lines: string[];
  readonly stop: AbortController;
  readonly done: Promise<number>;
}

let fake: FakeDiscord;
const replicas: Replica[] = [];
const guilds: { guildId: string; channelId: string }[] = [];

/** Serves a replica running `shards` of 2 against the fake, on a database of its own. */
async function replica(shards: string): Promise<Replica> {
  const lines: string[] = [];
  const logDestination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const port = await freePort();
  const app = prepare(
    testEnv({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_ROOT: fake.apiRoot,
      DISCORD_SHARDS: shards,
      DISCORD_SHARD_COUNT: "2",
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), "summit-shards-")), "db.sqlite"),
      HTTP_PORT: String(port),
      LOG_LEVEL: "info",
    }),
    { dotenv: false, logDestination },
  );
  const stop = new AbortController();
  const done = serve(app, stop.signal, { shutdownMs: 2_000 });
  return { port, lines, stop, done };
}

/** `/readyz` of a replica: its status and the Discord check. */
async function readyz(r: Replica): Promise<{ status: number; discord?: string }> {
  const res = await fetch(`http://127.0.0.1:${r.port}/readyz`);
  const body = (await res.json()) as { checks?: Record<string, string> };
  return { status: res.status, discord: body.checks?.discord };
}

const replicaOf = (shard: number) => replicas[shard] as Replica;
const guildOf = (shard: number) => guilds[shard] as { guildId: string; channelId: string };

beforeAll(async () => {
  fake = await FakeDiscord.start();
  guilds.push(fake.addGuild([0, 2]), fake.addGuild([1, 2]));
  replicas.push(await replica("0"), await replica("1"));
  for (const r of replicas)
    await waitFor("the replica ready", async () => {
      const ready = await readyz(r).catch(() => undefined);
      return ready?.status === 200;
    });
});

afterAll(async () => {
  for (const r of replicas) r.stop.abort("test over");
  for (const r of replicas) expect(await r.done).toBe(0);
  await fake?.close();
});

describe("two replicas served with DISCORD_SHARDS=0 and =1 of 2 (main.ts's wiring, /readyz)", () => {
  it("each logs its shard when ready and answers the commands of its own guilds only", async () => {
    for (const shard of [0, 1]) {
      const ready = replicaOf(shard)
        .lines.map((l) => JSON.parse(l) as { msg: string })
        .find((l) => l.msg === "discord ready");
      expect(ready).toMatchObject({ shards: [shard], shardCount: 2 });
    }
    for (const shard of [0, 1]) {
      const command = fake.chatInput("summary", {}, { guildId: guildOf(shard).guildId });
      await fake.waitForCallback(command.id);
      const served = (r: Replica) =>
        r.lines.some((l) => l.includes('"command served"') && l.includes(command.id));
      await waitFor("the log line of the answer", () => served(replicaOf(shard)));
      expect(served(replicaOf(1 - shard))).toBe(false);
    }
  });

  it("GIVEN one shard reconnecting THEN its replica's /readyz is 503 naming the shard, the other's 200; then 200 again", async () => {
    fake.holdShard(1);
    fake.dropShard(1);
    const down = await waitFor("replica 1 unready", async () => {
      const r = await readyz(replicaOf(1));
      return r.status === 503 ? r : undefined;
    });
    expect(down.discord).toMatch(/^shard 1 (connecting|resuming|identifying)$/);
    expect(await readyz(replicaOf(0))).toEqual({ status: 200, discord: "ok" });
    fake.releaseShard(1);
    await waitFor("replica 1 ready again", async () => (await readyz(replicaOf(1))).status === 200);
  });
});
