import { describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.ts";
import { runCommand } from "../../../commands/registry.ts";
import {
  escapeHtml,
  MESSAGE_MAX,
  renderTelegram,
  visibleLength,
} from "../../../src/adapters/telegram/render.ts";
import { StoryLibrary } from "../../../src/core/library.ts";
import { LOCALES } from "../../../src/core/locale.ts";
import type { Reply } from "../../../src/core/reply.ts";
import { parseTelegramHtml } from "../../fakes/telegram/html.ts";
import { DATA_DIR } from "../../support/paths.ts";

const context = { library: StoryLibrary.fromDir(DATA_DIR), commands };
const hostile = `<b>&amp; "x" @everyone ${"é&<".repeat(3_400)}`;
const invocations: [string, string][] = [
  ...commands.map((c) => [c.name, ""] as [string, string]),
  ["summary", "long"],
  ["quote", "Loukachenko"],
  ["quote", "Poutine"],
  ["quote", hostile],
  ["nosuchcommand", ""],
];

/** Each message parses as Telegram would and fits its limit. */
function expectValid(messages: string[]): string {
  expect(messages.length).toBeGreaterThan(0);
  return messages
    .map((html) => {
      const { text } = parseTelegramHtml(html);
      expect(text.length).toBeLessThanOrEqual(MESSAGE_MAX);
      expect(visibleLength(html)).toBe(text.length);
      return text;
    })
    .join("\n");
}

describe("the Telegram renderer", () => {
  for (const locale of LOCALES)
    it.each(invocations)(`renders /%s %#in ${locale} as valid HTML within limits`, (name, arg) => {
      const text = expectValid(renderTelegram(runCommand(context, name, arg, locale)));
      expect(text.length).toBeGreaterThan(10);
    });

  it("escapes every piece of text, data and user input alike", () => {
    const reply: Reply = {
      status: "ok",
      title: "<b>Title & co</b>",
      blocks: [
        { type: "text", text: 'a < b > c & "d"' },
        { type: "list", items: ["<i>x</i>"] },
        { type: "fields", fields: [{ name: "</b>", value: "&lt;" }] },
      ],
      footer: "<a href=x>",
    };
    const [html] = renderTelegram(reply);
    const { text, entities } = parseTelegramHtml(html as string);
    expect(text).toContain("<b>Title & co</b>");
    expect(text).toContain('a < b > c & "d"');
    expect(text).toContain("• <i>x</i>");
    expect(text).toContain("&lt;");
    expect(text).toContain("<a href=x>");
    expect(entities.map((e) => e.type)).not.toContain("text_link");
  });

  it("keeps @names from becoming mentions", () => {
    const [html] = renderTelegram({
      status: "ok",
      title: "t",
      blocks: [{ type: "text", text: "@alice" }],
    });
    expect(parseTelegramHtml(html as string).text).not.toMatch(/@alice/);
    expect(parseTelegramHtml(html as string).text).toContain("alice");
  });

  it("shows the French quote verbatim in a blockquote and labels the English translation", () => {
    const [html] = renderTelegram(runCommand(context, "quote", "Loukachenko", "en"));
    const quote = context.library.default.quotesBy("lukashenko")[0];
    const { text, entities } = parseTelegramHtml(html as string);
    expect(text).toContain(quote?.text);
    expect(text).toContain("Translation (ours, not the article’s)");
    expect(text).toContain(quote?.translation.en);
    const quoted = entities
      .filter((e) => e.type === "blockquote")
      .map((e) => text.substr(e.offset, e.length));
    expect(quoted[0]).toContain(quote?.text);
  });

  it("splits a 20,000-character reply into valid parts that together keep all the text", () => {
    const sentence = (i: number) => `Phrase ${i} avec <balises> & « guillemets » @someone. `;
    const long = Array.from({ length: 400 }, (_, i) => sentence(i)).join("");
    const reply: Reply = {
      status: "ok",
      title: "Long",
      blocks: [
        { type: "text", text: long },
        {
          type: "list",
          items: Array.from({ length: 60 }, (_, i) => `item ${i} ${"x".repeat(50)}`),
        },
        { type: "text", text: "y".repeat(9_000) },
      ],
      footer: "Source",
    };
    expect(long.length).toBeGreaterThan(20_000);
    const parts = renderTelegram(reply);
    expect(parts.length).toBeGreaterThanOrEqual(8);
    const all = expectValid(parts);
    const squash = (s: string) => s.replace(/[\s\u2060]/g, "");
    expect(squash(all)).toBe(
      squash(
        [
          "Long",
          long,
          ...reply.blocks
            .slice(1)
            .flatMap((b) =>
              "items" in b ? b.items.map((i) => `• ${i}`) : "text" in b ? [b.text] : [],
            ),
          "Source",
        ].join(""),
      ),
    );
    // Sentences are split between sentences, never inside one.
    for (const p of parts.slice(0, 4)) expect(parseTelegramHtml(p).text.trimEnd()).toMatch(/\.$/);
  });
});

it("escapeHtml escapes the four characters Telegram needs", () => {
  expect(escapeHtml(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;'");
});
