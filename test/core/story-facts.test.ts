import { describe, expect, it } from "vitest";
import { quoteCalls } from "../../commands/quote.ts";
import { runCommand } from "../../commands/registry.ts";
import * as answers from "../../src/core/answers.ts";
import { messages } from "../../src/core/messages.ts";
import type { StoryData } from "../../src/core/schema.ts";
import { commandContext, replyText } from "../support/context.ts";

/**
 * The facts of the story, pinned sentence by sentence to the seed article, so that a later
 * edit of the data or the wording cannot bring an error back. Each test reads the data in
 * every language and the answers the bot renders from it.
 */

const context = commandContext();
const story = context.library.default;
const data: StoryData = story.data;

type Lang = "fr" | "en" | "ru";
const LANGS: readonly Lang[] = ["fr", "en", "ru"];

/** Every story text written by us in one language (not the verbatim quotes). */
function texts(lang: Lang): string[] {
  const out: string[] = [];
  const walk = (value: unknown, inLang: boolean) => {
    if (typeof value === "string") {
      if (inLang) out.push(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, inLang);
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, inLang || k === lang);
    }
  };
  walk(data, false);
  return out;
}

/** Sentences of a text (a semicolon ends a clause that stands alone too). */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.;!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Our own sentences: verbatim article text (quotes, subheadings) is taken out first. */
function allSentences(lang: Lang): string[] {
  return texts(lang).map(withoutVerbatim).flatMap(sentences);
}

/** Every answer a reader can get about the story, rendered to plain text. */
function rendered(lang: Lang): string {
  const replies = [
    answers.summary(story, lang, "short"),
    answers.summary(story, lang, "long"),
    answers.members(story, lang),
    answers.outcome(story, lang),
    answers.context(story, lang),
    answers.source(story, lang),
    answers.allQuotes(story, lang),
    answers.digest(story, lang, 0),
    answers.digest(story, lang, 1),
  ];
  return replies.map(replyText).join("\n");
}

/** The words each language uses for the facts checked below. */
const WORDS = {
  fr: {
    putin: "Vladimir Poutine",
    lukashenkoOrBelarus: /Loukachenko|biélorusse/,
    backingOfPutin: /son soutien à Vladimir Poutine/,
    backingWords: /soutien|soutenu|soutient|rangé derrière/,
    unlikeKazakh: /[Cc]ontrairement au président kazakh/,
    block: /bloc/,
    armenia: /Arménie/,
    finalDocument: /document final/,
    members: [
      "la Russie",
      "l’Arménie",
      "la Biélorussie",
      "le Kazakhstan",
      "le Kirghizistan",
      "le Tadjikistan",
    ],
    comprises: /comprend/,
    attendanceOfAll: /réuni|aux côtés|avec l’Arménie|participants|ont assisté|étaient présents/,
    ranInto: /heurté/,
    apparently: /apparemment/,
    some: /certains/,
    peaceWill: /explorer des solutions de paix/,
    expected: /s’attendait/,
    notSaid: /espérait|inconditionnel|déclaration finale|si elle perd|Elle a bloqué/,
    isolated: /esseulé/,
    question: /se demande si|«\u00a0Vladimir Poutine esseulé par ses alliés\?\u00a0»/,
    kremlin: "chef du Kremlin",
    notKremlin: /Chef du Kremlin|dirigeant du Kremlin/,
    date: "mercredi 23 novembre 2022",
    city: "Erevan",
  },
  en: {
    putin: "Vladimir Putin",
    lukashenkoOrBelarus: /Lukashenko|Belarusian|Belarus’s/,
    backingOfPutin: /his backing to Vladimir Putin/,
    backingWords: /backing|backed|support|stood by|sided/,
    unlikeKazakh: /[Uu]nlike the Kazakh president/,
    block: /block/,
    armenia: /Armenia/,
    finalDocument: /final document/,
    members: ["Russia", "Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan"],
    comprises: /comprises/,
    attendanceOfAll:
      /alongside|brings together|together with|participants|were present|attended by/,
    ranInto: /ran into/,
    apparently: /apparently/,
    some: /some/,
    peaceWill: /explore peaceful solutions/,
    expected: /expected/,
    notSaid: /hoped|unconditional|final declaration|if it loses|Head of the Kremlin/,
    isolated: /isolated/,
    question: /asks whether|“Vladimir Poutine esseulé par ses alliés\?”/,
    kremlin: "Kremlin leader",
    notKremlin: /Head of the Kremlin|Kremlin chief/,
    date: "Wednesday 23 November 2022",
    city: "Yerevan",
  },
  ru: {
    putin: "Владимир Путин",
    lukashenkoOrBelarus: /Лукашенко|Беларуси|белорусск/,
    backingOfPutin: /поддерж\S* Владимира Путина/,
    backingWords: /поддерж/,
    unlikeKazakh: /В отличие от президента Казахстана/,
    block: /блокир/,
    armenia: /Армени/,
    finalDocument: /[Ии]тоговый документ/,
    members: ["Россия", "Армения", "Беларусь", "Казахстан", "Кыргызстан", "Таджикистан"],
    comprises: /входят/,
    attendanceOfAll: /собрал|вместе с|наряду с|участники|присутствовали/,
    ranInto: /столкнулся/,
    apparently: /[Пп]о-видимому/,
    some: /некоторы/,
    peaceWill: /искать мирные решения/,
    expected: /ожидал/,
    notSaid: /безоговорочн|деклараци|надеялся|проиграет/,
    isolated: /изоляци|одиночеств/,
    question: /задаётся вопросом, не/,
    kremlin: "глава Кремля",
    notKremlin: /лидер Кремля|руководитель Кремля/,
    date: "23 ноября 2022 года",
    city: "Ереван",
  },
} as const;

/** The Russian and English quotation marks of our own texts. */
const MARKS = { en: /“([^”]*)”/g, ru: /«([^»]*)»/g } as const;

describe.each(LANGS)("the story in %s says what the article says", (lang) => {
  const w = WORDS[lang];

  it("GIVEN any sentence about the Belarusian president's backing THEN it names Vladimir Putin as the one he backed", () => {
    const about = allSentences(lang).filter(
      (s) => w.lukashenkoOrBelarus.test(s) && w.backingWords.test(s),
    );
    // The summaries, the happenings, Belarus's part and the outcome's reading all say it.
    expect(about.length).toBeGreaterThanOrEqual(5);
    for (const s of about) expect(s).toMatch(w.backingOfPutin);
    // The article sets it against the Kazakh president: the short summary and the happenings keep the contrast.
    for (const s of [
      data.summary.short[lang],
      (data.event.happenings[lang] ?? []).join(" "),
      story.country("by").role[lang],
    ])
      expect(s).toMatch(w.unlikeKazakh);
  });

  it("GIVEN the rendered answers THEN the backing of Vladimir Putin reaches the reader in the summary, /members and the digest", () => {
    expect(replyText(answers.summary(story, lang, "short"))).toMatch(w.backingOfPutin);
    expect(replyText(answers.summary(story, lang, "long"))).toMatch(w.backingOfPutin);
    expect(replyText(answers.digest(story, lang, 0))).toMatch(w.backingOfPutin);
    const by = answers
      .members(story, lang)
      .blocks.flatMap((b) => (b.type === "fields" ? b.fields : []))
      .find((f) => f.name.includes(story.country("by").name[lang] ?? "?"));
    expect(by?.value).toMatch(w.backingOfPutin);
  });

  it("GIVEN any sentence about a block THEN Armenia blocked the final document, and the outcome says it was not adopted", () => {
    expect(data.outcome).toMatchObject({ finalDocumentAdopted: false, blockedBy: "am" });
    const about = allSentences(lang).filter((s) => w.block.test(s));
    expect(about.length).toBeGreaterThanOrEqual(4);
    for (const s of about) {
      expect(s).toMatch(w.armenia);
      expect(s).toMatch(w.finalDocument);
    }
    expect(replyText(answers.outcome(story, lang))).toMatch(w.finalDocument);
  });

  it("GIVEN the member states THEN they are listed as what the CSTO comprises, all six with Russia, never as who attended", () => {
    const lists = allSentences(lang).filter((s) => s.includes(w.members[4] as string));
    // The short and long summaries list them; the two roles of Kyrgyzstan and Tajikistan do not.
    const listing = lists.filter((s) => w.members.every((m) => s.includes(m)));
    expect(listing.length).toBeGreaterThanOrEqual(2);
    for (const s of listing) expect(s).toMatch(w.comprises);
    for (const s of allSentences(lang)) expect(s).not.toMatch(w.attendanceOfAll);
    expect(data.countries.map((c) => c.id)).toEqual(["ru", "am", "by", "kz", "kg", "tj"]);
  });

  it("GIVEN the summit THEN it took place in Yerevan, Armenia, on Wednesday 23 November 2022", () => {
    expect(data.event.date).toBe("2022-11-23");
    expect(data.event.place).toMatchObject({ country: "am" });
    expect(data.event.place.city[lang]).toBe(w.city);
    expect(answers.dateline(story, lang)).toContain(w.city);
    expect(answers.dateline(story, lang)).toContain("23");
    expect(data.summary.short[lang]).toContain(w.date);
    expect(data.summary.long[lang]).toContain(w.date);
  });

  it("GIVEN the article's hedges THEN every sentence on allies seeking peace keeps “some”, and the clash keeps “apparently”", () => {
    const clash = allSentences(lang).filter((s) => w.ranInto.test(s));
    expect(clash.length).toBeGreaterThanOrEqual(2);
    for (const s of clash) {
      expect(s).toMatch(w.apparently);
      expect(s).toMatch(w.some);
    }
    for (const s of allSentences(lang).filter((x) => w.peaceWill.test(x)))
      expect(s).toMatch(w.some);
    expect(data.headline[lang]).toMatch(w.some);
  });

  it("GIVEN what Putin expected THEN it is an expectation, and nothing the article does not say is added (“unconditional”, “final declaration”, “hoped”, “if it loses”)", () => {
    expect(allSentences(lang).filter((s) => w.expected.test(s)).length).toBeGreaterThanOrEqual(3);
    for (const s of allSentences(lang)) expect(s).not.toMatch(w.notSaid);
    expect(rendered(lang)).not.toMatch(w.notSaid);
  });

  it("GIVEN the article's question “Vladimir Poutine esseulé par ses alliés?” THEN the story keeps it a question, never a statement", () => {
    const about = allSentences(lang).filter((s) => w.isolated.test(s));
    expect(about.length).toBeGreaterThanOrEqual(1);
    for (const s of about) expect(s).toMatch(w.question);
  });

  it("GIVEN Vladimir Putin's office THEN it reads the same everywhere, in lower case in French", () => {
    expect(story.person("putin").office[lang]).toBe(w.kremlin);
    expect(rendered(lang)).not.toMatch(w.notKremlin);
    // French and Russian write offices in lower case.
    if (lang !== "en") for (const p of data.people) expect(p.office[lang]).toMatch(/^\p{Ll}/u);
  });

  it("GIVEN Kyrgyzstan and Tajikistan THEN their part says the article says nothing of them", () => {
    for (const id of ["kg", "tj"])
      expect(story.country(id).role[lang]).toMatch(
        { fr: /ne dit rien/, en: /says nothing/, ru: /ничего не говорит/ }[lang],
      );
  });

  it("GIVEN the quotes THEN each is located by the article's part (a subheading) and the paragraph within it", () => {
    const where = Object.fromEntries(
      data.quotes.map((q) => [q.id, answers.quoteBlock(story, q, lang).where]),
    );
    const first = "Vladimir Poutine esseulé par ses alliés?";
    const second = "Le chef du Kremlin soutenu par son homologue biélorusse";
    const expected = {
      fr: [
        `Partie «\u00a0${first}\u00a0» de l’article, paragraphe 4`,
        `Partie «\u00a0${second}\u00a0» de l’article, paragraphe 1`,
      ],
      en: [
        `The article’s section “${first}”, paragraph 4`,
        `The article’s section “${second}”, paragraph 1`,
      ],
      ru: [`Раздел статьи «${first}», абзац 4`, `Раздел статьи «${second}», абзац 1`],
    }[lang];
    expect([where["tokayev-peace"], where["lukashenko-russia-wins"]]).toEqual(expected);
  });

  it("GIVEN /source THEN it claims no title and says once that the publisher is not named", () => {
    const text = replyText(answers.source(story, lang));
    expect(text.match(/publisher|éditeur|издание/gi)?.length).toBe(1);
    expect(answers.sourceLine(story, lang)).not.toContain("esseulé");
  });

  it("GIVEN a speaker list THEN it shows each speaker's command exactly as their button runs it", () => {
    for (const query of [undefined, "Poutine", "Arménie", "zzzz"]) {
      const reply = answers.quote(story, lang, query, { calls: quoteCalls({}) });
      const list = reply.blocks.find((b) => b.type === "list");
      const items = list?.type === "list" ? list.items : [];
      expect(items.length).toBe(story.quotedPeople.length);
      const commands = (reply.actions ?? []).map((a) => `/${a.command} ${a.argument}`);
      for (const item of items) expect(commands.some((c) => item.endsWith(`— ${c}`))).toBe(true);
    }
  });
});

describe("our words in quotation marks", () => {
  it.each(["en", "ru"] as const)(
    "GIVEN %s story texts THEN anything in quotation marks is our translation of a quote or a subheading, verbatim",
    (lang) => {
      const allowed = [
        ...data.quotes.map((q) => q.translation[lang]),
        ...data.quotes.map((q) => q.location.section),
      ];
      let seen = 0;
      for (const text of texts(lang))
        for (const [, inner] of text.matchAll(MARKS[lang])) {
          seen++;
          expect(allowed).toContain(inner);
        }
      // The source note quotes the two subheadings.
      expect(seen).toBeGreaterThanOrEqual(2);
    },
  );

  it("GIVEN Lukashenko's quote THEN our translation says “the place for all of us is under the rubble”", () => {
    const q = data.quotes.find((x) => x.id === "lukashenko-russia-wins");
    expect(q?.translation.en).toContain("the place for all of us is under the rubble");
    expect(q?.translation.en).toContain("it does not win");
  });
});

/**
 * French typography: a narrow no-break space (U+202F) before ; ! ? and a no-break space
 * (U+00A0) before : and inside « ». Text quoted verbatim from the article keeps its own
 * spacing and is left out.
 */
function frenchSpacingErrors(text: string): string[] {
  const errors: string[] = [];
  const check = (re: RegExp, what: string) => {
    for (const m of text.matchAll(re))
      errors.push(`${what}: …${text.slice(Math.max(0, (m.index ?? 0) - 15), (m.index ?? 0) + 5)}…`);
  };
  // Punctuation only: a colon or question mark inside "08:00", "HH:MM" or a URL is not.
  check(/(?<!\u202f)[;!?](?=\s|$|[»)`"])/g, "no U+202F before ; ! ?");
  check(/(?<!\u00a0):(?=\s|$)/g, "no U+00A0 before :");
  check(/(?<!\u00a0)»/g, "no U+00A0 before »");
  check(/«(?!\u00a0)/g, "no U+00A0 after «");
  return errors;
}

/** Verbatim article text (quotes, subheadings) inside our French, which keeps its own spacing. */
function withoutVerbatim(text: string): string {
  let out = text;
  for (const v of [
    ...data.quotes.map((q) => q.text),
    ...data.quotes.map((q) => q.location.section),
  ])
    out = out.split(v).join("VERBATIM");
  return out;
}

describe("French typography", () => {
  it("GIVEN every French text of the story THEN high punctuation and guillemets have their no-break spaces", () => {
    const errors = texts("fr").flatMap((t) => frenchSpacingErrors(withoutVerbatim(t)));
    expect(errors).toEqual([]);
  });

  it("GIVEN every French message, in every part of the catalogue THEN high punctuation and guillemets have their no-break spaces", () => {
    const errors: string[] = [];
    const walk = (value: unknown, key: string) => {
      if (typeof value === "string")
        errors.push(...frenchSpacingErrors(value).map((e) => `${key}: ${e}`));
      else if (typeof value === "function") {
        const fn = value as (...a: unknown[]) => unknown;
        for (const args of [
          ["X", "Y", "Z"],
          [null, "Y", "Z"],
          [["X"], "Y"],
        ]) {
          try {
            walk(fn(...args), key);
          } catch {
            // A parameter of another type (a list): the other samples cover the text.
          }
        }
      } else if (value && typeof value === "object")
        for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k);
    };
    walk(messages.fr, "");
    expect(errors).toEqual([]);
  });

  it("GIVEN the French answers as rendered THEN our own text has its no-break spaces", () => {
    const replies = [
      "summary",
      "quote",
      "quotes",
      "members",
      "outcome",
      "context",
      "source",
      "help",
    ].map((name) => runCommand(context, name, "", "fr"));
    const errors = replies.flatMap((r) => frenchSpacingErrors(withoutVerbatim(replyText(r))));
    // Command usages in /help ("/summary [length]") and the clock in "08:00" are not prose.
    expect(errors).toEqual([]);
  });

  it("GIVEN a regular space before a colon THEN the check fails (the check can fail)", () => {
    expect(frenchSpacingErrors("Source : article")).not.toEqual([]);
    expect(frenchSpacingErrors("Source\u00a0: «\u00a0x\u00a0» ; oui\u202f?")).toHaveLength(1);
  });
});
