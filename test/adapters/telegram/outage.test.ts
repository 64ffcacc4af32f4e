import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../../fakes/telegram/server.ts";
import { waitFor } from "../../support/wait.ts";
import { type Running, startBot } from "./harness.ts";

describe("GIVEN Telegram cannot be reached for a while", () => {
  const fake = new FakeTelegram();
  let bot: Running;
  beforeAll(async () => {
    await fake.start();
    bot = await startBot(fake);
  });
  afterAll(async () => {
    await bot.service.stop();
    await fake.stop();
  });

  const failures = () => bot.logs.filter((l) => l.includes("telegram request failed"));

  it("THEN every failed attempt is logged with its cause (no token), readiness says why, and polling resumes", async () => {
    await waitFor("the first poll", () => fake.callsTo("getUpdates").length > 0);
    fake.refuse("getUpdates", 2);
    // The poll in flight answers when its long poll times out: wake it with an update.
    fake.sendText({ id: 5, type: "private" }, { id: 5, language_code: "en" }, "/source");
    await waitFor("two failed polls logged", () => failures().length >= 2);
    const [first, second] = failures().map((l) => JSON.parse(l));
    expect(first).toMatchObject({ method: "getUpdates", attempt: 1, cause: "ECONNRESET" });
    expect(second).toMatchObject({ method: "getUpdates", attempt: 2 });
    // The back-off is bounded: a few seconds, not up to an hour.
    expect(second.retryInMs).toBeLessThanOrEqual(60_000);
    expect(failures().join("")).not.toContain(fake.token);
    // Polling resumes on its own, and readiness with it.
    await waitFor("polling again", () =>
      bot.logs.some((l) => l.includes("telegram reachable again")),
    );
    await waitFor(
      "ready again",
      () => bot.service.isReady() && bot.service.problem?.() === undefined,
    );
  });

  it("THEN while it fails, the service is not ready and says why", async () => {
    fake.refuse("getUpdates", 2);
    fake.sendText({ id: 6, type: "private" }, { id: 6, language_code: "en" }, "/source");
    await waitFor(
      "not ready with a reason",
      () => !bot.service.isReady() && bot.service.problem?.(),
    );
    expect(bot.service.problem?.()).toMatch(/ECONNRESET/);
    await waitFor("ready again", () => bot.service.isReady());
  });
});
