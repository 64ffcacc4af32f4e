import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { latestVersion } from "../../src/storage/database.ts";
import { openSqliteStore } from "../../src/storage/digest-store.ts";
import { openPostgresStore } from "../../src/storage/postgres.ts";
import type { DigestStore } from "../../src/storage/store.ts";
import {
  dropSchema,
  postgresAvailable,
  sayIfSkipped,
  schemaName,
  TEST_DATABASE_URL,
} from "../support/postgres.ts";

/**
 * One repository suite, run against every engine: what SQLite promises, PostgreSQL promises.
 * Each engine gives fresh, empty storage per test, and a second connection to the same data.
 */
interface EngineUnderTest {
  readonly name: "sqlite" | "postgres";
  readonly available: boolean;
  /** Empty storage for one test, and a way to open a second connection (another process). */
  fresh(): Promise<{ store: DigestStore; second(): Promise<DigestStore> }>;
  cleanup(): Promise<void>;
}

const opened: DigestStore[] = [];
const track = (store: DigestStore) => {
  opened.push(store);
  return store;
};

const sqlite: EngineUnderTest = {
  name: "sqlite",
  available: true,
  async fresh() {
    const path = join(mkdtempSync(join(tmpdir(), "summit-repo-")), "db.sqlite");
    return {
      store: track(await openSqliteStore(path)),
      second: async () => track(await openSqliteStore(path)),
    };
  },
  async cleanup() {},
};

const schema = schemaName("repositories");
const postgres: EngineUnderTest = {
  name: "postgres",
  available: postgresAvailable,
  async fresh() {
    const store = track(await openPostgresStore(TEST_DATABASE_URL, { schema }));
    await (store as unknown as { pool: { query(sql: string): Promise<unknown> } }).pool.query(
      "TRUNCATE subscriptions, deliveries, file_ids",
    );
    return {
      store,
      second: async () => track(await openPostgresStore(TEST_DATABASE_URL, { schema })),
    };
  },
  async cleanup() {
    if (postgresAvailable) await dropSchema(schema);
  },
};

sayIfSkipped();

const now = new Date("2026-03-01T07:00:00Z");
const input = {
  platform: "telegram" as const,
  target: "-100123",
  cron: "0 8 * * *",
  timezone: "Europe/Paris",
  locale: "en" as const,
  source: "command" as const,
};
const slot = {
  platform: "telegram" as const,
  target: "-100123",
  slotAt: "2026-03-01T07:00:00.000Z",
  schedule: "0 8 * * *|Europe/Paris",
  rotation: 0,
  claimedBy: "p1",
};
const paris8 = { cron: "0 8 * * *", timezone: "Europe/Paris" };

describe.each([sqlite, postgres])("the $name repositories", (engine) => {
  beforeEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await engine.cleanup();
  });

  describe.skipIf(!engine.available)("subscriptions", () => {
    it("GIVEN a subscription replaced THEN its rotation and creation date stay, and a pause is cleared", async () => {
      const { store } = await engine.fresh();
      const subs = store.subscriptions;
      await subs.upsert(input, now);
      expect(await subs.takeRotation("telegram", "-100123")).toBe(0);
      expect(await subs.takeRotation("telegram", "-100123")).toBe(1);
      expect(await subs.pause("telegram", "-100123", "kicked", now)).toBe(true);
      expect(await subs.pause("telegram", "-100123", "kicked", now)).toBe(false);
      const later = new Date("2026-03-02T00:00:00Z");
      const again = await subs.upsert({ ...input, cron: "0 9 * * *" }, later);
      expect(again).toMatchObject({ cron: "0 9 * * *", rotation: 2, pausedReason: null });
      expect(again.createdAt).toBe(now.toISOString());
      expect(again.updatedAt).toBe(later.toISOString());
    });

    it("GIVEN several schedules and a pause THEN only the active ones of a schedule are listed, and the schedules are distinct", async () => {
      const { store } = await engine.fresh();
      const subs = store.subscriptions;
      await subs.upsert(input, now);
      await subs.upsert({ ...input, target: "-100456" }, now);
      await subs.upsert({ ...input, target: "-100789", timezone: "UTC" }, now);
      await subs.pause("telegram", "-100456", "blocked", now);
      expect((await subs.activeOn("0 8 * * *", "Europe/Paris")).map((s) => s.target)).toEqual([
        "-100123",
      ]);
      expect(await subs.activeSchedules()).toEqual([
        { cron: "0 8 * * *", timezone: "Europe/Paris" },
        { cron: "0 8 * * *", timezone: "UTC" },
      ]);
      expect((await subs.active()).map((s) => s.target)).toEqual(["-100123", "-100789"]);
      expect(await subs.resume("telegram", "-100456", now)).toBe(true);
      expect(await subs.resume("telegram", "-100456", now)).toBe(false);
    });

    it("GIVEN targets of both platforms THEN they are listed in the same (bytewise) order on every engine", async () => {
      const { store } = await engine.fresh();
      for (const target of ["b", "-1", "B", "-100", "a"])
        await store.subscriptions.upsert({ ...input, target }, now);
      await store.subscriptions.upsert(
        { ...input, platform: "discord", target: "9", source: "operator" },
        now,
      );
      expect((await store.subscriptions.all()).map((s) => `${s.platform}:${s.target}`)).toEqual([
        "discord:9",
        "telegram:-1",
        "telegram:-100",
        "telegram:B",
        "telegram:a",
        "telegram:b",
      ]);
      expect((await store.subscriptions.operatorTargets()).map((s) => s.target)).toEqual(["9"]);
    });

    it("GIVEN a migrated chat THEN its subscription moves, and the old one is dropped when the new id already has one", async () => {
      const { store } = await engine.fresh();
      const subs = store.subscriptions;
      await subs.upsert(input, now);
      expect(await subs.move("telegram", "-100123", "-100999", now)).toBe(true);
      expect(await subs.get("telegram", "-100123")).toBeUndefined();
      expect((await subs.get("telegram", "-100999"))?.cron).toBe("0 8 * * *");
      await subs.upsert({ ...input, target: "-1" }, now);
      await subs.move("telegram", "-1", "-100999", now);
      expect((await subs.all()).map((s) => s.target)).toEqual(["-100999"]);
      expect(await subs.remove("telegram", "-100999")).toBe(true);
      expect(await subs.remove("telegram", "-100999")).toBe(false);
    });
  });

  describe.skipIf(!engine.available)("the digest's picture and the pictures' file ids", () => {
    it("GIVEN a new subscription THEN its digest carries the card; off is kept when it is subscribed again without saying", async () => {
      const { store } = await engine.fresh();
      const subs = store.subscriptions;
      expect((await subs.upsert(input, now)).image).toBe(true);
      expect((await subs.upsert({ ...input, image: false }, now)).image).toBe(false);
      const again = await subs.upsert({ ...input, cron: "0 9 * * *" }, now);
      expect(again).toMatchObject({ cron: "0 9 * * *", image: false });
      expect((await subs.get("telegram", "-100123"))?.image).toBe(false);
      expect((await subs.upsert({ ...input, image: true }, now)).image).toBe(true);
      const other = await subs.upsert({ ...input, target: "-2", image: false }, now);
      expect(other.image).toBe(false);
      expect((await subs.all()).map((s) => [s.target, s.image])).toEqual([
        ["-100123", true],
        ["-2", false],
      ]);
    });

    it("GIVEN a claim THEN it hands over the subscription's image setting", async () => {
      const { store } = await engine.fresh();
      await store.subscriptions.upsert({ ...input, image: false }, now);
      const claimed = await store.claim("telegram", "-100123", slot.slotAt, paris8, "a", now);
      expect(claimed?.subscription.image).toBe(false);
    });

    it("GIVEN a file id stored by one connection THEN another connection (a restarted bot) reads it, per platform and key", async () => {
      const { store, second } = await engine.fresh();
      const key = "csto-summit-yerevan-2022@0123456789ab/quote:lukashenko/en";
      expect(await store.fileIds.get("telegram", key)).toBeUndefined();
      await store.fileIds.set("telegram", key, "AgAC1-fake-photo");
      const other = await second();
      expect(await other.fileIds.get("telegram", key)).toBe("AgAC1-fake-photo");
      expect(await other.fileIds.get("discord", key)).toBeUndefined();
      expect(await other.fileIds.get("telegram", key.replace("/en", "/fr"))).toBeUndefined();
      await other.fileIds.set("telegram", key, "AgAC2-fake-photo");
      expect(await store.fileIds.get("telegram", key)).toBe("AgAC2-fake-photo");
    });
  });

  describe.skipIf(!engine.available)("ledger", () => {
    it("GIVEN two connections racing for the same slots THEN exactly one claim wins each slot", async () => {
      const { store, second } = await engine.fresh();
      const other = await second();
      const targets = Array.from({ length: 20 }, (_, i) => `-10${i}`);
      const results = await Promise.all(
        targets.flatMap((target) => [
          store.ledger.claim({ ...slot, target }, now),
          other.ledger.claim({ ...slot, target, claimedBy: "p2" }, now),
        ]),
      );
      expect(results.filter(Boolean)).toHaveLength(20);
      for (let i = 0; i < targets.length; i++)
        expect([results[2 * i], results[2 * i + 1]].filter(Boolean)).toHaveLength(1);
    });

    it("GIVEN claims THEN sent, failed and uncertain outcomes are recorded and unfinished claims found", async () => {
      const { store } = await engine.fresh();
      const ledger = store.ledger;
      for (const target of ["-100123", "-2", "-3", "-4"])
        await ledger.claim({ ...slot, target }, now);
      await ledger.markSent(slot, 1, "42", now);
      await ledger.markFailed({ ...slot, target: "-2" }, 3, "HTTP 502", now);
      await ledger.markUncertain({ ...slot, target: "-4" }, 1, "timeout", now);
      expect((await ledger.lastSent("telegram", "-100123"))?.messageId).toBe("42");
      expect(await ledger.get("telegram", "-2", slot.slotAt)).toMatchObject({
        status: "failed",
        attempts: 3,
        reason: "HTTP 502",
      });
      expect((await ledger.get("telegram", "-4", slot.slotAt))?.status).toBe("uncertain");
      expect((await ledger.unfinished("2026-03-02T00:00:00Z")).map((d) => d.target)).toEqual([
        "-3",
      ]);
    });

    it("GIVEN a claim THEN only its holder moves it to 'sending', once, and a release makes it claimable again", async () => {
      const { store, second } = await engine.fresh();
      const other = await second();
      await store.ledger.claim(slot, now);
      expect(await other.ledger.markSending(slot, "p2")).toBe(false);
      expect(await store.ledger.markSending(slot, "p1")).toBe(true);
      expect(await store.ledger.markSending(slot, "p1")).toBe(false);
      expect((await store.ledger.get("telegram", slot.target, slot.slotAt))?.status).toBe(
        "sending",
      );
      await other.ledger.release(slot, "p2");
      expect((await store.ledger.get("telegram", slot.target, slot.slotAt))?.status).toBe(
        "sending",
      );
      await store.ledger.release(slot, "p1");
      expect((await store.ledger.get("telegram", slot.target, slot.slotAt))?.status).toBe(
        "claimed",
      );
      expect(await store.ledger.markSending(slot, "p1")).toBe(true);
    });

    it("GIVEN rows left by a stopped process WHEN a new leader takes over THEN never-sent recent claims are its to send, posts in flight are interrupted, stale or orphaned claims fail, and its own rows are untouched", async () => {
      const { store, second } = await engine.fresh();
      const dead = await second();
      const since = "2026-03-01T06:30:00.000Z";
      const old = "2026-02-28T07:00:00.000Z";
      for (const target of ["-1", "-2", "-3", "-4", "-5", "-6"])
        await store.subscriptions.upsert({ ...input, target }, now);
      await store.subscriptions.pause("telegram", "-5", "kicked", now);
      await store.subscriptions.upsert({ ...input, target: "-6", cron: "0 9 * * *" }, now);
      const deadClaim = (target: string, slotAt = slot.slotAt) =>
        dead.ledger.claim({ ...slot, target, slotAt, rotation: 7, claimedBy: "dead" }, now);
      await deadClaim("-1"); // claimed, never sent, recent: re-sent by the new leader
      await deadClaim("-2"); // in flight at the death: may have been posted
      await dead.ledger.markSending({ ...slot, target: "-2" }, "dead");
      await deadClaim("-3", old); // too old for the catch-up window
      await store.ledger.claim({ ...slot, target: "-4", claimedBy: "leader" }, now); // its own
      await deadClaim("-5"); // subscription paused since
      await deadClaim("-6"); // subscription now on another schedule
      await deadClaim("-7"); // unsubscribed since
      await dead.ledger.claim({ ...slot, target: "-8", claimedBy: "dead" }, now);
      await dead.ledger.markSending({ ...slot, target: "-8" }, "dead");
      await dead.ledger.markSent({ ...slot, target: "-8" }, 1, "9", now); // finished: untouched

      const later = new Date("2026-03-01T07:05:00Z");
      const took = await store.ledger.takeOver("leader", since, later);
      expect(took.reclaimed.map((d) => [d.target, d.claimedBy, d.rotation, d.status])).toEqual([
        ["-1", "leader", 7, "claimed"],
      ]);
      expect(took.interrupted.map((d) => [d.target, d.status])).toEqual([["-2", "interrupted"]]);
      expect(took.expired.map((d) => [d.target, d.status]).sort()).toEqual([
        ["-3", "failed"],
        ["-5", "failed"],
        ["-6", "failed"],
        ["-7", "failed"],
      ]);
      expect(await store.ledger.get("telegram", "-1", slot.slotAt)).toMatchObject({
        claimedAt: later.toISOString(),
        status: "claimed",
      });
      expect((await store.ledger.get("telegram", "-4", slot.slotAt))?.status).toBe("claimed");
      expect((await store.ledger.get("telegram", "-8", slot.slotAt))?.status).toBe("sent");
      // The stopped process, were it alive after all, can no longer send the claim taken over;
      // the new leader can, once.
      expect(await dead.ledger.markSending({ ...slot, target: "-1" }, "dead")).toBe(false);
      expect(await store.ledger.markSending({ ...slot, target: "-1" }, "leader")).toBe(true);
      // Reported once: a second take-over finds nothing more.
      expect(await store.ledger.takeOver("leader", since, later)).toEqual({
        reclaimed: [],
        interrupted: [],
        expired: [],
      });
      // A live process finishing its post in flight still records the outcome over the mark.
      await dead.ledger.markSent({ ...slot, target: "-2" }, 1, "10", later);
      expect((await store.ledger.get("telegram", "-2", slot.slotAt))?.status).toBe("sent");
    });

    it("GIVEN a migrated chat THEN its history moves, keeping rows the new id already has", async () => {
      const { store } = await engine.fresh();
      await store.ledger.claim(slot, now);
      await store.ledger.claim({ ...slot, slotAt: "2026-03-02T07:00:00.000Z" }, now);
      await store.ledger.claim(
        { ...slot, target: "-100999", slotAt: "2026-03-02T07:00:00.000Z", claimedBy: "new" },
        now,
      );
      await store.ledger.move("telegram", "-100123", "-100999");
      expect(await store.ledger.history("telegram", "-100123")).toEqual([]);
      expect(
        (await store.ledger.history("telegram", "-100999")).map((d) => [d.slotAt, d.claimedBy]),
      ).toEqual([
        ["2026-03-02T07:00:00.000Z", "new"],
        ["2026-03-01T07:00:00.000Z", "p1"],
      ]);
    });
  });

  describe.skipIf(!engine.available)("the store", () => {
    it("GIVEN a subscription THEN a claim takes its rotation once, and refuses a paused one or another schedule", async () => {
      const { store, second } = await engine.fresh();
      const other = await second();
      await store.subscriptions.upsert(input, now);
      const claims = await Promise.all([
        store.claim("telegram", "-100123", slot.slotAt, paris8, "a", now),
        other.claim("telegram", "-100123", slot.slotAt, paris8, "b", now),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(claims.find(Boolean)?.rotation).toBe(0);
      expect((await store.subscriptions.get("telegram", "-100123"))?.rotation).toBe(1);
      const next = "2026-03-02T07:00:00.000Z";
      expect(
        await store.claim("telegram", "-100123", next, { ...paris8, cron: "0 9 * * *" }, "a", now),
      ).toBeUndefined();
      await store.subscriptions.pause("telegram", "-100123", "kicked", now);
      expect(await store.claim("telegram", "-100123", next, paris8, "a", now)).toBeUndefined();
      expect(await store.ledger.get("telegram", "-100123", next)).toBeUndefined();
    });

    it("GIVEN a migrated chat THEN the store moves its subscription and ledger together", async () => {
      const { store } = await engine.fresh();
      await store.subscriptions.upsert(input, now);
      await store.claim("telegram", "-100123", slot.slotAt, paris8, "a", now);
      expect(await store.move("telegram", "-100123", "-100999", now)).toBe(true);
      expect((await store.subscriptions.get("telegram", "-100999"))?.rotation).toBe(1);
      expect(await store.ledger.history("telegram", "-100999")).toHaveLength(1);
    });

    it("GIVEN the store THEN its readiness check names the engine and the schema version", async () => {
      const { store } = await engine.fresh();
      const check = await store.check();
      expect(check.ok).toBe(true);
      expect(check.detail).toMatch(new RegExp(`^${engine.name}, schema ${latestVersion()}`));
      expect(store.engine).toBe(engine.name);
    });
  });
});
