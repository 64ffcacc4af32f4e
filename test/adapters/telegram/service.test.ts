import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import type { createSender } from "../../../src/adapters/telegram/sender.ts";
import { StoryLibrary } from "../../../src/core/library.ts";
import { FakeTelegram } from "../../fakes/telegram/server.ts";
import { DATA_DIR } from "../../support/paths.ts";
import { BIDI_CONTROLS } from "../../support/text.ts";
import { waitFor } from "../../support/wait.ts";
import {
  buttons,
  english,
  french,
  nextMessages,
  privateChat,
  type Running,
  startBot,
} from "./harness.ts";

const story = StoryLibrary.fromDir(DATA_DIR).default;
const lukashenkoQuote = story.quotesBy("lukashenko")[0];
const tokayevQuote = story.quotesBy("tokayev")[0];

describe("the Telegram bot, end to end against a fake Bot API", () => {
  const fake = new FakeTelegram();
  let bot: Running;
  const chat = privateChat(english.id);
  const ask = (text: string, from = english, count = 1) =>
    nextMessages(fake, chat.id, () => fake.sendText({ ...chat, id: from.id }, from, text), count);
  const askFr = (text: string) =>
    nextMessages(fake, french.id, () => fake.sendText(privateChat(french.id), french, text));

  beforeAll(async () => {
    await fake.start();
    bot = await startBot(fake, {
      extraCommands: [
        {
          name: "boom",
          description: { fr: "Échoue", en: "Fails", ru: "Сбой" },
          options: [],
          run: () => {
            throw new Error("kaboom");
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await bot.service.stop();
    await fake.stop();
  });

  it("sets the command menu in French for fr and in English by default", async () => {
    expect(fake.callsTo("deleteWebhook")).toHaveLength(1);
    const byDefault = await fake.waitForCall("setMyCommands", (p) => !p.language_code);
    const inFrench = await fake.waitForCall("setMyCommands", (p) => p.language_code === "fr");
    expect(byDefault.params.commands.map((c: { command: string }) => c.command)).toEqual(
      expect.arrayContaining(commands.map((c) => c.name)),
    );
    expect(byDefault.params.commands[0].description).toBe(commands[0]?.description.en);
    expect(inFrench.params.commands[0].description).toBe(commands[0]?.description.fr);
    expect(bot.service.isReady()).toBe(true);
  });

  it("answers /summary with the headline, the source and a button for the full story", async () => {
    const [reply] = await ask("/summary");
    expect(reply?.text).toContain(story.data.headline.en);
    expect(reply?.entities.some((e) => e.type === "bold")).toBe(true);
    expect(buttons(reply as never)).toEqual([["The story", "summary:long"]]);
    // Recorded once Telegram answered the send, a moment after the fake saw it: wait for it.
    const counted = await waitFor("/summary counted", async () =>
      (await bot.metrics.commands.get()).values.find((v) => v.labels.command === "summary"),
    );
    expect(counted.labels).toMatchObject({ platform: "telegram", outcome: "ok" });
  });

  it("answers /quote Loukachenko with the verbatim French quote and a labelled English translation", async () => {
    const [reply] = await ask("/quote Loukachenko");
    const text = reply?.text ?? "";
    expect(text).toContain("Alexander Lukashenko");
    expect(text).toContain(lukashenkoQuote?.text);
    expect(text).toContain("Translation (ours, not the article’s)");
    expect(text).toContain(lukashenkoQuote?.translation.en);
    const blockquotes = (reply?.entities ?? []).filter((e) => e.type === "blockquote");
    expect(text.substr(blockquotes[0]?.offset ?? 0, blockquotes[0]?.length)).toContain(
      lukashenkoQuote?.text,
    );
  });

  it("answers /quote lukashenko in French for a French reader, without a translation", async () => {
    const [reply] = await askFr("/quote lukashenko");
    expect(reply?.text).toContain("Alexandre Loukachenko");
    expect(reply?.text).toContain(lukashenkoQuote?.text);
    expect(reply?.text).not.toContain("Traduction");
  });

  it("finds the speaker from the Cyrillic spelling /quote Лукашенко", async () => {
    const [reply] = await ask("/quote Лукашенко");
    expect(reply?.text).toContain(lukashenkoQuote?.text);
  });

  it("tells the reader that Putin is in the article but not quoted, and offers who is", async () => {
    const [reply] = await ask("/quote Poutine");
    expect(reply?.text).toContain("Vladimir Putin is not quoted");
    expect(buttons(reply as never).map(([, data]) => data)).toEqual(
      expect.arrayContaining(["quote:lukashenko", "quote:tokayev"]),
    );
  });

  it("answers /quote@BotName tokaiev in a group as a reply, and ignores commands for other bots", async () => {
    const group = { id: -100777, type: "supergroup" as const, title: "Readers" };
    const replies = await nextMessages(fake, group.id, () => {
      fake.sendText(group, english, "/quote@OtherBot tokaiev");
      fake.sendText(group, english, "/unknown");
      fake.sendText(group, english, "/quote@SummitBriefBot tokaiev");
    });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain(tokayevQuote?.text);
    expect(replies[0]?.params.reply_parameters?.message_id).toBeGreaterThan(0);
    const more = await nextMessages(fake, group.id, () =>
      fake.sendText({ ...group, type: "group", id: -100777 }, french, "/members@SummitBriefBot"),
    );
    expect(more).toHaveLength(1);
    expect(more[0]?.text).toContain("États membres");
  });

  it("offers the quoted speakers as buttons for /quote alone, and answers a press", async () => {
    const [prompt] = await ask("/quote");
    const data = buttons(prompt as never).map(([, d]) => d);
    expect(data).toEqual(["quote:tokayev", "quote:lukashenko"]);
    const message = {
      message_id: 99,
      chat: { id: chat.id, type: "private" },
      date: 0,
      text: prompt?.text,
    };
    const update = { id: "" };
    const [answer] = await nextMessages(fake, chat.id, () => {
      update.id = fake.pressButton(message, english, "quote:lukashenko").callback_query.id;
    });
    expect(answer?.text).toContain(lukashenkoQuote?.text);
    const answered = await fake.waitForCall(
      "answerCallbackQuery",
      (p) => p.callback_query_id === update.id,
    );
    expect(answered.params.text).toBeUndefined();
  });

  it("answers a stale or garbage button press without running anything", async () => {
    const message = { message_id: 5, chat: { id: chat.id, type: "private" }, date: 0, text: "x" };
    const id = fake.pressButton(message, english, "\u0000garbage<>").callback_query.id;
    const answered = await fake.waitForCall(
      "answerCallbackQuery",
      (p) => p.callback_query_id === id,
    );
    expect(answered.params.text).toBe("This button no longer works.");
  });

  it("sets a Russian command menu for ru users", async () => {
    const inRussian = await fake.waitForCall("setMyCommands", (p) => p.language_code === "ru");
    expect(inRussian.params.commands.map((c: { description: string }) => c.description)).toEqual(
      expect.arrayContaining(commands.map((c) => c.description.ru)),
    );
  });

  it("answers a Russian reader in Russian: the summary, a quote with our labelled Russian translation, the members", async () => {
    const russian = { id: 1003, language_code: "ru" };
    const askRu = (text: string) =>
      nextMessages(fake, russian.id, () => fake.sendText(privateChat(russian.id), russian, text));
    const [summary] = await askRu("/summary");
    expect(summary?.text).toContain(story.data.headline.ru);
    expect(summary?.text).toContain("23 ноября 2022 г.");
    expect(summary?.text).toContain("Источник: статья на французском языке");
    const [quote] = await askRu("/quote Лукашенко");
    expect(quote?.text).toContain(lukashenkoQuote?.text);
    expect(quote?.text).toContain("Перевод наш, не из статьи");
    expect(quote?.text).toContain(`«${lukashenkoQuote?.translation.ru}»`);
    const [members] = await askRu("/members");
    for (const c of story.data.countries) expect(members?.text).toContain(c.name.ru);
    const [kazakh] = await askRu("/quote Казахстан");
    expect(kazakh?.text).toContain(tokayevQuote?.text);
  });

  it("answers a Russian reader's inline query in Russian", async () => {
    const russian = { id: 1004, language_code: "ru" };
    const id = fake.inlineQuery(russian, "Беларусь").inline_query.id;
    const call = await fake.waitForCall("answerInlineQuery", (p) => p.inline_query_id === id);
    const results = call.params.results as { id: string; title: string }[];
    expect(results[0]?.id).toBe("quote:lukashenko");
    expect(results[0]?.title).toContain("Лукашенко");
    expect(results.map((r) => r.title).join(" ")).toMatch(/Коротко|Саммит ОДКБ/);
  });

  it("answers /members with the six member states", async () => {
    const [reply] = await ask("/members");
    expect(reply?.text).toContain("The 6 member states");
    for (const c of story.data.countries) expect(reply?.text).toContain(c.name.en);
  });

  it("answers an inline query with matching quotes, the summary and the members, in the reader's language", async () => {
    const id = fake.inlineQuery(french, "louk").inline_query.id;
    const call = await fake.waitForCall("answerInlineQuery", (p) => p.inline_query_id === id);
    expect(call.ok).toBe(true);
    const results = call.params.results as {
      id: string;
      title: string;
      input_message_content: { message_text: string };
    }[];
    expect(results.map((r) => r.id)).toEqual(["quote:lukashenko", "summary", "members"]);
    expect(results[0]?.title).toContain("Loukachenko");
    expect(results[0]?.input_message_content.message_text).toContain("<blockquote>");
    expect(call.params.cache_time).toBe(300);
    const all = fake.inlineQuery(english, "");
    const everything = await fake.waitForCall(
      "answerInlineQuery",
      (p) => p.inline_query_id === all.inline_query.id,
    );
    expect(everything.params.results.length).toBeLessThanOrEqual(50);
    expect(everything.params.results[0].title).toContain("Quote");
  });

  it("runs the command of a deep link, and greets on a plain /start", async () => {
    const [linked] = await ask("/start quote_lukashenko");
    expect(linked?.text).toContain(lukashenkoQuote?.text);
    const [hello] = await ask("/start");
    expect(hello?.text).toMatch(/^Hello!/);
    expect(hello?.text).toContain("/quote");
  });

  it("answers hostile input with valid HTML within Telegram's limits", async () => {
    const hostile = `<b>&amp; & </b> @everyone ${"<x>&".repeat(2_500)}`;
    const [quote] = await ask(`/quote ${hostile}`);
    expect(quote?.text).toContain("<b>&amp; & </b>");
    expect(quote?.text.length).toBeLessThanOrEqual(4096);
    const [unknown] = await ask(`/nosuch${"<".repeat(10)}`);
    expect(unknown?.text).toContain("Unknown command");
    const [text] = await ask(`<i>${"&".repeat(10_000)}`);
    expect(text?.text).toContain("help");
    const rejected = fake.calls.filter((c) => c.method === "sendMessage" && c.ok === false);
    expect(rejected).toEqual([]);
  });

  it("GIVEN many distinct unknown commands THEN the metrics gain one 'unknown' series, not one per name", async () => {
    for (let i = 0; i < 30; i++) await ask(`/nosuch${i}x`);
    const { values } = await bot.metrics.commands.get();
    expect(values.filter((v) => String(v.labels.command).startsWith("nosuch"))).toEqual([]);
    expect(values.some((v) => v.labels.command === "unknown")).toBe(true);
    const names = new Set(values.map((v) => String(v.labels.command)));
    expect(names.size).toBeLessThanOrEqual(commands.length + 8);
  });

  it("GIVEN /quote with 58 x, three emoji and a bidi override THEN the answer is accepted by Telegram and carries no override", async () => {
    const [reply] = await ask(`/quote \u202E${"x".repeat(57)}😀😀😀`);
    expect(reply?.text).toMatch(/x(😀)*…/u);
    expect(reply?.text).not.toMatch(BIDI_CONTROLS);
    const refused = fake.calls.filter((c) => c.method === "sendMessage" && c.ok === false);
    expect(refused).toEqual([]);
  });

  it("GIVEN a lone surrogate in a message THEN the fake refuses it as Telegram does", async () => {
    const api = new Api(fake.token, { apiRoot: fake.apiRoot });
    await expect(api.sendMessage(english.id, "half \uD83D")).rejects.toThrow(/UTF-8/);
  });

  it("retries a 429 after the time Telegram asks, then succeeds, and counts it", async () => {
    fake.fail("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 1",
      parameters: { retry_after: 1 },
    });
    const started = Date.now();
    const [reply] = await ask("/source");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(reply?.text).toContain("Source");
    const counted = await bot.metrics.rateLimited.get();
    expect(counted.values[0]?.value).toBe(1);
  });

  it("answers an internal error with a short fixed message and logs it with the update id", async () => {
    const before = bot.logs.length;
    let updateId = 0;
    const [reply] = await nextMessages(fake, chat.id, () => {
      updateId = fake.sendText(chat, english, "/boom").update_id;
    });
    expect(reply?.text).toBe(
      "Sorry, an internal error kept us from answering. Please try again in a moment.",
    );
    const line = bot.logs.slice(before).find((l) => l.includes("command failed"));
    expect(line).toContain(`"id":${updateId}`);
    expect(line).toContain("kaboom");
    // The bot keeps serving.
    const [next] = await ask("/help");
    expect(next?.text).toContain("Summit Brief");
    expect(bot.logs.join("")).not.toContain(fake.token);
  });

  it("tells the digest scheduler when the bot joins or leaves a chat", async () => {
    const changes: unknown[] = [];
    bot.service.onMembershipChange((c) => void changes.push(c));
    const member = (status: string) => ({
      user: { id: fake.botId, is_bot: true, first_name: "Bot" },
      status,
    });
    fake.inject({
      my_chat_member: {
        chat: { id: -100555, type: "supergroup", title: "G" },
        from: { id: 1, is_bot: false, first_name: "Admin" },
        date: 0,
        old_chat_member: member("left"),
        new_chat_member: member("member"),
      },
    });
    await expect
      .poll(() => changes)
      .toEqual([{ kind: "joined", chatId: "-100555", chatType: "supergroup", status: "member" }]);
  });
});

describe("the Telegram bot's start", () => {
  const fakes: FakeTelegram[] = [];
  const bots: Running[] = [];
  const started = async (setUp: (fake: FakeTelegram) => void = () => {}) => {
    const fake = await new FakeTelegram().start();
    fakes.push(fake);
    setUp(fake);
    const bot = await startBot(fake);
    bots.push(bot);
    return { fake, bot };
  };
  afterAll(async () => {
    for (const bot of bots) await bot.service.stop();
    for (const fake of fakes) await fake.stop();
  });
  const quoteFrom = (fake: FakeTelegram) =>
    nextMessages(fake, english.id, () =>
      fake.sendText(privateChat(english.id), english, "/quote Loukachenko"),
    );

  it("GIVEN the command menu calls held THEN it serves anyway; the menu is set once they are answered", async () => {
    const { fake } = await started((f) => f.hold("setMyCommands"));
    const [reply] = await quoteFrom(fake);
    expect(reply?.text).toContain(lukashenkoQuote?.text);
    expect(fake.commands.size).toBe(0);
    // The webhook is removed before the first poll, not alongside it.
    const order = fake.calls.map((c) => c.method);
    expect(order.indexOf("deleteWebhook")).toBeGreaterThanOrEqual(0);
    expect(order.indexOf("deleteWebhook")).toBeLessThan(order.indexOf("getUpdates"));
    fake.release("setMyCommands");
    await waitFor("the three menus", () => fake.commands.size === 3);
    expect([...fake.commands.keys()].map((key) => key.split("|")[1]).sort()).toEqual([
      "",
      "fr",
      "ru",
    ]);
  });

  it("GIVEN a menu call in flight at stop THEN stop() cancels it instead of waiting, and says so", async () => {
    const { fake, bot } = await started((f) => f.hold("setMyCommands"));
    await waitFor("the menu call at the fake", () => fake.held("setMyCommands") === 1);
    await bot.service.stop();
    const lines = bot.logs.join("");
    expect(lines).toContain("command menu not set: stopping");
    expect(lines).not.toContain("the command menu calls did not end");
    expect(lines).not.toContain("setMyCommands failed");
  });

  it("GIVEN setMyCommands refused THEN the bot serves and the failure is logged", async () => {
    const { fake, bot } = await started((f) =>
      f.fail("setMyCommands", { error_code: 400, description: "Bad Request: BOT_COMMAND_INVALID" }),
    );
    const [reply] = await quoteFrom(fake);
    expect(reply?.text).toContain(lukashenkoQuote?.text);
    await waitFor("the logged failure", () =>
      bot.logs.some((l) => l.includes("setMyCommands failed")),
    );
    expect(bot.service.isReady()).toBe(true);
  });

  it("GIVEN a token Telegram refuses THEN start() fails with a clear message", async () => {
    const fake = await new FakeTelegram().start();
    fakes.push(fake);
    await expect(
      startBot(fake, { env: { TELEGRAM_BOT_TOKEN: "123456789:AAE-refusedrefusedrefusedrefused" } }),
    ).rejects.toThrow("Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized)");
  });
});

describe("the Telegram reply sender", () => {
  const fake = new FakeTelegram();
  let sender: ReturnType<typeof createSender>;
  let bot: Running;
  const reply = {
    status: "ok" as const,
    title: "Digest <today>",
    blocks: [{ type: "text" as const, text: "a & b" }],
  };

  beforeAll(async () => {
    await fake.start();
    bot = await startBot(fake);
    sender = bot.service.sender;
  });
  afterAll(async () => {
    await bot.service.stop();
    await fake.stop();
  });

  it("posts a rendered reply and returns its message id", async () => {
    const result = await sender.send("-100123", reply);
    expect(result).toEqual({ ok: true, messageId: "1" });
    expect(fake.sentTo(-100123)[0]?.text).toBe("Digest <today>\n\na & b");
  });

  it("GIVEN a remembered (frozen) reply sent twice THEN both posts are the same; a changed reply is rendered anew", async () => {
    const shared = Object.freeze({ ...reply, title: "Shared" });
    await sender.send("-100124", shared);
    await sender.send("-100124", shared);
    const other = Object.freeze({ ...reply, title: "Other" });
    await sender.send("-100124", other);
    const mutable = { ...reply, title: "Before" };
    await sender.send("-100124", mutable);
    mutable.title = "After";
    await sender.send("-100124", mutable);
    expect(fake.sentTo(-100124).map((m) => m.text.split("\n")[0])).toEqual([
      "Shared",
      "Shared",
      "Other",
      "Before",
      "After",
    ]);
  });

  it.each([
    "Forbidden: bot was kicked from the group chat",
    "Forbidden: bot was blocked by the user",
    "Forbidden: user is deactivated",
    "Forbidden: bot can't initiate conversation with a user",
  ])("reports 403 %s as permanent", async (description) => {
    fake.fail("sendMessage", { error_code: 403, description });
    expect(await sender.send("42", reply)).toEqual({
      ok: false,
      permanent: true,
      reason: description,
    });
  });

  it("reports a missing chat as permanent and an upgraded group with its new id", async () => {
    fake.fail("sendMessage", { error_code: 400, description: "Bad Request: chat not found" });
    expect(await sender.send("43", reply)).toMatchObject({ ok: false, permanent: true });
    fake.fail("sendMessage", {
      error_code: 400,
      description: "Bad Request: group chat was upgraded to a supergroup chat",
      parameters: { migrate_to_chat_id: -1001234567890 },
    });
    expect(await sender.send("-44", reply)).toMatchObject({
      ok: false,
      migratedTo: "-1001234567890",
    });
  });

  it("returns a 429's retry_after to the digest engine, counted, without retrying it itself", async () => {
    const before = fake.callsTo("sendMessage").length;
    fake.fail("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
    expect(await sender.send("46", reply)).toEqual({
      ok: false,
      permanent: false,
      reason: "Too Many Requests: retry after 7",
      retryAfterMs: 7_000,
    });
    expect(fake.callsTo("sendMessage")).toHaveLength(before + 1);
    const counted = (await bot.metrics.rateLimited.get()).values.find(
      (v) => v.labels.platform === "telegram",
    );
    expect(counted?.value).toBe(1);
  });

  it("retries a later part of a long reply itself, so the first part is never posted twice", async () => {
    const long = {
      status: "ok" as const,
      title: "Long",
      blocks: [
        { type: "text" as const, text: "a ".repeat(1_500) },
        { type: "text" as const, text: "b ".repeat(1_500) },
      ],
    };
    fake.fail(
      "sendMessage",
      {
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      },
      1,
      (p) => Number(p.chat_id) === 47 && String(p.text).includes("b b"),
    );
    const result = await sender.send("47", long);
    expect(result).toMatchObject({ ok: true });
    const calls = fake.callsTo("sendMessage").filter((c) => Number(c.params.chat_id) === 47);
    expect(calls.map((c) => c.ok)).toEqual([true, false, true]);
    expect(fake.sentTo(47)).toHaveLength(2);
    expect(result).toEqual({ ok: true, messageId: String(calls[0]?.result.message_id) });
  });

  it("reports other failures as transient", async () => {
    fake.fail("sendMessage", {
      error_code: 400,
      description: "Bad Request: message thread not found",
    });
    expect(await sender.send("45", reply)).toMatchObject({ ok: false, permanent: false });
  });
});
