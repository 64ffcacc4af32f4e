import { Api, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import { commandName, runsPureCommand } from "../../../src/adapters/telegram/decode.ts";

const me = { id: 42, is_bot: true, first_name: "Bot", username: "SummitBot" } as UserFromGetMe;

/** A context for a text message, its first entity a command as long as its first word. */
function ctxOf(text: string, entity = true): Context {
  const update: Update = {
    update_id: 1,
    message: {
      message_id: 1,
      date: 0,
      chat: { id: 1, type: "private", first_name: "A" },
      from: { id: 1, is_bot: false, first_name: "A" },
      text,
      ...(entity
        ? {
            entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }],
          }
        : {}),
    },
  };
  return new Context(update, new Api("1:x"), me);
}

describe("commandName", () => {
  it.each([
    ["/quote Loukachenko", "quote"],
    ["/quote@SummitBot tokaiev", "quote"],
    ["/summary", "summary"],
    ["/help@SummitBot", "help"],
  ])("GIVEN %s THEN the command is %s", (text, name) => {
    expect(commandName(ctxOf(text))).toBe(name);
  });

  it("GIVEN a message without a command at its start THEN no name", () => {
    expect(commandName(ctxOf("hello /quote", false))).toBe("");
  });
});

describe("runsPureCommand", () => {
  it("GIVEN a story command THEN it is pure; /digest, a plain text or an unknown command are not", () => {
    expect(runsPureCommand(ctxOf("/quote Loukachenko"), commands)).toBe(true);
    expect(runsPureCommand(ctxOf("/summary@SummitBot long"), commands)).toBe(true);
    expect(runsPureCommand(ctxOf("/digest subscribe 08:00"), commands)).toBe(false);
    expect(runsPureCommand(ctxOf("/nothing"), commands)).toBe(false);
    expect(runsPureCommand(ctxOf("hello", false), commands)).toBe(false);
  });
});
