import { describe, expect, it } from "vitest";
import { StoryLibrary } from "../src/core/library.ts";
import type { Reply } from "../src/core/reply.ts";
import { MEMO_ENTRIES, ReplyMemo } from "../src/reply-memo.ts";
import { commandContext } from "./support/context.ts";
import { DATA_DIR } from "./support/paths.ts";

const answer = (title: string) => ({
  reply: {
    status: "ok",
    title,
    blocks: [{ type: "list", items: ["a", "b"] }],
    actions: [{ label: "x", command: "quote" }],
  } satisfies Reply,
  options: { private: false },
});

describe("ReplyMemo", () => {
  it("GIVEN a remembered answer THEN the same key gives it back, frozen all the way down", () => {
    const memo = new ReplyMemo();
    const context = commandContext();
    const stored = memo.set(context, "en\u0000quote\u0000tLoukachenko", answer("one"));
    expect(memo.get(context, "en\u0000quote\u0000tLoukachenko")).toBe(stored);
    expect(memo.get(context, "fr\u0000quote\u0000tLoukachenko")).toBeUndefined();
    expect(Object.isFrozen(stored.reply)).toBe(true);
    expect(Object.isFrozen(stored.reply.blocks[0])).toBe(true);
    expect(Object.isFrozen(stored.reply.actions?.[0])).toBe(true);
    expect(() => (stored.reply.blocks as unknown[]).push({})).toThrow(TypeError);
  });

  it("GIVEN a new library (a live reload) THEN nothing remembered for the old one is served", () => {
    const memo = new ReplyMemo();
    const context = commandContext();
    memo.set(context, "k", answer("old story"));
    const reloaded = { ...context, library: StoryLibrary.fromDir(DATA_DIR) };
    expect(memo.get(reloaded, "k")).toBeUndefined();
    // Another command list (another process context) has its own memo too.
    expect(memo.get({ ...context, commands: [...context.commands] }, "k")).toBeUndefined();
    expect(memo.get(context, "k")?.reply.title).toBe("old story");
  });

  it("GIVEN more distinct requests than it holds THEN the oldest go and the size stays bounded", () => {
    const memo = new ReplyMemo();
    const context = commandContext();
    for (let i = 0; i < MEMO_ENTRIES + 10; i++) memo.set(context, `made-up ${i}`, answer(`${i}`));
    expect(memo.get(context, "made-up 0")).toBeUndefined();
    expect(memo.get(context, "made-up 9")).toBeUndefined();
    expect(memo.get(context, "made-up 10")?.reply.title).toBe("10");
    expect(memo.get(context, `made-up ${MEMO_ENTRIES + 9}`)?.reply.title).toBe(
      `${MEMO_ENTRIES + 9}`,
    );
  });

  it("GIVEN a very long key (long typed text) THEN the answer is not remembered", () => {
    const memo = new ReplyMemo();
    const context = commandContext();
    const key = `en\u0000quote\u0000t${"x".repeat(600)}`;
    const given = answer("long");
    expect(memo.set(context, key, given)).toBe(given);
    expect(memo.get(context, key)).toBeUndefined();
  });
});
