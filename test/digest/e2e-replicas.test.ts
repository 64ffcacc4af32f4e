import { type ChildProcess, spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "../../src/storage/postgres.ts";
import { FakeTelegram } from "../fakes/telegram/server.ts";
import { ROOT } from "../support/paths.ts";
import {
  createSchema,
  dropSchema,
  postgresAvailable,
  sayIfSkipped,
  schemaName,
  TEST_DATABASE_URL,
  urlWithSchema,
} from "../support/postgres.ts";
import { cleanEnv } from "../support/run.ts";
import { digestsReceived } from "../support/telegram-digests.ts";
import { waitFor } from "../support/wait.ts";

sayIfSkipped();

/** Chats all on one slot: a fan-out long enough to be cut by a kill. */
const CHATS = Array.from({ length: 40 }, (_, i) => -7100 - i);

describe.skipIf(!postgresAvailable)(
  "three replicas on one PostgreSQL: the digest leader is SIGKILLed during a fan-out",
  () => {
    // Every API answer takes 300 ms: the fan-out lasts long enough to be interrupted.
    const fake = new FakeTelegram({ latencyMs: 300 });
    const schema = schemaName("replicas");
    const replicas: { child: ChildProcess; output: string }[] = [];

    const start = () => {
      const replica = { child: undefined as unknown as ChildProcess, output: "" };
      replica.child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: ROOT,
        env: cleanEnv({
          TELEGRAM_BOT_TOKEN: fake.token,
          TELEGRAM_API_ROOT: fake.apiRoot,
          DATABASE_URL: urlWithSchema(schema),
          DIGEST_TIMEZONE: "UTC",
          DIGEST_LOCALE: "en",
          DIGEST_CATCHUP: "5m",
          LOG_LEVEL: "info",
        }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      replica.child.stdout?.on("data", (d) => (replica.output += d));
      replica.child.stderr?.on("data", (d) => (replica.output += d));
      replicas.push(replica);
      return replica;
    };
    const leads = (r: { output: string }) =>
      r.output.split("\n").filter((l) => l.includes("digest leader: this replica leads")).length;
    const received = () => CHATS.map((chat) => digestsReceived(fake, chat).length);

    beforeAll(async () => {
      await fake.start();
      await createSchema(schema);
    });
    afterAll(async () => {
      for (const { child } of replicas)
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await fake.stop();
      await dropSchema(schema);
    });

    it("GIVEN the leader dies mid-fan-out THEN another replica takes over, posts every unclaimed chat, and no chat gets the slot twice", async () => {
      for (let i = 0; i < 3; i++) start();
      const leader = await waitFor("one leader", () => {
        const leading = replicas.filter((r) => leads(r) > 0);
        return leading.length === 1 ? leading[0] : undefined;
      });
      // Subscriptions made elsewhere (as by another replica), on one slot 15 s from now
      // (daily, UTC): the leader learns the schedule by its periodic re-read.
      const slot = new Date(Math.ceil(Date.now() / 1000) * 1000 + 15_000);
      const cron = `${slot.getUTCSeconds()} ${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`;
      const store = await openPostgresStore(TEST_DATABASE_URL, { schema });
      for (const chat of CHATS)
        await store.subscriptions.upsert(
          {
            platform: "telegram",
            target: String(chat),
            cron,
            timezone: "UTC",
            locale: "en",
            source: "command",
          },
          new Date(),
        );
      await store.close();
      // Kill the leader once the fan-out is under way, not finished.
      await waitFor("the fan-out under way", () => received().filter((n) => n > 0).length >= 3, {
        everyMs: 2,
      }).catch((error: Error) => {
        throw new Error(`${error.message}; the leader said:\n${leader.output}`);
      });
      leader.child.kill("SIGKILL");
      const atKill = received().filter((n) => n > 0).length;
      expect(atKill).toBeLessThan(CHATS.length);

      const next = await waitFor("a new leader", () =>
        replicas.find((r) => r !== leader && leads(r) > 0),
      );
      // Every chat has its ledger row, none left claimed: nothing more will be sent.
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      let rows: { target: string; status: string }[];
      try {
        await client.query(`SET search_path TO "${schema}"`);
        rows = await waitFor(
          "every chat's row final",
          async () => {
            const { rows } = await client.query<{ target: string; status: string }>(
              "SELECT target, status FROM deliveries WHERE slot_at = $1 ORDER BY target",
              [slot.toISOString()],
            );
            return rows.length === CHATS.length &&
              rows.every((r) => r.status !== "claimed" && r.status !== "sending")
              ? rows
              : undefined;
          },
          { limitMs: 50_000 },
        ).catch((error: Error) => {
          throw new Error(`${error.message}; the new leader said:\n${next.output}`);
        });
      } finally {
        await client.end();
      }
      const statusOf = new Map(rows.map((r) => [Number(r.target), r.status]));
      // Every 'sent' row is one post the chat received; nothing was posted twice.
      await waitFor("every sent digest received", () =>
        CHATS.every(
          (chat) => statusOf.get(chat) !== "sent" || digestsReceived(fake, chat).length === 1,
        ),
      );
      expect(Math.max(...received())).toBe(1);
      // The dead leader's open claims are 'interrupted' (reported, never re-sent: at most
      // once); every other chat got the slot from the new leader's catch-up.
      for (const chat of CHATS)
        if (digestsReceived(fake, chat).length === 0)
          expect(statusOf.get(chat)).toBe("interrupted");
      const sentByNew = rows.filter((r) => r.status === "sent").length;
      expect(sentByNew).toBeGreaterThan(0);
      expect(next.output).toContain("digest catch-up");
      expect(next.output).toContain("digest post interrupted");
      const alive = (r: { child: ChildProcess }) =>
        r.child.exitCode === null && r.child.signalCode === null;
      expect(
        replicas.filter((r) => alive(r) && leads(r) > 0).map((r) => replicas.indexOf(r)),
      ).toEqual([replicas.indexOf(next)]);
    }, 90_000);
  },
);
