import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpServer } from "../../../src/ops/http.ts";
import { FakeTelegram } from "../../fakes/telegram/server.ts";
import { english, nextMessages, privateChat, type Running, startBot } from "./harness.ts";

const SECRET = "webhook-secret-0123456789";

describe("the Telegram bot in webhook mode", () => {
  const fake = new FakeTelegram();
  const http = new HttpServer();
  let bot: Running;
  let hook = "";

  beforeAll(async () => {
    await fake.start();
    const port = await http.listen(0, "127.0.0.1");
    hook = `http://127.0.0.1:${port}/telegram/hook`;
    bot = await startBot(fake, {
      http,
      env: { TELEGRAM_WEBHOOK_URL: hook, TELEGRAM_WEBHOOK_SECRET: SECRET, HTTP_PORT: String(port) },
    });
  });
  afterAll(async () => {
    await bot.service.stop();
    await http.close();
    await fake.stop();
  });

  const post = (update: unknown, secret?: string) =>
    fetch(hook, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(secret ? { "X-Telegram-Bot-Api-Secret-Token": secret } : {}),
      },
      body: JSON.stringify(update),
    });

  it("registers the webhook with its secret and does not poll", async () => {
    expect(fake.webhook).toEqual({ url: hook, secret: SECRET });
    expect(fake.callsTo("getUpdates")).toEqual([]);
    expect(bot.service.isReady()).toBe(true);
  });

  it("refuses updates without the right secret token", async () => {
    const update = { update_id: 1, message: fake.message(privateChat(), english, "/members") };
    expect((await post(update)).status).toBe(401);
    expect((await post(update, "wrong-secret-0123456789")).status).toBe(401);
    // The 401 is answered before the update reaches the bot: nothing was sent.
    expect(fake.callsTo("sendMessage")).toEqual([]);
  });

  it("GIVEN a 2 MB body with the right secret THEN 413, and the bot gets nothing", async () => {
    const huge = JSON.stringify({ update_id: 3, padding: "x".repeat(2_000_000) });
    const res = await fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: huge,
    });
    expect(res.status).toBe(413);
  });

  it("GIVEN a 2 MB body with a wrong secret THEN 401", async () => {
    const res = await fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "nope" },
      body: "x".repeat(2_000_000),
    });
    expect(res.status).toBe(401);
  });

  it("GIVEN malformed JSON with the right secret THEN 400 and one log line", async () => {
    const before = bot.logs.filter((l) => l.includes("webhook")).length;
    const res = await fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: "{ not json",
    });
    expect(res.status).toBe(400);
    const lines = bot.logs.filter((l) => l.includes("webhook")).slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(SECRET);
  });

  it("answers updates that carry the right secret token", async () => {
    const update = { update_id: 2, message: fake.message(privateChat(), english, "/members") };
    let response: Promise<Response> | undefined;
    const [reply] = await nextMessages(fake, privateChat().id, () => {
      response = post(update, SECRET);
    });
    // Awaited here, so the request never outlives the server (afterAll closes it).
    expect((await response)?.status).toBe(200);
    expect(reply?.text).toContain("member states");
    expect(bot.logs.join("")).not.toContain(SECRET);
  });
});
