import { randomInt } from "node:crypto";
import { Writable } from "node:stream";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { PostgresLeader, SoleLeader } from "../../src/digest/leader.ts";
import { createLogger } from "../../src/log.ts";
import { postgresAvailable, sayIfSkipped, TEST_DATABASE_URL } from "../support/postgres.ts";
import { waitFor } from "../support/wait.ts";

sayIfSkipped();
const lines: string[] = [];
const log = createLogger({
  level: "info",
  pretty: false,
  destination: new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  }),
});
const running: PostgresLeader[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop()));
});

describe("the digest leader", () => {
  it("GIVEN SQLite THEN the one process leads at once", () => {
    const changes: boolean[] = [];
    new SoleLeader().start((leading) => changes.push(leading));
    expect(changes).toEqual([true]);
  });

  it.skipIf(!postgresAvailable)(
    "GIVEN three replicas on one PostgreSQL THEN exactly one leads; WHEN its connection dies THEN another takes over and the ex-leader stands by",
    async () => {
      const key = randomInt(1, 2 ** 30);
      const leaders = [0, 1, 2].map(
        () =>
          new PostgresLeader({ url: TEST_DATABASE_URL, log, key, retryMs: 50, heartbeatMs: 50 }),
      );
      const changes = leaders.map(() => [] as boolean[]);
      leaders.forEach((l, i) => {
        running.push(l);
        l.start((leading) => changes[i]?.push(leading));
      });
      const first = await waitFor("a leader", () => leaders.find((l) => l.leading));
      // Standbys keep trying: still one leader after several rounds.
      await waitFor("one advisory lock held", async () => {
        const { rows } = await query(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2",
          [key],
        );
        return rows[0]?.n === 1;
      });
      expect(leaders.filter((l) => l.leading)).toHaveLength(1);

      // The leader's session is killed (a SIGKILLed process, a lost network): the lock goes.
      await query(
        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2",
        [key],
      );
      const second = await waitFor("a new leader", () =>
        leaders.find((l) => l !== first && l.leading),
      );
      await waitFor("the ex-leader standing by", () => !first.leading);
      expect(leaders.filter((l) => l.leading)).toEqual([second]);
      expect(changes[leaders.indexOf(first)]).toEqual([true, false]);
      expect(lines.join("")).toContain("digest leader: standing by");
    },
  );
});

async function query(sql: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await client.query<{ n: number }>(sql, params);
  } finally {
    await client.end();
  }
}
