import pg from "pg";
import { describe, expect, it } from "vitest";
import { BUSY_WAITS, isPoolBusy, PatientPool } from "../../src/storage/patient-pool.ts";
import { postgresAvailable, sayIfSkipped, TEST_DATABASE_URL } from "../support/postgres.ts";
import { waitFor } from "../support/wait.ts";

sayIfSkipped();

/** One connection, connected with the usual patience (a loaded machine connects slowly). */
const settings = { connectionString: TEST_DATABASE_URL, max: 1, connectionTimeoutMillis: 30_000 };

/** Holds the pool's one connection, then makes waiting for a free one short. */
async function holdTheConnection(pool: pg.Pool): Promise<pg.PoolClient> {
  const held = await pool.connect();
  pool.options.connectionTimeoutMillis = 20;
  return held;
}

describe.skipIf(!postgresAvailable)("a pool whose connections are all busy", () => {
  it("GIVEN node-postgres's own pool with its one connection held WHEN a query waits past the timeout THEN it fails (what PatientPool is for)", async () => {
    const pool = new pg.Pool(settings);
    const held = await holdTheConnection(pool);
    try {
      const error = await pool.query("SELECT 1").catch((e: unknown) => e);
      expect(isPoolBusy(error)).toBe(true);
    } finally {
      held.release();
      await pool.end();
    }
  });

  it("GIVEN PatientPool with its one connection held WHEN a query waits past the timeout, twice THEN it keeps waiting and runs once the connection is free", async () => {
    const waits: number[] = [];
    const pool = new PatientPool(settings, (n) => waits.push(n));
    const held = await holdTheConnection(pool);
    try {
      const answer = pool.query<{ one: number }>("SELECT 1 AS one");
      await waitFor("two waits for the held connection", () => waits.length >= 2);
      held.release();
      expect((await answer).rows).toEqual([{ one: 1 }]);
      const client = await pool.connect();
      client.release();
    } finally {
      await pool.end();
    }
  });

  it(`GIVEN PatientPool with its one connection never freed WHEN a query waits ${BUSY_WAITS + 1} times THEN it fails with the pool's busy error`, async () => {
    const waits: number[] = [];
    const pool = new PatientPool(settings, (n) => waits.push(n));
    const held = await holdTheConnection(pool);
    try {
      const error = await pool.connect().catch((e: unknown) => e);
      expect(isPoolBusy(error)).toBe(true);
      expect(waits).toHaveLength(BUSY_WAITS + 1);
    } finally {
      held.release();
      await pool.end();
    }
  });

  it("GIVEN PatientPool on a port where no server listens WHEN a query connects THEN the refusal is the caller's at once, not waited out", async () => {
    const waits: number[] = [];
    const pool = new PatientPool(
      { connectionString: "postgres://postgres@127.0.0.1:1/test", connectionTimeoutMillis: 20 },
      (n) => waits.push(n),
    );
    try {
      const error = await pool.query("SELECT 1").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(isPoolBusy(error)).toBe(false);
      expect(waits).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
