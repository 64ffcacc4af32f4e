import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { DigestService } from "../../src/digest/service.ts";
import { addHealthRoutes } from "../../src/ops/health.ts";
import { HttpServer } from "../../src/ops/http.ts";
import { Metrics } from "../../src/ops/metrics.ts";
import { latestVersion } from "../../src/storage/database.ts";
import { makeService } from "./support.ts";

const paris8 = { cron: "0 8 * * *", timezone: "Europe/Paris" };
const ref = { platform: "telegram" as const, target: "-100123", locale: "en" as const };
const slot = new Date("2026-03-02T07:00:00Z");
const running: DigestService[] = [];
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await Promise.all(running.splice(0).map((s) => s.stop(100)));
});

/** Another process's connection with a write transaction open, released by the test. */
function holdWriteLock(path: string): () => void {
  const other = new BetterSqlite3(path);
  other.exec("BEGIN IMMEDIATE");
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    other.exec("COMMIT");
    other.close();
  };
  closers.push(release);
  return release;
}

/** Resolves once the store has a statement waiting for the lock (state, not time). */
async function waitingForLock(store: { lock: { waiting: number } }): Promise<void> {
  while (store.lock.waiting === 0) await new Promise((r) => setImmediate(r));
}

describe("digest delivery while another process holds the database's write lock", () => {
  it("GIVEN a slot falls due while the database is locked THEN its claim is retried and the post goes out once the lock is released", async () => {
    const made = makeService();
    running.push(made.service);
    await made.service.subscribe(ref);
    made.clock.set("2026-03-02T07:00:01Z");
    const release = holdWriteLock(made.path);
    const delivering = made.service.deliverSlot(paris8, slot);
    await waitingForLock(made.store);
    expect(made.telegram.sent).toHaveLength(0);
    release();
    const report = await delivering;
    expect(report.count.sent).toBe(1);
    expect(made.telegram.sentTo("-100123")).toHaveLength(1);
    expect(
      await made.service.store.ledger.get("telegram", "-100123", slot.toISOString()),
    ).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("GIVEN the database stays locked past the slot's catch-up window THEN the claim gives up, says so, and nothing is sent", async () => {
    const made = makeService({ settings: { catchupMs: 3_600_000 } });
    running.push(made.service);
    await made.service.subscribe(ref);
    made.clock.set("2026-03-02T07:00:01Z");
    const release = holdWriteLock(made.path);
    const delivering = made.service.deliverSlot(paris8, slot);
    await waitingForLock(made.store);
    made.clock.set("2026-03-02T08:00:02Z");
    const report = await delivering;
    expect(report.count.locked).toBe(1);
    expect(made.telegram.sent).toHaveLength(0);
    expect(made.lines.join("")).toContain("the database stayed locked past the slot's catch-up");
    release();
    expect(await made.service.store.ledger.history("telegram", "-100123")).toEqual([]);
  });

  it("GIVEN a command's write waits for the lock THEN /healthz and /readyz answer meanwhile, /readyz with no write lock", async () => {
    const made = makeService();
    running.push(made.service);
    const server = new HttpServer();
    closers.push(() => server.close());
    addHealthRoutes(server, {
      metrics: new Metrics(),
      checks: async () => [await made.service.databaseCheck()],
    });
    const port = await server.listen(0, "127.0.0.1");
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    const release = holdWriteLock(made.path);
    let answered = false;
    const subscribing = made.service.subscribe(ref).finally(() => {
      answered = true;
    });
    await waitingForLock(made.store);
    expect((await get("/healthz")).status).toBe(200);
    const ready = await get("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      checks: {
        database: `ok (sqlite, schema ${latestVersion()}, 1 write(s) waiting for a lock held by another process)`,
      },
    });
    expect(answered).toBe(false);
    release();
    expect((await subscribing).status).toBe("ok");
  });
});
