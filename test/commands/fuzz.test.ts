import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { readText } from "../../commands/registry.ts";
import type { CommandContext, CommandDefinition, Place } from "../../commands/types.ts";
import { renderConsole } from "../../src/adapters/console/render.ts";
import { renderReply } from "../../src/adapters/discord/render.ts";
import { renderTelegram } from "../../src/adapters/telegram/render.ts";
import { UserError } from "../../src/core/errors.ts";
import type { Locale } from "../../src/core/locale.ts";
import type { Reply } from "../../src/core/reply.ts";
import { expectWithinLimits } from "../adapters/discord/limits.ts";
import { makeService } from "../digest/support.ts";
import { parseTelegramHtml } from "../fakes/telegram/html.ts";
import { commandContext, replyText } from "../support/context.ts";
import { BIDI_CONTROLS, wellFormed } from "../support/text.ts";

/**
 * Property-based fuzzing of every command's arguments, through the core and both renderers:
 * no throw, every message within its platform's limits, valid UTF-16, no bidi controls, no
 * pings. Hostile pieces (prototype keys, bidi controls, emoji, markup, mentions, huge runs)
 * are mixed with random text. Kept to a few hundred runs so the suite stays fast.
 */

const HOSTILE = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "prototype",
  "\u202E",
  "\u2066",
  "\u2069",
  "\u202A",
  "😀",
  "👨‍👩‍👧‍👦",
  "🇦🇲",
  "e\u0301",
  "\uD83D",
  "@everyone",
  "@here",
  "<@123456789012345678>",
  "<@&123456789012345678>",
  "<b>",
  "</i>",
  "&amp;",
  "**",
  "`",
  "|| ",
  "\n",
  " ",
  "08:00",
  "Europe/Paris",
  "subscribe",
  "fr",
  '"*/2 * * * *"',
  "x".repeat(300),
  "Loukachenko",
];

const piece = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
);
/** Text as a user may type it: hostile pieces and random strings, joined by spaces or not. */
const text = fc
  .array(piece, { maxLength: 8 })
  .chain((parts) => fc.constantFrom(" ", "").map((sep) => parts.join(sep)));
const locale = fc.constantFrom<Locale>("fr", "en");

const place: Place = {
  platform: "telegram",
  chat: "-100777",
  private: false,
  subscribable: true,
  missingToPost: () => [],
};

const made = makeService();
const context: CommandContext = { ...commandContext(), digests: made.service };
afterAll(async () => {
  await made.service.close(100);
});

/** Runs a command the way `serve` does (minus authorisation), user errors included. */
async function run(
  command: CommandDefinition,
  input: { options: Readonly<Record<string, string | undefined>>; subcommand?: string },
  loc: Locale,
): Promise<Reply> {
  try {
    return await command.run({ locale: loc, ...input, where: place }, context);
  } catch (error) {
    if (error instanceof UserError) return error.reply;
    throw error;
  }
}

const PINGS = /(?<![\\\u200b])@(everyone|here)|<@[!&]?\d+>/;

/** Everything a reply must satisfy, on the core and on both renderers. */
function check(reply: Reply, loc: Locale): void {
  const plain = replyText(reply);
  expect(wellFormed(plain)).toBe(true);
  expect(plain).not.toMatch(BIDI_CONTROLS);
  renderConsole(reply);
  for (const html of renderTelegram(reply)) {
    expect(wellFormed(html)).toBe(true);
    expect(html).not.toMatch(BIDI_CONTROLS);
    const parsed = parseTelegramHtml(html);
    expect(parsed.text.trim().length).toBeGreaterThan(0);
    expect(parsed.text.length).toBeLessThanOrEqual(4096);
    // Telegram pings by a link to a user: we never write one.
    expect(html).not.toContain("tg://user");
  }
  const rendered = renderReply(reply, loc, { command: "fuzz", argument: "" });
  for (const page of rendered.pages) {
    expectWithinLimits(page);
    const json = JSON.stringify(page);
    expect(wellFormed(json)).toBe(true);
    expect(json).not.toMatch(BIDI_CONTROLS);
    // Only message content can ping (and senders also set allowed_mentions: none): a page is
    // embeds and buttons only.
    expect(Object.keys(page)).not.toContain("content");
    expect(JSON.stringify(page.components ?? [])).not.toMatch(PINGS);
  }
}

const RUNS = 60;

describe("GIVEN hostile arguments to every command (fast-check)", () => {
  for (const command of commands) {
    it(`THEN /${command.name} as typed text never throws and answers within every limit`, async () => {
      await fc.assert(
        fc.asyncProperty(text, locale, async (argument, loc) => {
          const input = readText(command, argument, loc);
          const reply = input.rejected ?? (await run(command, input, loc));
          check(reply, loc);
        }),
        { numRuns: RUNS },
      );
    });

    it(`THEN /${command.name} with named options (Discord) never throws and answers within every limit`, async () => {
      const names = [
        ...command.options.map((o) => o.name),
        ...(command.subcommands ?? []).flatMap((s) => s.options.map((o) => o.name)),
        "__proto__",
        "constructor",
      ];
      const subcommand = fc.option(
        fc.oneof(
          fc.constantFrom(...(command.subcommands ?? []).map((s) => s.name), "SUBSCRIBE"),
          text,
        ),
        { nil: undefined },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom(...names), text, { maxKeys: 4 }),
          subcommand,
          locale,
          async (options, sub, loc) => {
            check(await run(command, { options, subcommand: sub }, loc), loc);
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});
