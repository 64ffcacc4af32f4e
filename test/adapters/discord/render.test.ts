import { ButtonStyle, ComponentType } from "discord.js";
import { describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import { runCommand } from "../../../commands/registry.ts";
import type { CommandContext } from "../../../commands/types.ts";
import { escapeText } from "../../../src/adapters/discord/markdown.ts";
import { decodeButton } from "../../../src/adapters/discord/paging.ts";
import { renderReply } from "../../../src/adapters/discord/render.ts";
import { StoryLibrary } from "../../../src/core/library.ts";
import { LOCALES } from "../../../src/core/locale.ts";
import type { Reply } from "../../../src/core/reply.ts";
import { DATA_DIR } from "../../support/paths.ts";
import { expectWithinLimits } from "./limits.ts";

const context: CommandContext = { library: StoryLibrary.fromDir(DATA_DIR), commands };
const HOSTILE = `@everyone **bold** <@123> # heading ${"x".repeat(10_000)}`;
const ARGUMENTS = ["", "Loukachenko", "лукашенко", "Poutine", "long", "zzz", HOSTILE];

/** Every character of a page's visible text, for "nothing was lost" checks. */
function allText(pages: ReturnType<typeof renderReply>["pages"]): string {
  return pages
    .flatMap((p) =>
      p.embeds.flatMap((e) => [
        e.description ?? "",
        ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      ]),
    )
    .join("\n");
}

describe("renderReply", () => {
  for (const command of commands)
    for (const locale of LOCALES)
      it(`keeps /${command.name} in ${locale} within every Discord limit, whatever the argument`, () => {
        for (const argument of ARGUMENTS) {
          const reply = runCommand(context, command.name, argument, locale);
          const { pages, linked } = renderReply(reply, locale, { command: command.name, argument });
          expect(pages.length).toBeGreaterThan(0);
          if (argument.length < 40) expect(linked).toBe(true);
          for (const page of pages) expectWithinLimits(page);
        }
      });

  it("keeps a synthetic huge reply within limits and loses none of its words", () => {
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`);
    const reply: Reply = {
      status: "ok",
      title: `T ${"title ".repeat(100)}`,
      blocks: [
        { type: "text", text: `${words.join(" ")}.` },
        { type: "text", text: "y".repeat(9000) },
        {
          type: "fields",
          fields: Array.from({ length: 60 }, (_, i) => ({
            name: `field${i}`,
            value: i === 7 ? "v ".repeat(1500) : `value${i}`,
          })),
        },
        { type: "list", items: Array.from({ length: 500 }, (_, i) => `item${i}`) },
        {
          type: "quote",
          speaker: "S",
          office: "O",
          text: "q ".repeat(2500),
          lang: "fr",
          marks: { open: "« ", close: " »" },
          translation: {
            label: "Translation",
            text: "t ".repeat(2500),
            marks: { open: "“", close: "”" },
          },
          where: "Paragraph 1",
        },
      ],
      footer: "f".repeat(3000),
      actions: Array.from({ length: 40 }, (_, i) => ({
        label: `L${i} ${"l".repeat(100)}`,
        command: "quote",
        argument: `p${i}`,
      })),
    };
    const { pages, linked } = renderReply(reply, "en", { command: "quotes", argument: "" });
    expect(linked).toBe(true);
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) expectWithinLimits(page);
    const text = allText(pages);
    for (const w of ["word0", "word1500", "word2999", "field59", "value59", "item499", "p39"])
      expect(text).toContain(w);
    expect(text.match(/y/g)?.length).toBe(9000);
    expect(text).toContain("f".repeat(100));
  });

  it("gives one page per quote when a reply quotes several people, linked by buttons", () => {
    const reply = runCommand(context, "quotes", "", "en");
    const { pages } = renderReply(reply, "en", { command: "quotes", argument: "" });
    expect(pages).toHaveLength(2);
    expect(pages[0]?.embeds[0]?.description).toContain("Tokayev");
    expect(pages[1]?.embeds[0]?.description).toContain("Lukashenko");
    expect(pages[0]?.embeds[0]?.footer?.text).toMatch(/Page 1\/2$/);
    const [previous, next] = pages[0]?.components[0]?.components ?? [];
    expect(previous).toMatchObject({ type: ComponentType.Button, disabled: true });
    expect(next).toMatchObject({ style: ButtonStyle.Secondary, disabled: false });
    expect(decodeButton(next && "custom_id" in next ? next.custom_id : "")).toEqual({
      kind: "page",
      command: "quotes",
      argument: "",
      locale: "en",
      page: 1,
    });
  });

  it("shows the verbatim French quote in a block quote with a labelled English translation", () => {
    const reply = runCommand(context, "quote", "Loukachenko", "en");
    const d = renderReply(reply, "en").pages[0]?.embeds[0]?.description ?? "";
    expect(d).toContain("> Si la Russie l’emporte, l’OTSC vivra.");
    expect(d).toContain("*Translation (ours, not the article’s)*\nIf Russia");
    const fr = renderReply(runCommand(context, "quote", "Loukachenko", "fr"), "fr");
    expect(fr.pages[0]?.embeds[0]?.description).not.toContain("Traduction");
  });

  it("makes actions buttons that run their command", () => {
    const reply = runCommand(context, "quote", "Poutine", "fr");
    const page = renderReply(reply, "fr", { command: "quote", argument: "Poutine" }).pages[0];
    const ids = page?.components.flatMap((r) =>
      r.components.map((b) => ("custom_id" in b ? b.custom_id : "")),
    );
    expect(ids?.map(decodeButton)).toContainEqual({
      kind: "run",
      command: "quote",
      argument: "lukashenko",
      locale: "fr",
    });
  });

  it("asks the caller to send every page when the argument is too long for a button", () => {
    const reply = runCommand(context, "quotes", "", "en");
    const { pages, linked } = renderReply(reply, "en", {
      command: "quotes",
      argument: "a".repeat(99),
    });
    expect(pages).toHaveLength(2);
    expect(linked).toBe(false);
    expect(pages[0]?.components).toHaveLength(0);
  });

  it("escapes markdown typed by a user so it shows literally", () => {
    const reply: Reply = {
      status: "user-error",
      title: "**t**",
      blocks: [{ type: "text", text: "**x** # h > q [a](http://b) `c`" }],
    };
    const e = renderReply(reply, "en").pages[0]?.embeds[0];
    expect(e?.title).toBe("\\*\\*t\\*\\*");
    expect(e?.description).toBe("\\*\\*x\\*\\* # h > q \\[a](http://b) \\`c\\`");
    expect(escapeText("# h\n> q\n- i")).toBe("\\# h\n\\> q\n\\- i");
  });
});
