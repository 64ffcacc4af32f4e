import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { renderTelegram } from "../../src/adapters/telegram/render.ts";
import type { DigestService } from "../../src/digest/service.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { SqliteDigestStore } from "../../src/storage/digest-store.ts";
import { nextMessages, privateChat, type Running, startBot } from "../adapters/telegram/harness.ts";
import { type ChatSpec, FakeTelegram, type UserSpec } from "../fakes/telegram/server.ts";
import { ROOT } from "../support/paths.ts";
import { cleanEnv } from "../support/run.ts";
import {
  DIGEST_TITLE,
  digestCalls,
  digestsReceived,
  telegramDigests,
  tempTelegramDb,
  until,
} from "../support/telegram-digests.ts";
import { waitFor } from "../support/wait.ts";

/** Every two seconds: a slot soon, whatever the test's start. */
const FAST = '"*/2 * * * * *" UTC';
const isDigestTo = (chatId: number) => (p: { chat_id: unknown; text: unknown }) =>
  Number(p.chat_id) === chatId && DIGEST_TITLE.test(String(p.text).replace(/^<b>/, ""));

describe("/digest on Telegram, end to end (real grammy bot, fake Bot API, real digest service)", () => {
  const fake = new FakeTelegram();
  let bot: Running;
  let digests: DigestService;
  const cleanup: string[] = [];

  const say = (chat: ChatSpec, from: UserSpec, text: string) =>
    nextMessages(fake, chat.id, () => fake.sendText(chat, from, text)).then(([m]) => m?.text ?? "");
  const sub = async (chatId: number) =>
    await digests.store.subscriptions.get("telegram", String(chatId));
  const rateLimited = async () =>
    (await bot.metrics.rateLimited.get()).values.find((v) => v.labels.platform === "telegram")
      ?.value ?? 0;

  beforeAll(async () => {
    await fake.start();
    const make = telegramDigests(tempTelegramDb());
    bot = await startBot(fake, {
      digests: (log, metrics) => {
        digests = make(log, metrics);
        return digests;
      },
    });
    await digests.start();
  });
  // Per-second subscriptions would keep posting into later tests.
  afterEach(async () => {
    for (const target of cleanup.splice(0))
      await digests.unsubscribe({ platform: "telegram", target, locale: "en" });
  });
  afterAll(async () => {
    await digests.close(1_000);
    await bot.service.stop();
    await fake.stop();
  });

  it("subscribes a private chat by command, in the digest language asked for", async () => {
    const reader = { id: 2001, language_code: "fr" };
    const text = await say(privateChat(2001), reader, "/digest subscribe 08:00 Europe/Paris en");
    expect(text).toContain("Abonnement au point du jour enregistré");
    expect(text).toContain("chaque jour à 08:00 (Europe/Paris), en anglais");
    expect(await sub(2001)).toMatchObject({
      cron: "0 8 * * *",
      timezone: "Europe/Paris",
      locale: "en",
      source: "command",
      pausedReason: null,
    });
  });

  it("lets a group's administrators change its subscription and politely refuses members", async () => {
    const group: ChatSpec = { id: -3001, type: "supergroup", title: "Summit watchers" };
    const admin = { id: 3001, language_code: "en" };
    const member = { id: 3002, language_code: "fr" };
    const creator = { id: 3003, language_code: "en" };
    fake.setMember(group.id, admin.id, "administrator");
    fake.setMember(group.id, creator.id, "creator");

    const refused = await say(group, member, "/digest subscribe 09:00 UTC");
    expect(refused).toContain("Seuls les administrateurs de ce groupe");
    expect(await sub(group.id)).toBeUndefined();

    const saved = await say(
      group,
      admin,
      "/digest@SummitBriefBot subscribe 07:30 America/New_York fr",
    );
    expect(saved).toContain("every day at 07:30 (America/New_York), in French");
    expect(await sub(group.id)).toMatchObject({ timezone: "America/New_York", locale: "fr" });

    expect(await say(group, member, "/digest unsubscribe")).toContain("Seuls les administrateurs");
    expect(await sub(group.id)).toBeDefined();
    // Reading the status is open to everyone.
    const status = await say(group, member, "/digest status");
    expect(status).toContain("Le point du jour dans ce salon");
    expect(status).toContain("07:30 (America/New_York)");

    expect(await say(group, creator, "/digest unsubscribe")).toContain("Subscription removed");
    expect(await sub(group.id)).toBeUndefined();
  });

  it("accepts an anonymous administrator, whose message comes on behalf of the group", async () => {
    const group: ChatSpec = { id: -3010, type: "supergroup", title: "Anonymous admins" };
    const memberChecks = fake.callsTo("getChatMember").length;
    const [reply] = await nextMessages(fake, group.id, () =>
      fake.sendAsAnonymousAdmin(group, "/digest subscribe 06:45 Asia/Yerevan"),
    );
    expect(reply?.text).toContain("Daily brief subscription saved");
    expect(await sub(group.id)).toMatchObject({ cron: "45 6 * * *", timezone: "Asia/Yerevan" });
    // Telegram vouches for them: no need to ask who GroupAnonymousBot is.
    expect(fake.callsTo("getChatMember")).toHaveLength(memberChecks);
  });

  it("answers a bad time and an unknown time zone clearly, and saves nothing", async () => {
    const chat = privateChat(2002);
    const reader = { id: 2002, language_code: "en" };
    const badTime = await say(chat, reader, "/digest subscribe 25:00 Europe/Paris");
    expect(badTime).toContain("“25:00” is not a valid time. Give HH:MM, from 00:00 to 23:59");
    const badZone = await say(chat, reader, "/digest subscribe 08:00 Mars/Olympus");
    expect(badZone).toContain("“Mars/Olympus” is not a known IANA time zone");
    expect(badZone).toContain("Europe/Paris, America/New_York, UTC");
    expect(await sub(2002)).toBeUndefined();
    const outcomes = (await bot.metrics.commands.get()).values.filter(
      (v) => v.labels.command === "digest" && v.labels.outcome === "user_error",
    );
    expect(outcomes.reduce((n, v) => n + v.value, 0)).toBeGreaterThanOrEqual(2);
  });

  it("posts the digest at its slot, and nothing more once unsubscribed", async () => {
    const chat = privateChat(2003);
    const reader = { id: 2003, language_code: "en" };
    cleanup.push("2003");
    expect(await say(chat, reader, `/digest subscribe ${FAST} en`)).toContain(
      "on the cron schedule “*/2 * * * * *” (UTC)",
    );
    await until(() => digestsReceived(fake, 2003).length >= 1, "a digest at its slot");
    const [first] = digestsReceived(fake, 2003);
    // The bot marks the post sent after Telegram answered: wait for the row, not a moment.
    const row = await waitFor("the post marked sent in the ledger", async () =>
      (await digests.store.ledger.history("telegram", "2003")).find(
        (d) => d.messageId === String(first?.result.message_id) && d.status === "sent",
      ),
    );
    const slot = Date.parse(row.slotAt);
    expect(slot % 2_000).toBe(0);
    expect(performance.timeOrigin + (first?.at ?? 0)).toBeGreaterThanOrEqual(slot);
    expect(first?.params.text).toContain("Today’s brief");

    expect(await say(chat, reader, "/digest unsubscribe")).toContain("Subscription removed");
    // A post already under way at the unsubscribe may still land: wait until none is claimed.
    await until(
      async () =>
        (await digests.store.ledger.history("telegram", "2003")).every(
          (d) => d.status !== "claimed",
        ),
      "the post in flight to settle",
    );
    const count = digestsReceived(fake, 2003).length;
    const report = await digests.deliverSlot(
      { cron: "*/2 * * * * *", timezone: "UTC" },
      new Date(Math.ceil(Date.now() / 2_000) * 2_000 + 2_000),
    );
    expect(report.outcomes.filter((o) => o.target === "2003")).toEqual([]);
    expect(digestsReceived(fake, 2003)).toHaveLength(count);
  });

  it("delivers once after a 429: the digest engine waits retry_after, with no auto-retry underneath", async () => {
    const chat = privateChat(2004);
    cleanup.push("2004");
    fake.fail(
      "sendMessage",
      {
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      },
      1,
      isDigestTo(2004),
    );
    const before = await rateLimited();
    await say(chat, { id: 2004, language_code: "en" }, `/digest subscribe ${FAST}`);
    const recorded = async () =>
      (await digests.store.ledger.history("telegram", "2004")).some((d) => d.status === "sent");
    await until(recorded, "the retried digest");
    const [refused, accepted] = digestCalls(fake, 2004);
    expect(refused?.ok).toBe(false);
    expect(accepted?.ok).toBe(true);
    expect((accepted?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(950);
    const row = (await digests.store.ledger.history("telegram", "2004")).find(
      (d) => d.messageId === String(accepted?.result.message_id),
    );
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    expect(await rateLimited()).toBe(before + 1);
    // Each slot at most once: every post has its own ledger row.
    const sentIds = (await digests.store.ledger.history("telegram", "2004"))
      .filter((d) => d.status === "sent")
      .map((d) => d.messageId);
    expect(digestsReceived(fake, 2004).map((c) => String(c.result.message_id))).toEqual(
      expect.arrayContaining(sentIds),
    );
    expect(digestsReceived(fake, 2004).length).toBeLessThanOrEqual(sentIds.length + 1);
  });

  it("pauses on 403 “bot was kicked”, says why in the status, and resumes when the bot is re-added", async () => {
    const group: ChatSpec = { id: -5001, type: "supergroup", title: "Kicks" };
    const admin = { id: 5001, language_code: "en" };
    fake.setMember(group.id, admin.id, "administrator");
    cleanup.push(String(group.id));
    fake.fail(
      "sendMessage",
      { error_code: 403, description: "Forbidden: bot was kicked from the group chat" },
      1,
      isDigestTo(group.id),
    );
    await say(group, admin, `/digest subscribe ${FAST}`);
    await until(async () => !!(await sub(group.id))?.pausedReason, "the pause");
    expect((await sub(group.id))?.pausedReason).toBe(
      "Forbidden: bot was kicked from the group chat",
    );
    const status = renderTelegram(
      await digests.status({ platform: "telegram", target: String(group.id), locale: "en" }),
    ).join("\n");
    expect(status).toContain("Paused");
    expect(status).toContain("Forbidden: bot was kicked from the group chat");
    expect(status).toContain("Posting resumes when the bot is back here");
    // Paused: later slots are not even attempted.
    const report = await digests.deliverSlot(
      { cron: "*/2 * * * * *", timezone: "UTC" },
      new Date(Math.ceil(Date.now() / 2_000) * 2_000 + 2_000),
    );
    expect(report.outcomes.filter((o) => o.target === String(group.id))).toEqual([]);
    expect(digestCalls(fake, group.id)).toHaveLength(1);

    fake.botStatus(group, "member", "kicked");
    await until(async () => (await sub(group.id))?.pausedReason === null, "the resume");
    await until(() => digestsReceived(fake, group.id).length >= 1, "a digest after re-add");
  });

  it("keeps a group's subscription when it becomes a supergroup, and posts to the new id", async () => {
    const group: ChatSpec = { id: -6001, type: "group", title: "Small group" };
    const admin = { id: 6001, language_code: "en" };
    fake.setMember(group.id, admin.id, "administrator");
    cleanup.push("-1006001");
    await say(group, admin, `/digest subscribe ${FAST} fr`);
    fake.migrate(group, -1006001);
    await until(async () => !!(await sub(-1006001)) && !(await sub(group.id)), "the move");
    expect(await sub(-1006001)).toMatchObject({
      cron: "*/2 * * * * *",
      timezone: "UTC",
      locale: "fr",
    });
    const before = digestsReceived(fake, -1006001).length;
    await until(
      () => digestsReceived(fake, -1006001).length > before,
      "a digest in the supergroup",
    );
    expect(digestsReceived(fake, -1006001).at(-1)?.params.text).toContain("Le point du jour");
  });

  it("follows a migration that a post discovers (400 with migrate_to_chat_id)", async () => {
    const group: ChatSpec = { id: -6002, type: "group", title: "Upgraded unseen" };
    const admin = { id: 6002, language_code: "en" };
    fake.setMember(group.id, admin.id, "administrator");
    cleanup.push("-1006002");
    fake.fail(
      "sendMessage",
      {
        error_code: 400,
        description: "Bad Request: group chat was upgraded to a supergroup chat",
        parameters: { migrate_to_chat_id: -1006002 },
      },
      1,
      isDigestTo(group.id),
    );
    await say(group, admin, `/digest subscribe ${FAST}`);
    await until(() => digestsReceived(fake, -1006002).length >= 1, "the digest at the new id");
    expect(await sub(group.id)).toBeUndefined();
    expect((await sub(-1006002))?.pausedReason).toBeNull();
    expect(digestsReceived(fake, group.id)).toHaveLength(0);
  });
});

describe("npm start with Telegram digests: SIGKILL, restart, and no slot posted twice", () => {
  const fake = new FakeTelegram();
  const path = tempTelegramDb();
  const chatId = -7001;
  const children: ChildProcess[] = [];
  let output = "";

  const start = () => {
    // node itself (tsx as a loader), not the tsx CLI: SIGKILL must hit the process that posts.
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: ROOT,
      env: cleanEnv({
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        DATABASE_PATH: path,
        DIGEST_CRON: "*/2 * * * * *",
        DIGEST_TELEGRAM_CHATS: String(chatId),
        DIGEST_TIMEZONE: "UTC",
        DIGEST_LOCALE: "en",
        // Text only: one message per slot, as this test holds and counts them (the card's
        // photo path is tested in e2e-cards.test.ts).
        DIGEST_IMAGE: "off",
        DIGEST_CATCHUP: "1m",
        LOG_LEVEL: "info",
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    children.push(child);
    return child;
  };
  const exit = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve(child.exitCode)
      : new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await fake.stop();
  });

  it("posts operator digests, is killed mid-post, restarts, and posts every slot at most once", async () => {
    const first = start();
    await until(() => digestsReceived(fake, chatId).length >= 2, "two digests").catch((error) => {
      throw new Error(`${error.message}; the bot said:\n${output}`);
    });
    // Hold the next post at the API, and kill the process while it is in flight.
    fake.delay("sendMessage", 2_500);
    await until(
      () => digestCalls(fake, chatId).some((c) => c.ok === undefined),
      "a post in flight",
    );
    first.kill("SIGKILL");
    await exit(first);
    // A slot or more passes with no process at all (the clock is the state waited on).
    const nextSlot = Math.ceil(Date.now() / 2_000) * 2_000 + 2_000;
    await until(() => Date.now() >= nextSlot, "a slot to pass with no process");
    await until(
      () => digestCalls(fake, chatId).every((c) => c.ok !== undefined),
      "the held post to be answered",
    );
    const afterKill = digestsReceived(fake, chatId).length;

    const second = start();
    await until(
      () => digestsReceived(fake, chatId).length >= afterKill + 2,
      "two digests after the restart",
    ).catch((error) => {
      throw new Error(`${error.message}; the bot said:\n${output}`);
    });
    second.kill("SIGTERM");
    expect(await exit(second)).toBe(0);

    const store = new SqliteDigestStore(openDatabase(path));
    const rows = await store.ledger.history("telegram", String(chatId));
    store.db.close();
    const received = digestsReceived(fake, chatId).map((c) => String(c.result.message_id));
    const sent = rows.filter((r) => r.status === "sent");
    const claimed = rows.filter((r) => r.status === "interrupted");
    // The post in flight at the kill: claimed, outcome unknown, marked interrupted at the
    // restart (and reported), never sent again.
    expect(claimed).toHaveLength(1);
    // Every post the chat received is one slot's: its message id is on that slot's row...
    expect(new Set(sent.map((r) => r.messageId)).size).toBe(sent.length);
    expect(received).toEqual(expect.arrayContaining(sent.map((r) => r.messageId)));
    // ...except the one in flight at the kill, which reached Telegram but not our ledger.
    expect(received).toHaveLength(sent.length + claimed.length);
    expect(new Set(rows.map((r) => r.claimedBy)).size).toBe(2);
    expect(output).toContain("digest post interrupted");
    expect(output).not.toContain(fake.token);
  });
});
