import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseError } from "../../src/storage/database.ts";
import { checkDatabase, openStore } from "../../src/storage/open.ts";
import {
  createSchema,
  dropSchema,
  postgresAvailable,
  sayIfSkipped,
  schemaName,
  TEST_DATABASE_URL,
  urlWithSchema,
} from "../support/postgres.ts";

sayIfSkipped();
const schema = schemaName("open");
afterAll(async () => {
  if (postgresAvailable) await dropSchema(schema);
});
const path = () => join(mkdtempSync(join(tmpdir(), "summit-open-")), "db.sqlite");

describe("choosing the database", () => {
  it("GIVEN no DATABASE_URL THEN SQLite at DATABASE_PATH", async () => {
    const store = await openStore({ DATABASE_PATH: path(), DATABASE_URL: undefined });
    expect(store.engine).toBe("sqlite");
    await store.close();
  });

  it("GIVEN a DATABASE_URL nobody answers at THEN one line naming DATABASE_URL, password masked", async () => {
    const error = await openStore({
      DATABASE_PATH: path(),
      DATABASE_URL: "postgres://summit:hunter2@127.0.0.1:1/summit",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as Error).message).toBe(
      "DATABASE_URL (postgres://summit:***@127.0.0.1:1/summit) cannot be reached (ECONNREFUSED): check the host and port, and that PostgreSQL is running.",
    );
  });

  it.skipIf(!postgresAvailable)(
    "GIVEN DATABASE_URL and DATABASE_PATH THEN PostgreSQL is used, and --check says DATABASE_URL wins",
    async () => {
      await createSchema(schema);
      const settings = { DATABASE_PATH: path(), DATABASE_URL: urlWithSchema(schema) };
      const store = await openStore(settings);
      expect(store.engine).toBe("postgres");
      expect((await store.check()).detail).toMatch(/^postgres, schema \d+/);
      await store.close();
      const said = await checkDatabase(settings, { DATABASE_PATH: settings.DATABASE_PATH });
      expect(said).toContain("Database OK: postgres at postgres://postgres@127.0.0.1");
      expect(said).toContain(
        "DATABASE_URL and DATABASE_PATH are both set: DATABASE_URL (PostgreSQL) wins",
      );
      expect(TEST_DATABASE_URL).toMatch(/^postgres/);
    },
  );
});
