import { Api, Context } from "grammy";
import type { Chat, Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import { commandNames, decodeUpdate } from "../../../src/adapters/telegram/decode.ts";

const me = { id: 42, is_bot: true, first_name: "Bot", username: "SummitBot" } as UserFromGetMe;
const names = commandNames(commands);
const privateChat: Chat.PrivateChat = { id: 1, type: "private", first_name: "A" };
const group: Chat.SupergroupChat = { id: -100, type: "supergroup", title: "G" };
const from = { id: 1, is_bot: false, first_name: "A" };

/** Decodes an update given by its parts (typed loosely: test messages carry only what matters). */
const decode = (parts: Partial<Record<keyof Update, unknown>>) =>
  decodeUpdate(new Context({ update_id: 1, ...parts } as Update, new Api("1:x"), me), names);

/** A text message; its first word is a command entity when it starts with "/" (or at `at`). */
function message(text: string, chat: Chat = privateChat, at = text.startsWith("/") ? 0 : -1) {
  const length = text.slice(Math.max(at, 0)).split(" ")[0]?.length ?? 0;
  return {
    message_id: 1,
    date: 0,
    chat,
    from,
    text,
    ...(at >= 0 ? { entities: [{ type: "bot_command" as const, offset: at, length }] } : {}),
  };
}

describe("decodeUpdate: commands, as grammY's command() filter matches them", () => {
  it.each([
    ["/quote Loukachenko", "quote", "Loukachenko", true],
    ["/quote@SummitBot tokaiev", "quote", "tokaiev", true],
    ["/quote@summitbot   tokaiev ", "quote", "tokaiev ", true],
    ["/summary", "summary", "", true],
    ["/help@SummitBot", "help", "", true],
    ["/digest subscribe 08:00", "digest", "subscribe 08:00", false],
  ])("GIVEN %s THEN the command %s with %j (pure: %s)", (text, name, argument, pure) => {
    expect(decode({ message: message(text, group) })).toEqual({
      kind: "command",
      name,
      text: argument,
      pure,
    });
  });

  it("GIVEN a command for another bot THEN nothing, in a group and in a private chat", () => {
    expect(decode({ message: message("/quote@OtherBot tokaiev", group) })).toEqual({
      kind: "none",
    });
    expect(decode({ message: message("/quote@OtherBot tokaiev") })).toEqual({ kind: "none" });
  });

  it("GIVEN /start, with or without a deep link or our name THEN the start route with its payload", () => {
    expect(decode({ message: message("/start quote_lukashenko") })).toEqual({
      kind: "start",
      payload: "quote_lukashenko",
    });
    expect(decode({ message: message("/start@SummitBot", group) })).toEqual({
      kind: "start",
      payload: "",
    });
  });

  it("GIVEN a command we do not serve THEN stray (lower case) in a private chat or when addressed to us; else nothing", () => {
    expect(decode({ message: message("/Quote x") })).toEqual({ kind: "stray", name: "quote" });
    expect(decode({ message: message("/nothing@SummitBot", group) })).toEqual({
      kind: "stray",
      name: "nothing",
    });
    expect(decode({ message: message("/nothing", group) })).toEqual({ kind: "none" });
  });

  it("GIVEN a command in a channel post THEN it is served; other channel posts are not", () => {
    const channel: Chat.ChannelChat = { id: -200, type: "channel", title: "C" };
    expect(decode({ channel_post: message("/summary", channel) })).toMatchObject({
      kind: "command",
      name: "summary",
    });
    expect(decode({ channel_post: message("hello", channel) })).toEqual({ kind: "none" });
  });
});

describe("decodeUpdate: what is not a command", () => {
  it("GIVEN plain text THEN the help in a private chat, nothing in a group", () => {
    expect(decode({ message: message("hello") })).toEqual({ kind: "help" });
    expect(decode({ message: message("hello", group) })).toEqual({ kind: "none" });
  });

  it("GIVEN a command entity past the start of a private text THEN nothing (not the help)", () => {
    expect(decode({ message: message("hello /quote", privateChat, 6) })).toEqual({ kind: "none" });
  });

  it("GIVEN a button press THEN its data; a press without data THEN none to decode", () => {
    const query = { id: "q", from, chat_instance: "c" };
    expect(decode({ callback_query: { ...query, data: "quote:tokayev" } })).toEqual({
      kind: "button",
      data: "quote:tokayev",
    });
    expect(decode({ callback_query: { ...query, game_short_name: "g" } })).toEqual({
      kind: "button",
      data: undefined,
    });
  });

  it("GIVEN an inline query THEN inline", () => {
    expect(decode({ inline_query: { id: "i", from, query: "louk", offset: "" } })).toEqual({
      kind: "inline",
    });
  });

  it("GIVEN the bot added, kicked or moved with a group THEN the membership change", () => {
    const member = (status: "member" | "kicked") => ({
      my_chat_member: {
        chat: group,
        from,
        date: 0,
        old_chat_member: { status: "left" as const, user: me },
        new_chat_member:
          status === "member"
            ? { status: "member" as const, user: me }
            : { status: "kicked" as const, user: me, until_date: 0 },
      },
    });
    expect(decode(member("member"))).toEqual({
      kind: "membership",
      change: { kind: "joined", chatId: "-100", chatType: "supergroup", status: "member" },
    });
    expect(decode(member("kicked"))).toMatchObject({ change: { kind: "left", status: "kicked" } });
    const old: Chat.GroupChat = { id: -5, type: "group", title: "G" };
    expect(
      decode({ message: { message_id: 2, date: 0, chat: old, migrate_to_chat_id: -100 } }),
    ).toEqual({
      kind: "membership",
      change: { kind: "migrated", chatId: "-5", migratedTo: "-100" },
    });
    expect(
      decode({ message: { message_id: 3, date: 0, chat: group, migrate_from_chat_id: -5 } }),
    ).toEqual({
      kind: "membership",
      change: { kind: "migrated", chatId: "-5", migratedTo: "-100" },
    });
  });
});
