import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/storage/database.ts";
import { LedgerRepository } from "../../src/storage/ledger.ts";
import { SubscriptionRepository } from "../../src/storage/subscriptions.ts";

const now = new Date("2026-03-01T07:00:00Z");
const tempPath = () => join(mkdtempSync(join(tmpdir(), "summit-repo-")), "db.sqlite");
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

describe("SubscriptionRepository", () => {
  it("keeps the rotation and creation date when a subscription is replaced, and clears a pause", () => {
    const subs = new SubscriptionRepository(openDatabase(tempPath()));
    subs.upsert(input, now);
    expect(subs.takeRotation("telegram", "-100123")).toBe(0);
    expect(subs.takeRotation("telegram", "-100123")).toBe(1);
    subs.pause("telegram", "-100123", "kicked", now);
    const later = new Date("2026-03-02T00:00:00Z");
    const again = subs.upsert({ ...input, cron: "0 9 * * *" }, later);
    expect(again).toMatchObject({ cron: "0 9 * * *", rotation: 2, pausedReason: null });
    expect(again.createdAt).toBe(now.toISOString());
  });

  it("lists only active subscriptions on a schedule", () => {
    const subs = new SubscriptionRepository(openDatabase(tempPath()));
    subs.upsert(input, now);
    subs.upsert({ ...input, target: "-100456" }, now);
    subs.upsert({ ...input, target: "-100789", timezone: "UTC" }, now);
    subs.pause("telegram", "-100456", "blocked", now);
    expect(subs.activeOn("0 8 * * *", "Europe/Paris").map((s) => s.target)).toEqual(["-100123"]);
  });

  it("moves a subscription to a new id, and drops the old one when the new id already has one", () => {
    const subs = new SubscriptionRepository(openDatabase(tempPath()));
    subs.upsert(input, now);
    expect(subs.move("telegram", "-100123", "-100999", now)).toBe(true);
    expect(subs.get("telegram", "-100123")).toBeUndefined();
    expect(subs.get("telegram", "-100999")?.cron).toBe("0 8 * * *");
    subs.upsert({ ...input, target: "-1" }, now);
    subs.move("telegram", "-1", "-100999", now);
    expect(subs.all().map((s) => s.target)).toEqual(["-100999"]);
  });
});

describe("LedgerRepository", () => {
  it("lets exactly one of two connections on one file claim a slot", () => {
    const path = tempPath();
    const a = new LedgerRepository(openDatabase(path));
    const b = new LedgerRepository(openDatabase(path));
    expect(a.claim(slot, now)).toBe(true);
    expect(b.claim({ ...slot, claimedBy: "p2" }, now)).toBe(false);
    expect(b.get("telegram", "-100123", slot.slotAt)?.claimedBy).toBe("p1");
  });

  it("records sent and failed outcomes and finds unfinished claims", () => {
    const ledger = new LedgerRepository(openDatabase(tempPath()));
    ledger.claim(slot, now);
    ledger.claim({ ...slot, target: "-2" }, now);
    ledger.claim({ ...slot, target: "-3" }, now);
    ledger.markSent(slot, 1, "42", now);
    ledger.markFailed({ ...slot, target: "-2" }, 3, "HTTP 502", now);
    expect(ledger.lastSent("telegram", "-100123")?.messageId).toBe("42");
    expect(ledger.get("telegram", "-2", slot.slotAt)).toMatchObject({
      status: "failed",
      attempts: 3,
    });
    expect(ledger.unfinished("2026-03-02T00:00:00Z").map((d) => d.target)).toEqual(["-3"]);
  });

  it("moves a target's history to its new id", () => {
    const ledger = new LedgerRepository(openDatabase(tempPath()));
    ledger.claim(slot, now);
    ledger.move("telegram", "-100123", "-100999");
    expect(ledger.history("telegram", "-100123")).toEqual([]);
    expect(ledger.history("telegram", "-100999")).toHaveLength(1);
  });
});
