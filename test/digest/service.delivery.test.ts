import { afterEach, describe, expect, it } from "vitest";
import type { DigestService } from "../../src/digest/service.ts";
import { Metrics } from "../../src/ops/metrics.ts";
import { waitFor } from "../support/wait.ts";
import { makeService } from "./support.ts";

const paris8 = { cron: "0 8 * * *", timezone: "Europe/Paris" };
const ref = { platform: "telegram" as const, target: "-100123", locale: "en" as const };
const slot = (iso: string) => new Date(iso);
const running: DigestService[] = [];
const track = <T extends { service: DigestService }>(made: T): T => {
  running.push(made.service);
  return made;
};

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop(100)));
});

describe("DigestService delivery", () => {
  it("posts a slot once, however often it is fired", async () => {
    const { service, telegram, clock } = track(makeService());
    await service.subscribe(ref);
    clock.set("2026-03-02T07:00:01Z");
    const first = await service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    const second = await service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    expect(first.count.sent).toBe(1);
    expect(second.count.skipped).toBe(1);
    expect(telegram.sentTo("-100123")).toHaveLength(1);
    expect(
      await service.store.ledger.get("telegram", "-100123", "2026-03-02T07:00:00.000Z"),
    ).toMatchObject({
      status: "sent",
      attempts: 1,
      messageId: "1",
    });
  });

  it("lets exactly one of two processes on one database post a slot", async () => {
    const a = track(makeService({ instanceId: "A" }));
    const b = track(makeService({ path: a.path, clock: a.clock, instanceId: "B" }));
    await a.service.subscribe(ref);
    await a.service.subscribe({ ...ref, target: "-100456" });
    a.clock.set("2026-03-02T07:00:01Z");
    const s = slot("2026-03-02T07:00:00Z");
    const [ra, rb] = await Promise.all([
      a.service.deliverSlot(paris8, s),
      b.service.deliverSlot(paris8, s),
    ]);
    expect(ra.count.sent + rb.count.sent).toBe(2);
    expect(ra.count.skipped + rb.count.skipped).toBe(2);
    expect(a.telegram.sent.length + b.telegram.sent.length).toBe(2);
    expect(new Set([...a.telegram.sent, ...b.telegram.sent].map((m) => m.target)).size).toBe(2);
  });

  it("rotates the quote so consecutive digests in a channel differ", async () => {
    const { service, telegram, clock } = track(makeService());
    await service.subscribe(ref);
    for (const day of ["02", "03", "04"]) {
      clock.set(`2026-03-${day}T07:00:01Z`);
      await service.deliverSlot(paris8, slot(`2026-03-${day}T07:00:00Z`));
    }
    const quotes = telegram.sent.map((m) =>
      JSON.stringify(m.reply.blocks.find((b) => b.type === "quote")),
    );
    expect(quotes).toHaveLength(3);
    expect(quotes[0]).not.toBe(quotes[1]);
    expect(quotes[1]).not.toBe(quotes[2]);
  });

  it("does not post a slot older than the subscription", async () => {
    const { service, telegram, clock } = track(makeService());
    clock.set("2026-03-02T07:30:00Z");
    await service.subscribe(ref);
    await service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    expect(telegram.sent).toEqual([]);
  });

  describe("catch-up at start", () => {
    async function restartAt(now: string, catchupMs: number) {
      const first = makeService();
      await first.service.subscribe(ref);
      first.db.close();
      first.clock.set(now);
      const second = track(
        makeService({ path: first.path, clock: first.clock, settings: { catchupMs } }),
      );
      const report = await second.service.start();
      return { ...second, report };
    }

    it("posts the latest missed slot when it is younger than DIGEST_CATCHUP", async () => {
      const { telegram, report } = await restartAt("2026-03-02T09:30:00Z", 3 * 3_600_000);
      expect(report.count.sent).toBe(1);
      expect(report.outcomes[0]?.slotAt).toBe("2026-03-02T07:00:00.000Z");
      expect(telegram.sent).toHaveLength(1);
    });

    it("skips a missed slot older than DIGEST_CATCHUP, and never replays several", async () => {
      const late = await restartAt("2026-03-02T11:00:00Z", 3 * 3_600_000);
      expect(late.telegram.sent).toEqual([]);
      const days = await restartAt("2026-03-05T07:30:00Z", 3 * 3_600_000);
      expect(days.telegram.sent).toHaveLength(1);
      expect(days.report.outcomes.map((o) => o.slotAt)).toEqual(["2026-03-05T07:00:00.000Z"]);
    });

    it("posts nothing when DIGEST_CATCHUP is 0", async () => {
      const { telegram } = await restartAt("2026-03-02T07:05:00Z", 0);
      expect(telegram.sent).toEqual([]);
    });
  });

  it("reports a slot interrupted by a crash during its request and does not send it again", async () => {
    const first = makeService({ instanceId: "crashed" });
    await first.service.subscribe(ref);
    // The crashed process claimed the slot, started the request and died before its outcome.
    await first.service.store.claim(
      "telegram",
      "-100123",
      "2026-03-02T07:00:00.000Z",
      paris8,
      "crashed",
      slot("2026-03-02T07:00:00Z"),
    );
    await first.store.ledger.markSending(
      { platform: "telegram", target: "-100123", slotAt: "2026-03-02T07:00:00.000Z" },
      "crashed",
    );
    first.db.close();
    first.clock.set("2026-03-02T07:30:00Z");
    const second = track(makeService({ path: first.path, clock: first.clock }));
    const report = await second.service.start();
    expect(report.outcomes).toEqual([]);
    expect(second.telegram.attempts).toEqual([]);
    expect(second.lines.join("")).toContain("digest post interrupted");
    expect((await second.service.status(ref)).blocks).toEqual([
      expect.objectContaining({
        fields: expect.arrayContaining([
          expect.objectContaining({
            name: "Interrupted post",
            value: expect.stringContaining("we do not resend it"),
          }),
        ]),
      }),
    ]);
    expect(await second.service.runDue()).toMatchObject({ outcomes: [] });
  });

  it("GIVEN posts left in flight by a crash seconds ago WHEN the bot restarts in the same minute THEN each is reported once, with a metric, in /readyz and /digest status, and never re-sent", async () => {
    const first = makeService({ instanceId: "crashed" });
    await first.service.subscribe(ref);
    await first.service.subscribe({ ...ref, target: "-100456" });
    first.clock.set("2026-03-02T07:00:00Z");
    for (const target of ["-100123", "-100456"]) {
      await first.service.store.claim(
        "telegram",
        target,
        "2026-03-02T07:00:00.000Z",
        paris8,
        "crashed",
        first.clock.now(),
      );
      await first.store.ledger.markSending(
        { platform: "telegram", target, slotAt: "2026-03-02T07:00:00.000Z" },
        "crashed",
      );
    }
    first.db.close();
    // A quick restart: four seconds later, far younger than any staleness threshold.
    first.clock.set("2026-03-02T07:00:04Z");
    const metrics = new Metrics();
    const second = track(makeService({ path: first.path, clock: first.clock, metrics }));
    await second.service.start();
    const warnings = () => second.lines.filter((l) => l.includes("digest post interrupted")).length;
    expect(warnings()).toBe(2);
    expect(second.telegram.attempts).toEqual([]);
    const { values } = await metrics.digestPosts.get();
    expect(values.find((v) => v.labels.result === "interrupted")?.value).toBe(2);
    expect(second.service.attention()).toEqual({ interrupted: 2, uncertain: 0 });
    expect((await second.service.databaseCheck()).detail).toContain("2 digest post(s) interrupted");
    expect(JSON.stringify(await second.service.status(ref))).toContain("Interrupted post");
    expect(
      await second.service.store.ledger.get("telegram", "-100456", "2026-03-02T07:00:00.000Z"),
    ).toMatchObject({
      status: "interrupted",
    });
    await second.service.stop(100);
    second.db.close();
    // Reported once: a third start has nothing new to say.
    const third = track(makeService({ path: first.path, clock: first.clock }));
    await third.service.start();
    expect(third.lines.filter((l) => l.includes("digest post interrupted"))).toEqual([]);
    expect(third.service.attention().interrupted).toBe(0);
    expect(JSON.stringify(await third.service.status(ref))).toContain("Interrupted post");
  });

  it("GIVEN a leader that dies between its claims and their requests THEN the next leader sends each claim exactly once, and the old one, were it to wake, sends nothing", async () => {
    const old = track(makeService({ instanceId: "old" }));
    await old.service.subscribe(ref);
    await old.service.subscribe({ ...ref, target: "-100456" });
    // The old leader freezes right after claiming: its 'sending' step waits on a gate.
    let wake: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const ledger = old.store.ledger;
    Object.defineProperty(old.store, "ledger", {
      value: {
        ...ledger,
        markSending: async (...args: Parameters<typeof ledger.markSending>) => {
          await gate;
          return ledger.markSending(...args);
        },
      },
    });
    old.clock.set("2026-03-02T07:00:01Z");
    const slotAt = "2026-03-02T07:00:00.000Z";
    const frozen = old.service.deliverSlot(paris8, slot(slotAt));
    await waitFor("both claims taken, neither sent", async () => {
      const rows = await Promise.all(
        ["-100123", "-100456"].map((t) => ledger.get("telegram", t, slotAt)),
      );
      return rows.every((r) => r?.status === "claimed" && r.claimedBy === "old");
    });

    // A new leader starts (within DIGEST_CATCHUP): it takes the claims over and sends them.
    old.clock.set("2026-03-02T07:00:04Z");
    const metrics = new Metrics();
    const next = track(
      makeService({ path: old.path, clock: old.clock, instanceId: "new", metrics }),
    );
    const report = await next.service.start();
    expect(report.count.sent).toBe(2);
    expect(next.lines.join("")).toContain("digest claims taken over from a stopped process");
    for (const target of ["-100123", "-100456"]) {
      expect(next.telegram.sentTo(target)).toHaveLength(1);
      expect(await next.store.ledger.get("telegram", target, slotAt)).toMatchObject({
        status: "sent",
        claimedBy: "new",
        rotation: 0,
      });
    }
    expect(next.service.attention()).toEqual({ interrupted: 0, uncertain: 0 });

    // The old leader wakes: its claims are no longer its own, so it posts nothing.
    wake();
    const late = await frozen;
    expect(late.count).toMatchObject({ sent: 0, skipped: 2 });
    expect(old.telegram.attempts).toEqual([]);
    expect(old.lines.join("")).toContain("digest claim taken over by another leader");
    // Nothing left to take over, nothing due: a third leader sends nothing.
    const third = track(makeService({ path: old.path, clock: old.clock, instanceId: "third" }));
    expect((await third.service.start()).outcomes).toEqual([]);
    expect(third.telegram.attempts).toEqual([]);
  });

  it("GIVEN a claim left by a stopped process after the catch-up window THEN it is recorded as failed and reported, never sent", async () => {
    const first = makeService({ instanceId: "crashed" });
    await first.service.subscribe(ref);
    await first.store.claim(
      "telegram",
      "-100123",
      "2026-03-02T07:00:00.000Z",
      paris8,
      "crashed",
      slot("2026-03-02T07:00:00Z"),
    );
    first.db.close();
    first.clock.set("2026-03-02T11:00:00Z");
    const second = track(makeService({ path: first.path, clock: first.clock }));
    await second.service.start();
    expect(second.telegram.attempts).toEqual([]);
    expect(
      await second.store.ledger.get("telegram", "-100123", "2026-03-02T07:00:00.000Z"),
    ).toMatchObject({ status: "failed", reason: expect.stringContaining("never sent") });
    expect(second.lines.join("")).toContain("digest post never sent");
  });

  it("GIVEN a shutdown while a send waits for its retry THEN the claim stays open and the next start sends it once", async () => {
    // A retry an hour away: the shutdown comes first, whatever the machine's speed.
    const retry = { attempts: 3, baseDelayMs: 3_600_000, maxDelayMs: 7_200_000 };
    const first = makeService({ instanceId: "first", retry });
    await first.service.subscribe(ref);
    first.telegram.script.set("-100123", [{ ok: false, permanent: false, reason: "HTTP 502" }]);
    first.clock.set("2026-03-02T07:00:01Z");
    const delivering = first.service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    await waitFor("the first attempt to fail", () => first.telegram.attempts.length === 1);
    await waitFor("the claim released for the retry", async () => {
      const row = await first.store.ledger.get("telegram", "-100123", "2026-03-02T07:00:00.000Z");
      return row?.status === "claimed";
    });
    await first.service.stop(100);
    expect((await delivering).count.stopped).toBe(1);
    first.db.close();
    const second = track(makeService({ path: first.path, clock: first.clock }));
    expect((await second.service.start()).count.sent).toBe(1);
    expect(second.telegram.sentTo("-100123")).toHaveLength(1);
    expect(first.telegram.sent).toEqual([]);
  });

  it("pauses the subscription on a permanent failure, keeps it, and resumes it", async () => {
    const { service, telegram, clock } = track(makeService());
    await service.subscribe(ref);
    telegram.script.set("-100123", [
      { ok: false, permanent: true, reason: "Forbidden: bot was kicked from the group chat" },
    ]);
    clock.set("2026-03-02T07:00:01Z");
    const report = await service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    expect(report.count.paused).toBe(1);
    expect((await service.store.subscriptions.get("telegram", "-100123"))?.pausedReason).toBe(
      "Forbidden: bot was kicked from the group chat",
    );
    clock.set("2026-03-03T07:00:01Z");
    await service.deliverSlot(paris8, slot("2026-03-03T07:00:00Z"));
    expect(telegram.attempts).toEqual(["-100123"]);
    expect(await service.resume("telegram", "-100123")).toBe(true);
    expect(await service.resume("telegram", "-100123")).toBe(false);
    clock.set("2026-03-04T07:00:01Z");
    await service.deliverSlot(paris8, slot("2026-03-04T07:00:00Z"));
    expect(telegram.sentTo("-100123")).toHaveLength(1);
  });

  it("resumes a paused subscription when an admin subscribes again", async () => {
    const { service } = track(makeService());
    await service.subscribe(ref);
    await service.pause("telegram", "-100123", "blocked");
    const reply = await service.subscribe(ref);
    expect(reply.blocks.at(-1)).toMatchObject({ text: "The subscription was paused; it resumes." });
    expect((await service.store.subscriptions.get("telegram", "-100123"))?.pausedReason).toBeNull();
  });

  it("follows a group's migration to a supergroup: subscription, ledger and the post move", async () => {
    const { service, telegram, clock } = track(makeService());
    await service.subscribe(ref);
    telegram.script.set("-100123", [
      {
        ok: false,
        permanent: false,
        reason: "group chat was upgraded to a supergroup chat",
        migratedTo: "-1009999",
      },
    ]);
    clock.set("2026-03-02T07:00:01Z");
    const report = await service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    expect(report.outcomes[0]).toMatchObject({ result: "sent", target: "-1009999" });
    expect(telegram.sentTo("-1009999")).toHaveLength(1);
    expect(await service.store.subscriptions.get("telegram", "-100123")).toBeUndefined();
    expect(
      (await service.store.ledger.get("telegram", "-1009999", "2026-03-02T07:00:00.000Z"))?.status,
    ).toBe("sent");
    expect(await service.migrate("telegram", "-1009999", "-1008888")).toBe(true);
    expect(await service.store.ledger.history("telegram", "-1008888")).toHaveLength(1);
  });

  it("retries transient failures, obeying retry_after, up to the bound", async () => {
    const { service, telegram, clock } = track(makeService());
    await service.subscribe(ref);
    await service.subscribe({ ...ref, target: "-100456" });
    telegram.script.set("-100123", [
      { ok: false, permanent: false, reason: "502 Bad Gateway" },
      { ok: false, permanent: false, reason: "Too Many Requests: retry after 1", retryAfterMs: 50 },
    ]);
    telegram.script.set(
      "-100456",
      Array.from({ length: 5 }, () => ({
        ok: false as const,
        permanent: false,
        reason: "ECONNRESET",
      })),
    );
    clock.set("2026-03-02T07:00:01Z");
    const started = performance.now();
    const report = await service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    const byTarget = Object.fromEntries(report.outcomes.map((o) => [o.target, o]));
    expect(byTarget["-100123"]).toMatchObject({ result: "sent", attempts: 3, rateLimited: 1 });
    expect(byTarget["-100456"]).toMatchObject({
      result: "failed",
      attempts: 3,
      reason: "ECONNRESET",
    });
    expect(telegram.attempts.filter((t) => t === "-100456")).toHaveLength(3);
    expect(
      (await service.store.ledger.get("telegram", "-100456", "2026-03-02T07:00:00.000Z"))?.status,
    ).toBe("failed");
  });

  it("fails a slot at once when retry_after is longer than the longest wait", async () => {
    const { service, telegram, clock } = track(makeService());
    await service.subscribe(ref);
    telegram.script.set("-100123", [
      { ok: false, permanent: false, reason: "flood", retryAfterMs: 3_600_000 },
    ]);
    clock.set("2026-03-02T07:00:01Z");
    const report = await service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    expect(report.outcomes[0]).toMatchObject({ result: "failed", attempts: 1 });
  });

  it("keeps posting to other targets while one is slow", async () => {
    const { service, telegram, clock } = track(makeService());
    for (const t of ["1", "2", "3", "4"]) await service.subscribe({ ...ref, target: t });
    telegram.delayMs.set("1", 300);
    clock.set("2026-03-02T07:00:01Z");
    await service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    expect(telegram.sent.map((m) => m.target)).toEqual(["2", "3", "4", "1"]);
  });

  it("on stop, finishes and records the send in flight and drops the unclaimed rest", async () => {
    const { service, discord, clock, db } = track(makeService());
    clock.set("2026-03-02T06:00:00Z");
    for (let i = 0; i < 30; i++)
      await service.subscribe({ platform: "discord", target: `chan${i}`, locale: "en" });
    for (let i = 0; i < 30; i++) discord.delayMs.set(`chan${i}`, 100);
    clock.set("2026-03-02T07:00:01Z");
    const delivering = service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    await waitFor("sends in flight", () => discord.attempts.length > 0);
    await service.stop(2_000);
    const report = await delivering;
    // At most 10 sends were in flight (Discord's concurrency): they finish and are recorded;
    // the rest were never claimed, so no row is left "claimed" and nothing else went out.
    expect(report.count.sent).toBeGreaterThan(0);
    expect(report.count.sent).toBeLessThanOrEqual(10);
    expect(report.count.sent + report.count.stopped).toBe(30);
    expect(discord.sent).toHaveLength(report.count.sent);
    const rows = db.prepare("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status").all();
    expect(rows).toEqual([{ status: "sent", n: report.count.sent }]);
  });

  it("says so, and claims nothing, when a platform has no sender", async () => {
    const made = track(makeService());
    await made.service.subscribe({ platform: "discord", target: "chan", locale: "en" });
    const { service } = made;
    // A service without senders, on the same database.
    const bare = track(makeService({ path: made.path, clock: made.clock }));
    (
      bare.service as unknown as { engine: { senders: Map<string, unknown> } }
    ).engine.senders.clear();
    bare.clock.set("2026-03-02T07:00:01Z");
    const report = await bare.service.deliverSlot(paris8, slot("2026-03-02T07:00:00Z"));
    expect(report.count["no-sender"]).toBe(1);
    expect(await service.store.ledger.history("discord", "chan")).toEqual([]);
  });

  it("creates operator targets at start without overriding an admin's subscription", async () => {
    const { service } = track(
      makeService({
        settings: {
          operatorTargets: [
            { platform: "discord", target: "1049721932418043954" },
            { platform: "telegram", target: "@summitbrief" },
            { platform: "telegram", target: "-100123" },
          ],
          locale: "en",
          operatorCron: "0 7 * * 1-5",
        },
      }),
    );
    await service.subscribe({ ...ref, time: "09:00" });
    await service.start();
    const subs = await service.store.subscriptions.all();
    expect(subs.map((s) => [s.platform, s.target, s.source, s.cron])).toEqual([
      ["discord", "1049721932418043954", "operator", "0 7 * * 1-5"],
      ["telegram", "-100123", "command", "0 9 * * *"],
      ["telegram", "@summitbrief", "operator", "0 7 * * 1-5"],
    ]);
    expect(service.scheduler.keys).toEqual(["0 7 * * 1-5|Europe/Paris", "0 9 * * *|Europe/Paris"]);
  });
});
