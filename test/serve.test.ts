import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../commands/types.ts";
import { StoryLibrary } from "../src/core/library.ts";
import type { Locale } from "../src/core/locale.ts";
import type { Reply } from "../src/core/reply.ts";
import { createLogger } from "../src/log.ts";
import { type Invocation, serve } from "../src/serve.ts";
import { commandContext } from "./support/context.ts";
import { DATA_DIR } from "./support/paths.ts";

const log = createLogger({
  level: "silent",
  pretty: false,
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

/** Serves `/command text` as a console-like platform; gives what was handed to `reply`. */
async function ask(
  context: CommandContext,
  command: string,
  text: string,
  locale: Locale = "en",
  where: Invocation["where"] = {
    platform: "test",
    chat: "1",
    private: true,
    subscribable: false,
    missingToPost: () => [],
  },
): Promise<Reply> {
  let replied: Reply | undefined;
  await serve(
    {
      platform: "test",
      id: 1,
      where,
      who: {
        canManage: async () => true,
        refusal: () => ({ status: "user-error", title: "no", blocks: [] }),
      },
      command,
      input: { kind: "text", text },
      locale,
      reply: async (reply) => {
        replied = reply;
      },
      apologize: async () => undefined,
    },
    { context, log },
  );
  if (!replied) throw new Error("no reply");
  return replied;
}

describe("serve: answers of pure commands are remembered", () => {
  it("GIVEN the same request twice THEN both get the very same (frozen) reply", async () => {
    const context = commandContext();
    const first = await ask(context, "quote", "Loukachenko");
    const second = await ask(context, "quote", "Loukachenko");
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first.title).toContain("Lukashenko");
  });

  it("GIVEN another locale, spelling or command THEN each gets its own answer", async () => {
    const context = commandContext();
    const en = await ask(context, "quote", "Loukachenko");
    const fr = await ask(context, "quote", "Loukachenko", "fr");
    const other = await ask(context, "quote", "Lukashenko");
    const summary = await ask(context, "summary", "");
    expect(new Set([en, fr, other, summary]).size).toBe(4);
    expect(fr.title).not.toBe(en.title);
  });

  it("GIVEN a reload (a new library) THEN the next answer is built from the new library", async () => {
    const context = { ...commandContext() };
    const before = await ask(context, "members", "");
    context.library = StoryLibrary.fromDir(DATA_DIR);
    const after = await ask(context, "members", "");
    expect(after).not.toBe(before);
    expect(after).toEqual(before);
  });

  it("GIVEN a command that is not pure (/digest) THEN it is answered afresh each time", async () => {
    const context = commandContext();
    const first = await ask(context, "digest", "status");
    const second = await ask(context, "digest", "status");
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
  });
});
