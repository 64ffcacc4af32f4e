import { describe, expect, it } from "vitest";
import { HtmlParseError, parseTelegramHtml } from "./html.ts";

describe("the fake's Telegram HTML parser", () => {
  it("reads allowed tags and the four named entities into text and entities", () => {
    const parsed = parseTelegramHtml(
      '<b>a &amp; b</b> &lt;i&gt; <a href="https://x.org/?a=1&amp;b=2">l</a>',
    );
    expect(parsed.text).toBe("a & b <i> l");
    expect(parsed.entities).toEqual([
      { type: "bold", offset: 0, length: 5 },
      { type: "text_link", offset: 10, length: 1, url: "https://x.org/?a=1&b=2" },
    ]);
  });

  it("accepts numeric entities and blockquotes", () => {
    expect(parseTelegramHtml("<blockquote>&#171; x &#x263A;</blockquote>").text).toBe("« x ☺");
  });

  it.each([
    ["an unknown tag", "<div>x</div>"],
    ["an unescaped <", "a < b"],
    ["an unescaped &", "Q&A"],
    ["an unescaped >", "a > b"],
    ["a named entity Telegram does not know", "&nbsp;"],
    ["a tag left open", "<b>bold"],
    ["crossed tags", "<b><i>x</b></i>"],
    ["a link without href", "<a>x</a>"],
    ["a nested blockquote", "<blockquote><blockquote>x</blockquote></blockquote>"],
    ["a tag inside code", "<code><b>x</b></code>"],
  ])("rejects %s", (_, html) => {
    expect(() => parseTelegramHtml(html)).toThrow(HtmlParseError);
  });
});
