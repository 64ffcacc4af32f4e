import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { callOf, readText, runCommand } from "../../commands/registry.ts";
import { commandsFor } from "../../commands/story.ts";
import type { CommandContext } from "../../commands/types.ts";
import { serveLine } from "../../src/adapters/console/invocation.ts";
import { toDiscordCommands } from "../../src/adapters/discord/commands.ts";
import { StoryLibrary } from "../../src/core/library.ts";
import { createLogger } from "../../src/log.ts";
import { replyText } from "../support/context.ts";
import { DATA_DIR, ROOT } from "../support/paths.ts";

/** data/ and the small fixture story of test/fixtures/stories, in one folder. */
function twoStories(): CommandContext {
  const dir = mkdtempSync(join(tmpdir(), "summit-stories-"));
  cpSync(DATA_DIR, dir, { recursive: true });
  cpSync(join(ROOT, "test", "fixtures", "stories"), dir, { recursive: true });
  const library = StoryLibrary.fromDir(dir);
  return { library, commands: commandsFor(commands, library) };
}

const FIXTURE = "test-fixture-meeting";

describe("stories are addressable once there are several", () => {
  const context = twoStories();

  it("GIVEN one story THEN the commands are as defined, with no story option and no /stories", () => {
    const one = StoryLibrary.fromDir(DATA_DIR);
    expect(commandsFor(commands, one)).toBe(commands);
  });

  it("GIVEN two stories THEN every story command takes an optional story option, and /stories lists them", () => {
    const summary = context.commands.find((c) => c.name === "summary");
    expect(summary?.options.map((o) => [o.name, o.required])).toEqual([
      ["length", false],
      ["story", false],
    ]);
    expect(context.commands.find((c) => c.name === "digest")?.options).toEqual([]);
    const list = replyText(runCommand(context, "stories", "", "en"));
    expect(list).toContain("csto-yerevan-2022 — ");
    expect(list).toContain(`${FIXTURE} — Test story: a fictional meeting`);
  });

  it("GIVEN story:<id> after a command THEN that story answers, and the first option keeps the rest", () => {
    const quote = context.commands.find((c) => c.name === "quote");
    if (!quote) throw new Error("no /quote");
    expect(readText(quote, `Testa story:${FIXTURE}`, "en").options).toEqual({
      speaker: "Testa",
      story: FIXTURE,
    });
    expect(readText(quote, `story=${FIXTURE} Testa`, "fr").options).toEqual({
      speaker: "Testa",
      story: FIXTURE,
    });
    const reply = runCommand(context, "quote", `Testa story:${FIXTURE}`, "en");
    expect(reply.status).toBe("ok");
    expect(replyText(reply)).toContain("This is a test quote.");
    expect(replyText(runCommand(context, "summary", `story:${FIXTURE}`, "fr"))).toContain(
      "Histoire de test : une réunion fictive",
    );
    // Without the option, the newest story answers, as before.
    expect(replyText(runCommand(context, "summary", "", "en"))).not.toContain("Test story");
  });

  it("GIVEN an unknown story THEN the reader gets a user error listing the stories", () => {
    const reply = runCommand(context, "members", "story:nowhere", "en");
    expect(reply.status).toBe("user-error");
    expect(replyText(reply)).toContain("No story has the id “nowhere”");
    expect(replyText(reply)).toContain(FIXTURE);
  });

  it("GIVEN the console THEN /summary story:<id> is served through serve like any command", async () => {
    const printed: string[] = [];
    const log = createLogger({ level: "silent", pretty: false });
    const served = await serveLine(`/summary story:${FIXTURE}`, "en", { context, log }, (t) =>
      printed.push(t),
    );
    expect(served.outcome).toBe("ok");
    expect(printed.join("\n")).toContain("Test story: a fictional meeting");
  });

  it("GIVEN Discord THEN the story option completes from the library", () => {
    const summary = toDiscordCommands(context.commands).find((c) => c.name === "summary");
    expect(summary?.options?.[1]).toMatchObject({ name: "story", autocomplete: true });
    const story = context.commands
      .find((c) => c.name === "summary")
      ?.options.find((o) => o.name === "story");
    expect(story?.complete?.("fictional", "en", context)).toEqual([
      { name: "Test story: a fictional meeting (2020-01-15)", value: FIXTURE },
    ]);
  });

  it("GIVEN a story chosen THEN every follow-up of the answer names it, and reads back as the same options", () => {
    const quote = context.commands.find((c) => c.name === "quote");
    if (!quote) throw new Error("no /quote");
    const call = callOf(quote, { speaker: "testa", card: "on", story: FIXTURE });
    expect(call).toEqual({ command: "quote", argument: `testa card:on story:${FIXTURE}` });
    expect(readText(quote, call.argument, "en").options).toEqual({
      speaker: "testa",
      card: "on",
      story: FIXTURE,
    });
    const listed = runCommand(context, "quote", `story:${FIXTURE}`, "en");
    expect(listed.actions).toEqual([
      { label: "Ada Testa", command: "quote", argument: `testa story:${FIXTURE}` },
    ]);
    expect(runCommand(context, "summary", `story:${FIXTURE}`, "en").actions).toEqual([
      { label: "The story", command: "summary", argument: `long story:${FIXTURE}` },
    ]);
    // The newest story by default: no story word, as before there were several.
    expect(runCommand(context, "summary", "", "en").actions).toEqual([
      { label: "The story", command: "summary", argument: "long" },
    ]);
  });

  it("GIVEN /quote's speaker suggestions THEN they come from the story filled in beside it", () => {
    const speaker = context.commands
      .find((c) => c.name === "quote")
      ?.options.find((o) => o.name === "speaker");
    const values = (options?: Record<string, string>) =>
      speaker?.complete?.("", "en", context, options).map((c) => c.value);
    expect(values({ story: FIXTURE })).toEqual(["testa"]);
    expect(values()).not.toContain("testa");
    expect(values({ story: "nowhere" })).toEqual(values());
  });
});
