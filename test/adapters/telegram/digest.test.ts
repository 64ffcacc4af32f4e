import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digest as digestCommand } from "../../../commands/digest.ts";
import { leaveReason } from "../../../src/adapters/telegram/membership.ts";
import type { DigestService } from "../../../src/digest/service.ts";
import { type ChatSpec, FakeTelegram, type UserSpec } from "../../fakes/telegram/server.ts";
import { telegramDigests, tempTelegramDb, until } from "../../support/telegram-digests.ts";
import { nextMessages, privateChat, type Running, startBot } from "./harness.ts";

describe("/digest in Telegram chats", () => {
  const fake = new FakeTelegram();
  let bot: Running;
  let digests: DigestService;

  const say = (chat: ChatSpec, from: UserSpec, text: string) =>
    nextMessages(fake, chat.id, () => fake.sendText(chat, from, text)).then(([m]) => m?.text ?? "");
  const sub = async (chatId: number) =>
    await digests.store.subscriptions.get("telegram", String(chatId));
  const subscribe = async (chatId: number) =>
    await digests.subscribe({
      platform: "telegram",
      target: String(chatId),
      locale: "en",
      time: "08:00",
    });

  beforeAll(async () => {
    await fake.start();
    const make = telegramDigests(tempTelegramDb());
    bot = await startBot(fake, {
      digests: (log, metrics) => {
        digests = make(log, metrics);
        return digests;
      },
    });
  });
  afterAll(async () => {
    await digests.close(1_000);
    await bot.service.stop();
    await fake.stop();
  });

  it("adds /digest to the command menu, in French for fr and in English by default", async () => {
    const byDefault = await fake.waitForCall("setMyCommands", (p) => !p.language_code);
    const inFrench = await fake.waitForCall("setMyCommands", (p) => p.language_code === "fr");
    const entry = (call: typeof byDefault) =>
      call.params.commands.find((c: { command: string }) => c.command === "digest");
    expect(entry(byDefault)?.description).toBe(digestCommand.description.en);
    expect(entry(inFrench)?.description).toBe(digestCommand.description.fr);
  });

  it("answers /digest alone with its usage, and an unknown subcommand with the usage too", async () => {
    const chat = privateChat(8001);
    const reader = { id: 8001, language_code: "en" };
    const usage = await say(chat, reader, "/digest");
    expect(usage).toContain("/digest subscribe [HH:MM] [time zone] [fr|en|ru]");
    const unknown = await say(chat, reader, "/digest frobnicate <b>now</b>");
    expect(unknown).toContain("is not a /digest subcommand");
    expect(unknown).toContain("/digest status");
  });

  it("answers 10,000 characters of arguments clearly, without echoing them whole", async () => {
    const text = await say(
      privateChat(8002),
      { id: 8002, language_code: "en" },
      `/digest subscribe ${"x".repeat(10_000)}`,
    );
    expect(text).toContain("I do not know what to do with");
    expect(text.length).toBeLessThan(1_000);
    expect(await sub(8002)).toBeUndefined();
  });

  it("shows the preview in a private chat itself", async () => {
    const text = await say(privateChat(8003), { id: 8003, language_code: "fr" }, "/digest preview");
    expect(text).toContain("Aperçu : ce salon n’est pas abonné");
    expect(text).toContain("Le point du jour");
  });

  it("sends a group's preview privately to the caller and notes it in the group", async () => {
    const group: ChatSpec = { id: -8010, type: "supergroup", title: "Previews" };
    const reader = { id: 8010, language_code: "en" };
    subscribe(group.id);
    const [dm] = await nextMessages(fake, reader.id, () =>
      fake.sendText(group, reader, "/digest preview"),
    );
    expect(dm?.text).toContain("Preview of the next daily brief");
    expect(dm?.text).toContain("Today’s brief");
    await until(() => fake.sentTo(group.id).length === 1, "the note in the group");
    const [note] = fake.sentTo(group.id);
    expect(note?.text).toBe("Preview sent\n\nI sent you the preview in a private message.");
  });

  it("says how to get the preview when Telegram will not let the bot write to the caller", async () => {
    const group: ChatSpec = { id: -8011, type: "supergroup", title: "Strangers" };
    const reader = { id: 8011, language_code: "fr" };
    fake.fail(
      "sendMessage",
      { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" },
      1,
      (p) => Number(p.chat_id) === reader.id,
    );
    const text = await say(group, reader, "/digest preview");
    expect(text).toContain("ouvrez d’abord une discussion avec moi, t.me/SummitBriefBot");
    expect(fake.sentTo(reader.id)).toHaveLength(0);
    // The preview itself never goes to the group.
    expect(text).not.toContain("Le point du jour —");
  });

  it("tells an anonymous administrator that a private preview cannot reach them", async () => {
    const group: ChatSpec = { id: -8012, type: "supergroup", title: "Anonymous" };
    const [reply] = await nextMessages(fake, group.id, () =>
      fake.sendAsAnonymousAdmin(group, "/digest preview"),
    );
    expect(reply?.text).toContain("I cannot write to an anonymous administrator");
  });

  it("refuses someone writing as a linked channel: they are not the group's administrator", async () => {
    const group: ChatSpec = { id: -8013, type: "supergroup", title: "Discussion" };
    const message = fake.message(
      group,
      { id: 136817688, language_code: "en" },
      "/digest subscribe",
    );
    message.sender_chat = { id: -1009999, type: "channel", title: "Some channel" };
    const [reply] = await nextMessages(fake, group.id, () => fake.inject({ message }));
    expect(reply?.text).toContain("Only this group's administrators");
    expect(await sub(group.id)).toBeUndefined();
  });

  it("answers with the fixed internal-error message when the admin check itself fails", async () => {
    const group: ChatSpec = { id: -8014, type: "supergroup", title: "Broken" };
    fake.fail("getChatMember", {
      error_code: 400,
      description: "Bad Request: PARTICIPANT_ID_INVALID",
    });
    const text = await say(group, { id: 8014, language_code: "en" }, "/digest unsubscribe");
    expect(text).toBe(
      "Sorry, an internal error kept us from answering. Please try again in a moment.",
    );
    expect(
      bot.logs.some((l) => l.includes("command failed") && l.includes("PARTICIPANT_ID_INVALID")),
    ).toBe(true);
  });

  it("pauses when the bot is kicked, removed or blocked, with the reason, and resumes when it is back", async () => {
    const supergroup: ChatSpec = { id: -8020, type: "supergroup", title: "S" };
    const group: ChatSpec = { id: -8021, type: "group", title: "G" };
    const user = privateChat(8022);
    for (const chat of [supergroup, group, user]) subscribe(chat.id);

    fake.botStatus(supergroup, "kicked");
    fake.botStatus(group, "left");
    fake.botStatus(user, "kicked");
    await until(
      async () =>
        (await Promise.all([supergroup, group, user].map((c) => sub(c.id)))).every(
          (s) => s?.pausedReason,
        ),
      "three pauses",
    );
    expect((await sub(supergroup.id))?.pausedReason).toBe(
      "bot was kicked from the supergroup chat",
    );
    expect((await sub(group.id))?.pausedReason).toBe("bot was removed from the group chat");
    expect((await sub(user.id))?.pausedReason).toBe("bot was blocked by the user");

    fake.botStatus(supergroup, "administrator", "kicked");
    fake.botStatus(user, "member", "kicked");
    await until(
      async () =>
        (await sub(supergroup.id))?.pausedReason === null &&
        (await sub(user.id))?.pausedReason === null,
      "two resumes",
    );
    expect((await sub(group.id))?.pausedReason).toBe("bot was removed from the group chat");
  });
});

describe("leaveReason", () => {
  it("words each way of losing a chat like the Bot API's own errors", async () => {
    expect(leaveReason("private", "kicked")).toBe("bot was blocked by the user");
    expect(leaveReason("group", "kicked")).toBe("bot was kicked from the group chat");
    expect(leaveReason("supergroup", "left")).toBe("bot was removed from the supergroup chat");
    expect(leaveReason("channel", "left")).toBe("bot was removed from the channel");
  });
});
