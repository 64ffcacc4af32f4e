import { afterAll, describe, expect, it } from "vitest";
import { migrations } from "../../src/storage/database.ts";
import { createPool, migratePostgres } from "../../src/storage/postgres.ts";
import {
  dropSchema,
  postgresAvailable,
  sayIfSkipped,
  schemaName,
  TEST_DATABASE_URL,
} from "../support/postgres.ts";

sayIfSkipped();
const schema = schemaName("ledger_states");

describe.skipIf(!postgresAvailable)("the 'sending' ledger state on PostgreSQL", () => {
  afterAll(async () => {
    await dropSchema(schema);
  });

  it("GIVEN a ledger from before version 5 with an open claim WHEN migrated THEN the claim becomes 'sending' (it may have been sent) and the new state is accepted", async () => {
    const pool = createPool(TEST_DATABASE_URL, { schema, max: 1 });
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const before = migrations.filter((m) => m.version < 5);
      await migratePostgres(pool, before);
      await pool.query(
        "INSERT INTO deliveries (platform, target, slot_at, schedule, status, rotation, claimed_at, claimed_by) VALUES ('telegram', '-1', 's', 'c|UTC', 'claimed', 0, 'now', 'p'), ('telegram', '-2', 's', 'c|UTC', 'sent', 0, 'now', 'p')",
      );
      await migratePostgres(pool);
      const { rows } = await pool.query<{ target: string; status: string }>(
        "SELECT target, status FROM deliveries ORDER BY target",
      );
      expect(rows).toEqual([
        { target: "-1", status: "sending" },
        { target: "-2", status: "sent" },
      ]);
      await pool.query("UPDATE deliveries SET status = 'claimed' WHERE target = '-1'");
      await expect(pool.query("UPDATE deliveries SET status = 'bogus'")).rejects.toThrow();
    } finally {
      await pool.end();
    }
  });
});
