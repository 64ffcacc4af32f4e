import { type ChildProcess, spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DISCORD_PACING } from "../../src/adapters/discord/sender.ts";
import { TELEGRAM_PACING } from "../../src/adapters/telegram/sender.ts";
import { openPostgresStore } from "../../src/storage/postgres.ts";
import { FakeDiscord } from "../fakes/discord.ts";
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
import { DIGEST_TITLE } from "../support/telegram-digests.ts";
import { waitFor } from "../support/wait.ts";

sayIfSkipped();

/**
 * One slot fanned out to both platforms by the digest leader, which is SIGKILLed mid-fan-out.
 * The fakes hold every post at the door until the test lets it go, so "mid-fan-out" is a
 * state, not a moment: the leader has as many requests in flight as its pacing allows (held),
 * a few more targets queued behind them (never claimed), and a few already posted.
 */
const TELEGRAM_IN_FLIGHT = TELEGRAM_PACING.maxConcurrent;
const DISCORD_IN_FLIGHT = DISCORD_PACING.maxConcurrent;
/** Posted (let go) before the kill, per platform. */
const LET_GO = { telegram: 3, discord: 2 };
/** Targets: a full window in flight, the ones let go, and as many again left queued. */
const CHATS = Array.from({ length: TELEGRAM_IN_FLIGHT + 2 * LET_GO.telegram }, (_, i) => -7100 - i);
const DISCORD_CHANNELS = DISCORD_IN_FLIGHT + 2 * LET_GO.discord;
const TELEGRAM_POSTS = ["sendMessage", "sendPhoto"];
/** A safety net for waits that include processes starting (not a speed bound). */
const STARTUP_LIMIT_MS = 120_000;

interface Replica {
  readonly child: ChildProcess;
  output: string;
}

describe.skipIf(!postgresAvailable)(
  "three replicas on one PostgreSQL, Discord and Telegram: the digest leader is SIGKILLed mid-fan-out",
  () => {
    const telegram = new FakeTelegram();
    let discord: FakeDiscord;
    let channels: string[] = [];
    const schema = schemaName("replicas");
    const replicas: Replica[] = [];
    let db: pg.Client;

    const start = (): Replica => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: ROOT,
        env: cleanEnv({
          DISCORD_TOKEN: discord.token,
          DISCORD_API_ROOT: discord.apiRoot,
          TELEGRAM_BOT_TOKEN: telegram.token,
          TELEGRAM_API_ROOT: telegram.apiRoot,
          DATABASE_URL: urlWithSchema(schema),
          DIGEST_TIMEZONE: "UTC",
          DIGEST_LOCALE: "en",
          DIGEST_CATCHUP: "30m",
          LOG_LEVEL: "info",
        }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      const replica: Replica = { child, output: "" };
      child.stdout?.on("data", (d) => (replica.output += d));
      child.stderr?.on("data", (d) => (replica.output += d));
      replicas.push(replica);
      return replica;
    };
    const leads = (r: Replica) => r.output.includes("digest leader: this replica leads");
    const alive = (r: Replica) => r.child.exitCode === null && r.child.signalCode === null;

    /** Digests a Telegram chat received (answered ok by the fake). */
    const telegramPosts = (chat: number) =>
      telegram.calls.filter(
        (c) =>
          TELEGRAM_POSTS.includes(c.method) &&
          Number(c.params.chat_id) === chat &&
          c.ok === true &&
          DIGEST_TITLE.test(String(c.params.text ?? c.params.caption ?? "").replace(/^<b>/, "")),
      ).length;
    const discordPosts = (channel: string) => discord.postedTo(channel).length;
    const heldTelegram = () => TELEGRAM_POSTS.reduce((n, m) => n + telegram.held(m), 0);
    const heldDiscord = () =>
      discord.calls.filter((c) => c.method === "POST" && /^\/channels\/\d+\/messages$/.test(c.path))
        .length - discord.posted.length;
    const rows = async (status?: string) =>
      (
        await db.query<{ platform: string; target: string; status: string; claimed_by: string }>(
          `SELECT platform, target, status, claimed_by FROM deliveries ${status ? "WHERE status = $1" : ""} ORDER BY platform, target`,
          status ? [status] : [],
        )
      ).rows;

    beforeAll(async () => {
      discord = await FakeDiscord.start();
      channels = Array.from({ length: DISCORD_CHANNELS }, () => discord.addChannel());
      await telegram.start();
      await createSchema(schema);
      db = new pg.Client({ connectionString: urlWithSchema(schema) });
      await db.connect();
    });
    afterAll(async () => {
      for (const { child } of replicas) if (child.exitCode === null) child.kill("SIGKILL");
      await db?.end();
      await discord?.close();
      await telegram.stop();
      await dropSchema(schema);
    });

    it(
      "GIVEN the leader dies with posts in flight on both platforms THEN a new leader posts every target it had not reached, the ones in flight are interrupted and not re-sent, and every target gets the slot exactly once",
      async () => {
        // The slot was a minute ago (daily, UTC), and the targets subscribed the day before: the
        // leader finds it missed and posts it by its start-up catch-up, at once.
        const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
        const cron = `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`;
        const store = await openPostgresStore(TEST_DATABASE_URL, { schema });
        const dayBefore = new Date(slot.getTime() - 86_400_000);
        const subscribe = (platform: "discord" | "telegram", target: string) =>
          store.subscriptions.upsert(
            // Text only: one request per target, which the doors below count (the card's
            // photo path, its caption and the rest after it, is tested in e2e-cards.test.ts).
            {
              platform,
              target,
              cron,
              timezone: "UTC",
              locale: "en",
              source: "command",
              image: false,
            },
            dayBefore,
          );
        for (const chat of CHATS) await subscribe("telegram", String(chat));
        for (const channel of channels) await subscribe("discord", channel);
        await store.close();

        // Every post waits at the fakes' door; the first Discord ones at a door of their own.
        for (const method of TELEGRAM_POSTS) telegram.hold(method);
        let letGoDiscord: () => void = () => {};
        let releaseDiscord: () => void = () => {};
        const firstDoor = new Promise<void>((go) => {
          letGoDiscord = go;
        });
        const door = new Promise<void>((go) => {
          releaseDiscord = go;
        });
        const posts = { method: "POST", path: /^\/channels\/\d+\/messages$/ };
        discord.fault({ ...posts, until: firstDoor, times: LET_GO.discord });
        discord.fault({ ...posts, until: door, times: Number.POSITIVE_INFINITY });

        for (let i = 0; i < 3; i++) start();
        // Three processes compiling TypeScript at once: on a loaded machine, this takes a while.
        const leader = await waitFor(
          "one leader",
          () => {
            const leading = replicas.filter(leads);
            return leading.length === 1 ? leading[0] : undefined;
          },
          { limitMs: STARTUP_LIMIT_MS },
        ).catch((error: Error) => {
          throw new Error(
            `${error.message}; the replicas said:\n${replicas.map((r) => r.output).join("\n---\n")}`,
          );
        });
        const say = (who: Replica) => (error: Error) => {
          throw new Error(`${error.message}; the replica said:\n${who.output}`);
        };
        // A full window in flight on each platform, held.
        await waitFor(
          "the leader's first posts in flight",
          () => heldTelegram() === TELEGRAM_IN_FLIGHT && heldDiscord() === DISCORD_IN_FLIGHT,
        ).catch(say(leader));
        // A few go out and are recorded; as many more start (held), the rest stay queued.
        let letGo = LET_GO.telegram;
        for (const method of TELEGRAM_POSTS) {
          const n = Math.min(letGo, telegram.held(method));
          telegram.release(method, n);
          letGo -= n;
        }
        letGoDiscord();
        await waitFor("the posts let go recorded as sent", async () => {
          const sent = await rows("sent");
          return sent.length === LET_GO.telegram + LET_GO.discord ? sent : undefined;
        }).catch(say(leader));
        await waitFor(
          "the next posts in flight",
          () => heldTelegram() === TELEGRAM_IN_FLIGHT && heldDiscord() === DISCORD_IN_FLIGHT,
        ).catch(say(leader));
        const before = await rows();
        const oldLeader = (before.find((r) => r.status === "sent") as { claimed_by: string })
          .claimed_by;
        expect(before.length).toBeLessThan(CHATS.length + channels.length);

        leader.child.kill("SIGKILL");
        // What was in flight reaches the platforms after all (it may, on real ones).
        for (const method of TELEGRAM_POSTS) telegram.release(method);
        releaseDiscord();

        const next = await waitFor(
          "a new leader",
          () => replicas.find((r) => r !== leader && leads(r)),
          { limitMs: STARTUP_LIMIT_MS },
        );
        const final = await waitFor(
          "every target's row final",
          async () => {
            const all = await rows();
            return all.length === CHATS.length + channels.length &&
              all.every((r) => r.status === "sent" || r.status === "interrupted")
              ? all
              : undefined;
          },
          { limitMs: STARTUP_LIMIT_MS },
        ).catch(say(next));
        await waitFor(
          "nothing held or unanswered at the fakes",
          () =>
            heldTelegram() === 0 &&
            heldDiscord() === 0 &&
            telegram.calls.every((c) => c.method === "getUpdates" || c.ok !== undefined),
        );

        // Every target got the slot exactly once, on both platforms.
        expect(CHATS.map(telegramPosts)).toEqual(CHATS.map(() => 1));
        expect(channels.map(discordPosts)).toEqual(channels.map(() => 1));
        // The new leader sent the targets the dead one never reached, on each platform; what
        // was in flight at the kill is interrupted (reported), and was not sent again.
        for (const platform of ["telegram", "discord"]) {
          const mine = final.filter((r) => r.platform === platform);
          expect(
            mine.filter((r) => r.status === "sent" && r.claimed_by !== oldLeader).length,
          ).toBeGreaterThan(0);
          expect(mine.filter((r) => r.status === "interrupted").length).toBeGreaterThan(0);
        }
        expect(next.output).toContain("digest post interrupted");
        expect(next.output).toContain("digest catch-up");
        expect(replicas.filter((r) => alive(r) && leads(r))).toEqual([next]);
      },
      4 * STARTUP_LIMIT_MS,
    );
  },
);
