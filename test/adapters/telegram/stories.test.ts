import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../../fakes/telegram/server.ts";
import { FIXTURE_STORY, twoStoryLibrary } from "../../support/stories.ts";
import { buttons, english, nextMessages, privateChat, type Running, startBot } from "./harness.ts";

describe("a second story on Telegram: buttons keep the story chosen", () => {
  const fake = new FakeTelegram();
  let bot: Running;
  const chat = privateChat(english.id);
  const ask = (text: string) =>
    nextMessages(fake, chat.id, () => fake.sendText(chat, english, text));
  const press = (data: string, text: string | undefined) =>
    nextMessages(fake, chat.id, () => {
      const message = { message_id: 7, chat: { id: chat.id, type: "private" }, date: 0, text };
      fake.pressButton(message, english, data);
    });

  beforeAll(async () => {
    await fake.start();
    bot = await startBot(fake, { library: twoStoryLibrary() });
  });
  afterAll(async () => {
    await bot.service.stop();
    await fake.stop();
  });

  it("GIVEN /quote story:<fixture> alone THEN its speaker buttons run /quote in that story, and a press answers from it", async () => {
    const [prompt] = await ask(`/quote story:${FIXTURE_STORY}`);
    expect(buttons(prompt as never)).toEqual([["Ada Testa", `quote:testa story:${FIXTURE_STORY}`]]);
    // The list shows the very command the button runs.
    expect(prompt?.params.text).toContain(`/quote testa story:${FIXTURE_STORY}`);
    const [answer] = await press(`quote:testa story:${FIXTURE_STORY}`, prompt?.params.text);
    expect(answer?.params.text).toContain("Ceci est une citation de test.");
    expect(buttons(answer as never).map(([, data]) => data)).toEqual([
      `quote:testa card:on story:${FIXTURE_STORY}`,
    ]);
  });

  it("GIVEN /summary story:<fixture> THEN the full-story button runs in that story", async () => {
    const [short] = await ask(`/summary story:${FIXTURE_STORY}`);
    expect(buttons(short as never)).toEqual([["The story", `summary:long story:${FIXTURE_STORY}`]]);
    const [long] = await press(`summary:long story:${FIXTURE_STORY}`, short?.params.text);
    expect(long?.params.text).toContain("It describes no real event.");
  });

  it("GIVEN no story named THEN the buttons are as before: the newest story, no story word", async () => {
    const [prompt] = await ask("/quote");
    expect(buttons(prompt as never).map(([, data]) => data)).toEqual([
      "quote:tokayev",
      "quote:lukashenko",
    ]);
  });
});
