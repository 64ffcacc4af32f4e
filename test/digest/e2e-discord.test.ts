import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main as digestMain } from "../../src/cli/digest.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { type Delivery, LedgerRepository } from "../../src/storage/ledger.ts";
import { SubscriptionRepository } from "../../src/storage/subscriptions.ts";
import { FakeDiscord, type PostedMessage } from "../fakes/discord.ts";
import { runMain } from "../support/cli.ts";
import {
  type DiscordDigests,
  digestCommand,
  EPHEMERAL,
  PERMISSION,
  startDiscordDigests,
  tempDatabasePath,
  until,
} from "../support/discord-digests.ts";
import { ROOT } from "../support/paths.ts";
import { cleanEnv } from "../support/run.ts";
import { waitFor } from "../support/wait.ts";

/** Operator targets post every 2 seconds (operators are not held to the hourly minimum). */
const EVERY_TWO_SECONDS = "*/2 * * * * *";

/**
 * Checks "no slot posted twice" from both sides: every message the fake accepted belongs to
 * one ledger slot (by message id), no slot has two, and messages the ledger cannot name (a
 * crash between the post and its record, or a post whose answer is still on its way) are no
 * more than the slots left claimed or sending (marked interrupted at the next start).
 */
function expectOnePostPerSlot(posted: readonly PostedMessage[], ledger: readonly Delivery[]) {
  const slotOf = new Map(ledger.filter((d) => d.messageId).map((d) => [d.messageId, d.slotAt]));
  const perSlot = new Map<string, number>();
  for (const m of posted) {
    const slot = slotOf.get(m.id);
    if (slot) perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
  }
  expect([...perSlot.values()].every((n) => n === 1)).toBe(true);
  const unnamed = posted.filter((m) => !slotOf.has(m.id)).length;
  expect(unnamed).toBeLessThanOrEqual(
    ledger.filter((d) => ["claimed", "sending", "interrupted"].includes(d.status)).length,
  );
  expect(posted.length).toBeLessThanOrEqual(ledger.length);
}

describe("Discord digests end to end (real discord.js client, fake Discord, temp database)", () => {
  let h: DiscordDigests;
  let operator: string;
  const admin = { locale: "en-US", memberPermissions: PERMISSION.ManageChannels };
  const ledger = async () => await h.digests.store.ledger.history("discord", operator);
  const sub = async (target: string) => await h.digests.store.subscriptions.get("discord", target);

  beforeAll(async () => {
    h = await startDiscordDigests({
      beforeLogin: (fake) => {
        operator = fake.addChannel();
      },
      env: () => ({
        DIGEST_CRON: EVERY_TWO_SECONDS,
        DIGEST_DISCORD_CHANNELS: operator,
        DIGEST_LOCALE: "en",
      }),
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("subscribes a channel by command for a member with Manage Channels; the subscription is stored and status shows it", async () => {
    const saved = await digestCommand(
      h.fake,
      "subscribe",
      { time: "07:30", timezone: "America/New_York", language: "fr" },
      admin,
    );
    expect(saved.body.data.flags ?? 0).toBe(0);
    expect(saved.body.data.embeds[0].title).toBe("Daily brief subscription saved");
    // The renderer escapes Markdown: "New\_York" shows as "New_York".
    expect(saved.body.data.embeds[0].description.replaceAll("\\", "")).toContain(
      "every day at 07:30 (America/New_York), in French",
    );
    expect(await sub(h.fake.channelId)).toMatchObject({
      cron: "30 7 * * *",
      timezone: "America/New_York",
      locale: "fr",
      source: "command",
      pausedReason: null,
    });
    const status = await digestCommand(h.fake, "status", {}, admin);
    const fields = (status.body.data.embeds[0].fields as { name: string; value: string }[]).map(
      (f) => ({ name: f.name, value: f.value.replaceAll("\\", "") }),
    );
    expect(fields).toContainEqual({
      name: "Schedule",
      value: "every day at 07:30 (America/New_York)",
    });
    expect(fields).toContainEqual({ name: "Language", value: "French" });
    expect(fields.find((f) => f.name === "Next post")?.value).toMatch(/07:30/);
  });

  it("refuses a member without Manage Channels politely, only to them, and changes nothing", async () => {
    const other = "7".repeat(18);
    const refused = await digestCommand(
      h.fake,
      "subscribe",
      { time: "09:00" },
      {
        locale: "en-GB",
        channelId: other,
        memberPermissions: PERMISSION.ViewChannel | PERMISSION.SendMessages,
      },
    );
    expect(refused.body.data.flags).toBe(EPHEMERAL);
    expect(refused.body.data.embeds[0].description).toContain("Manage Channels");
    expect(await sub(other)).toBeUndefined();
  });

  it("answers a bad time (25:00) and a bad time zone (Mars/Olympus) clearly, and keeps the subscription", async () => {
    const time = await digestCommand(h.fake, "subscribe", { time: "25:00" }, admin);
    expect(time.body.data.flags).toBe(EPHEMERAL);
    expect(time.body.data.embeds[0].description).toContain(
      "“25:00” is not a valid time. Give HH:MM",
    );
    const zone = await digestCommand(h.fake, "subscribe", { timezone: "Mars/Olympus" }, admin);
    expect(zone.body.data.flags).toBe(EPHEMERAL);
    expect(zone.body.data.embeds[0].description).toContain(
      "“Mars/Olympus” is not a known IANA time zone",
    );
    expect((await sub(h.fake.channelId))?.cron).toBe("30 7 * * *");
  });

  it("posts the digest to an operator channel at its slot, in the operator's language, once", async () => {
    await until(
      async () => (await ledger()).some((d) => d.status === "sent"),
      "a digest in the operator channel",
    );
    // A newer slot may be on its way already: read the latest one posted.
    const first = (await ledger()).find((d) => d.status === "sent");
    expect(first?.status).toBe("sent");
    const slotAt = new Date(first?.slotAt ?? 0).getTime();
    expect(slotAt % 2_000).toBe(0);
    const message = h.fake.postedTo(operator).find((m) => m.id === first?.messageId);
    expect(message?.body.embeds[0].title).toMatch(/^Today’s brief/);
    expect(message?.body.allowed_mentions).toEqual({ parse: [] });
    expect(message?.at).toBeGreaterThanOrEqual(slotAt);
    expectOnePostPerSlot(h.fake.postedTo(operator), await ledger());
  });

  it("obeys a 429 with retry_after and then posts that slot once", async () => {
    const before = h.fake.messagesTo(operator).length;
    const route = new RegExp(`^/channels/${operator}/messages$`);
    h.fake.fail({ method: "POST", path: route, status: 429, code: 0, retryAfterMs: 700, times: 1 });
    await until(() => h.fake.messagesTo(operator).length >= before + 2, "the 429 and the retry");
    const [limited, retried] = h.fake.messagesTo(operator).slice(before);
    const accepted = h.fake.postedTo(operator).at(-1);
    await until(
      async () => (await ledger()).some((d) => d.messageId === accepted?.id && d.status === "sent"),
      "the retried post in the ledger",
    );
    // The retry is the same slot's message, not the next slot's.
    expect(retried?.body).toEqual(limited?.body);
    const waited = (retried?.at ?? 0) - (limited?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(650);
    expect((await h.metrics.rateLimited.get()).values[0]?.value).toBe(1);
    expectOnePostPerSlot(h.fake.postedTo(operator), await ledger());
  });

  it("pauses on 403 Missing Permissions (status says why) and resumes when the bot is added back", async () => {
    const route = new RegExp(`^/channels/${operator}/messages$`);
    h.fake.fail({
      method: "POST",
      path: route,
      status: 403,
      code: 50013,
      message: "Missing Permissions",
    });
    await until(async () => (await sub(operator))?.pausedReason != null, "the pause");
    expect((await sub(operator))?.pausedReason).toContain("50013");
    const status = await digestCommand(h.fake, "status", {}, { ...admin, channelId: operator });
    const paused = (status.body.data.embeds[0].fields as { name: string; value: string }[]).find(
      (f) => f.name === "Paused",
    );
    expect(paused?.value).toContain("Missing Permissions");
    expect(paused?.value).toContain("resumes when the bot is back");

    // Nothing is attempted while paused: the next slot passes this channel by. A slot claimed
    // before the pause was written may still have its request on the way: wait until every
    // claim of the channel has its outcome, so that the count below can only move by a new one.
    await until(
      async () => (await ledger()).every((d) => d.status !== "claimed" && d.status !== "sending"),
      "every claim of the channel settled",
    );
    const attempts = h.fake.messagesTo(operator).length;
    const report = await h.digests.deliverSlot(
      { cron: EVERY_TWO_SECONDS, timezone: "UTC" },
      new Date(Math.ceil(Date.now() / 2_000) * 2_000 + 2_000),
    );
    expect(report.outcomes.filter((o) => o.target === operator)).toEqual([]);
    expect(h.fake.messagesTo(operator)).toHaveLength(attempts);

    // An admin fixes it by removing and re-adding the bot: GUILD_DELETE, then GUILD_CREATE.
    h.fake.errors.splice(0);
    h.fake.removeBot();
    await until(() => !h.discord.client.guilds.cache.has(h.fake.guildId), "the removal");
    h.fake.addBot();
    await until(async () => (await sub(operator))?.pausedReason === null, "the resume");
    const posted = h.fake.postedTo(operator).length;
    await until(() => h.fake.postedTo(operator).length > posted, "a digest after the resume");
    expectOnePostPerSlot(h.fake.postedTo(operator), await ledger());
  });
});

describe("Discord digests across a crash (tsx src/main.ts, SIGKILL, restart)", () => {
  let fake: FakeDiscord;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });

  afterAll(async () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) killGroup(child);
    await fake?.close();
  });

  /**
   * A crash is SIGKILL to the whole process group (the app and anything it started).
   */
  function killGroup(started: ChildProcess): void {
    try {
      process.kill(-(started.pid as number), "SIGKILL");
    } catch {
      // Already gone.
    }
  }

  function startMain(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
    const started = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so that a crash can take tsx and the app together.
      detached: true,
    });
    let output = "";
    started.stdout?.on("data", (d) => (output += String(d)));
    started.stderr?.on("data", (d) => (output += String(d)));
    child = started;
    return { child: started, output: () => output };
  }

  it("never posts a slot twice when the process is killed and restarted", async () => {
    const databasePath = tempDatabasePath();
    const channel = fake.channelId;
    const env = cleanEnv({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_ROOT: fake.apiRoot,
      DATABASE_PATH: databasePath,
      DIGEST_CRON: EVERY_TWO_SECONDS,
      DIGEST_DISCORD_CHANNELS: channel,
      LOG_LEVEL: "info",
    });

    // The posts the ledger marks sent (the bot records each after Discord answered).
    const sentRows = () => {
      const db = openDatabase(databasePath);
      try {
        return new LedgerRepository(db)
          .history("discord", channel)
          .filter((d) => d.status === "sent").length;
      } finally {
        db.close();
      }
    };
    const first = startMain(env);
    await until(() => fake.postedTo(channel).length >= 2, "two digests from the first process");
    await until(() => sentRows() >= 2, "two digests marked sent by the first process");
    const killed = once(first.child, "exit");
    killGroup(first.child);
    await killed;
    // The app itself (tsx's child) is gone too: nothing more arrives from it.
    const atKill = fake.postedTo(channel).length;
    // A slot passes with no process at all (the clock is the state waited on).
    const nextSlot = Math.ceil(Date.now() / 2_000) * 2_000 + 2_000;
    await waitFor("a slot to pass with no process", () => Date.now() >= nextSlot);
    expect(fake.postedTo(channel)).toHaveLength(atKill);
    expect(fake.connections).toBe(0);
    const beforeRestart = fake.postedTo(channel).length;

    const second = startMain(env);
    await until(
      () => fake.postedTo(channel).length >= beforeRestart + 2,
      "two digests from the restarted process",
    );
    await until(() => sentRows() >= 4, "two more digests marked sent by the restarted process");
    const exited = once(second.child, "exit");
    second.child.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(second.output()).not.toContain(fake.token);

    const db = openDatabase(databasePath);
    const deliveries = new LedgerRepository(db).history("discord", channel);
    const subscription = new SubscriptionRepository(db).get("discord", channel);
    db.close();
    expect(subscription?.source).toBe("operator");
    expect(deliveries.filter((d) => d.status === "sent").length).toBeGreaterThanOrEqual(4);
    expectOnePostPerSlot(fake.postedTo(channel), deliveries);
    // Two processes, one ledger: the restarted one claimed under its own id.
    expect(new Set(deliveries.map((d) => d.claimedBy)).size).toBe(2);
  });
});

describe("npm run digest -- --now against the fake Discord", () => {
  it("posts the due digest through the Discord sender once, in the subscription's language", async () => {
    const fake = await FakeDiscord.start();
    try {
      const databasePath = tempDatabasePath();
      const db = openDatabase(databasePath);
      new SubscriptionRepository(db).upsert(
        {
          platform: "discord",
          target: fake.channelId,
          cron: "0 8 * * *",
          timezone: "UTC",
          locale: "en",
          source: "command",
        },
        new Date(Date.now() - 2 * 86_400_000),
      );
      db.close();
      const env = {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_ROOT: fake.apiRoot,
        DATABASE_PATH: databasePath,
      };
      const digestNow = () => runMain(digestMain, ["--now"], env);
      const first = await digestNow();
      expect(first.stdout).toContain("Posted 1;");
      expect(fake.postedTo(fake.channelId)).toHaveLength(1);
      expect(fake.postedTo(fake.channelId)[0]?.body.embeds[0].title).toMatch(/^Today’s brief/);
      const again = await digestNow();
      expect(again.stdout).toContain("No digest is due");
      expect(fake.postedTo(fake.channelId)).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
