import { describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { runCommand } from "../../commands/registry.ts";
import { LOCALES } from "../../src/core/locale.ts";
import type { QuoteBlock } from "../../src/core/reply.ts";
import { commandContext, replyText } from "../support/context.ts";

const context = commandContext();
const story = context.library.default;
const tokayevQuote = story.data.quotes.find((q) => q.speaker === "tokayev");
const lukashenkoQuote = story.data.quotes.find((q) => q.speaker === "lukashenko");
if (!tokayevQuote || !lukashenkoQuote) throw new Error("the story lost its quotes");

describe("every command in every language", () => {
  const cases = commands.flatMap((c) => LOCALES.map((l) => [c.name, l] as const));
  it.each(cases)(
    "GIVEN /%s in %s THEN it answers with a titled reply and no exception",
    (name, locale) => {
      const reply = runCommand(context, name, "", locale);
      expect(reply.title.length).toBeGreaterThan(0);
      expect(reply.blocks.length).toBeGreaterThan(0);
      for (const b of reply.blocks) expect(JSON.stringify(b)).not.toContain('""');
    },
  );

  it.each(LOCALES)("GIVEN the %s help THEN it lists every command", (locale) => {
    const text = replyText(runCommand(context, "help", "", locale));
    for (const c of commands) expect(text).toContain(`/${c.name}`);
  });
});

describe("/summary", () => {
  it("GIVEN French THEN the short summary is the French one, with the source line", () => {
    const reply = runCommand(context, "summary", "", "fr");
    const text = replyText(reply);
    expect(text).toContain(story.data.summary.short.fr);
    expect(text).toContain("mercredi 23 novembre 2022");
    // The text has no title line: the source line names no title.
    expect(reply.footer).toBe("Source : article en français, novembre 2022");
  });

  it("GIVEN English and the long option THEN the long English summary is served", () => {
    const text = replyText(runCommand(context, "summary", "long", "en"));
    expect(text).toContain("Wednesday 23 November 2022");
    expect(text).toContain((story.data.summary.long.en ?? "").split("\n\n")[2]);
  });
});

describe("/quote", () => {
  it("GIVEN French and Loukachenko THEN the verbatim quote comes without a translation", () => {
    const reply = runCommand(context, "quote", "Loukachenko", "fr");
    const block = reply.blocks.find((b) => b.type === "quote") as QuoteBlock;
    expect(block.text).toBe(lukashenkoQuote.text);
    expect(block.translation).toBeUndefined();
    expect(block.speaker).toBe("Alexandre Loukachenko");
    expect(reply.status).toBe("ok");
  });

  it("GIVEN English and Лукашенко THEN the verbatim French quote comes with our labelled translation", () => {
    const reply = runCommand(context, "quote", "Лукашенко", "en");
    const block = reply.blocks.find((b) => b.type === "quote") as QuoteBlock;
    expect(block.text).toBe(lukashenkoQuote.text);
    expect(block.translation?.text).toBe(lukashenkoQuote.translation.en);
    expect(block.translation?.label).toMatch(/ours/);
    expect(block.speaker).toBe("Alexander Lukashenko");
  });

  it("GIVEN a typo THEN the reply says whom it understood", () => {
    const text = replyText(runCommand(context, "quote", "Loukashenko", "en"));
    expect(text).toContain("we think you mean Alexander Lukashenko");
    expect(text).toContain(lukashenkoQuote.text);
  });

  it.each(["fr", "en"] as const)(
    "GIVEN Poutine in %s THEN the reply says he is not quoted and lists who is",
    (locale) => {
      const reply = runCommand(context, "quote", "Poutine", locale);
      expect(reply.status).toBe("user-error");
      const text = replyText(reply);
      expect(text).toMatch(locale === "fr" ? /n’est pas cité/ : /is not quoted/);
      expect(text).toContain(locale === "fr" ? "Kassym-Jomart Tokaïev" : "Kassym-Jomart Tokayev");
      expect(reply.actions?.map((a) => a.argument)).toEqual(["tokayev", "lukashenko"]);
    },
  );

  it("GIVEN an unknown name THEN the reply echoes it shortened and lists who is quoted", () => {
    const reply = runCommand(context, "quote", `@everyone <b>${"x".repeat(10_000)}`, "en");
    expect(reply.status).toBe("user-error");
    const text = replyText(reply);
    expect(text.length).toBeLessThan(1500);
    expect(text).toContain("“@everyone <b>xxx");
    expect(text).toContain("People quoted:");
  });

  it("GIVEN no speaker THEN the reply asks for one and offers the quoted speakers", () => {
    const reply = runCommand(context, "quote", "", "fr");
    expect(reply.status).toBe("user-error");
    expect(reply.actions?.map((a) => a.command)).toEqual(["quote", "quote"]);
  });

  it("GIVEN Kazakhstan THEN the Kazakh president's quote is served", () => {
    const block = runCommand(context, "quote", "Kazakhstan", "en").blocks.find(
      (b) => b.type === "quote",
    ) as QuoteBlock;
    expect(block.text).toBe(tokayevQuote.text);
  });
});

describe("/members, /outcome, /context, /source, /quotes", () => {
  it.each(["fr", "en"] as const)(
    "GIVEN /members in %s THEN six states come with flags and roles",
    (locale) => {
      const reply = runCommand(context, "members", "", locale);
      const fields = reply.blocks.flatMap((b) => (b.type === "fields" ? b.fields : []));
      expect(fields).toHaveLength(6);
      expect(fields.map((f) => f.name)).toContain(locale === "fr" ? "🇦🇲 Arménie" : "🇦🇲 Armenia");
      expect(reply.title).toContain(locale === "fr" ? "OTSC" : "CSTO");
    },
  );

  it("GIVEN /outcome THEN it says the final document was not adopted because of Armenia", () => {
    expect(replyText(runCommand(context, "outcome", "", "en"))).toMatch(
      /not adopted, because Armenia blocked it/,
    );
    expect(replyText(runCommand(context, "outcome", "", "fr"))).toMatch(
      /n’a pas été adopté, du fait du blocage de l’Arménie/,
    );
  });

  it("GIVEN /context THEN it names the G20 in Bali and the reason Putin gave", () => {
    expect(replyText(runCommand(context, "context", "", "en"))).toMatch(
      /G20.*Bali.*safety was not guaranteed/,
    );
  });

  it("GIVEN /source THEN it names the article and says the publisher is unknown", () => {
    const text = replyText(runCommand(context, "source", "", "en"));
    expect(text).toContain("Vladimir Poutine esseulé par ses alliés?");
    expect(text).toContain("not named");
    expect(text).toContain("2 quotes");
  });

  it("GIVEN /quotes in English THEN every quote comes, each with its translation", () => {
    const blocks = runCommand(context, "quotes", "", "en").blocks.filter((b) => b.type === "quote");
    expect(blocks.map((b) => (b as QuoteBlock).text)).toEqual(story.data.quotes.map((q) => q.text));
    expect(blocks.every((b) => (b as QuoteBlock).translation)).toBe(true);
  });

  it("GIVEN an unknown command THEN the help comes back as a user error", () => {
    const reply = runCommand(context, "nope", "", "en");
    expect(reply.status).toBe("user-error");
    expect(replyText(reply)).toContain("“/nope” is not a command");
    expect(replyText(reply)).toContain("/summary");
  });
});

describe("what a new reader types", () => {
  it("GIVEN /summary longue (the French choice name) THEN it is the long summary", () => {
    const long = replyText(runCommand(context, "summary", "long", "fr"));
    expect(replyText(runCommand(context, "summary", "longue", "fr"))).toBe(long);
    expect(replyText(runCommand(context, "summary", "court", "fr"))).toBe(
      replyText(runCommand(context, "summary", "", "fr")),
    );
  });

  it("GIVEN /summary with an unknown length THEN it says which lengths are accepted", () => {
    const reply = runCommand(context, "summary", "moyen", "fr");
    expect(reply.status).toBe("user-error");
    expect(replyText(reply)).toContain("/summary court (par défaut) ou /summary long");
  });

  it("GIVEN /quote 🇰🇿 (the flag /members shows) THEN it finds Tokayev", () => {
    const reply = runCommand(context, "quote", "🇰🇿", "en");
    expect(reply.status).toBe("ok");
    expect(replyText(reply)).toContain(tokayevQuote.text);
  });
});
