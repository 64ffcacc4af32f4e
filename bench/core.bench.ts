/**
 * Cost of a speaker lookup and of answering + rendering each command.
 * Run: `npm run bench` (or `npx tsx bench/core.bench.ts`). Prints median and p99 per case.
 */
import { commands } from "../commands/index.ts";
import { runCommand } from "../commands/registry.ts";
import { renderConsole } from "../src/adapters/console/render.ts";
import { renderReply as renderDiscord } from "../src/adapters/discord/render.ts";
import { renderTelegram } from "../src/adapters/telegram/render.ts";
import { StoryLibrary } from "../src/core/library.ts";
import type { Locale } from "../src/core/locale.ts";
import { LOCALES } from "../src/core/locale.ts";
import { header, row, sample } from "./stats.ts";

const N = Number(process.env.BENCH_ITERATIONS ?? 20_000);
const library = StoryLibrary.fromDir("data");
const story = library.default;
const context = { library, commands };

const t0 = process.hrtime.bigint();
StoryLibrary.fromDir("data");
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

console.log(`Summit Brief core benchmark — node ${process.version}, ${N} runs per case`);
console.log(`load + validate + index data/: ${loadMs.toFixed(1)} ms (once, at start)\n`);
console.log(header);
for (const query of [
  "Loukachenko",
  "Лукашенко",
  "tokaev",
  "Kazakhstan",
  "Loukashenko (typo)",
  "Poutine",
  "xyzzy (no match)",
  "x".repeat(10_000),
]) {
  const q = query.replace(/ \(.*\)$/, "");
  console.log(
    row(
      `lookupSpeaker(${JSON.stringify(query.slice(0, 18))}${query.length > 18 ? "…" : ""})`,
      sample(() => story.lookupSpeaker(q), N),
    ),
  );
}
for (const partial of ["lou", "лук", ""]) {
  console.log(
    row(
      `completeSpeaker(${JSON.stringify(partial)})`,
      sample(() => story.completeSpeaker(partial), N),
    ),
  );
}
const renderers = {
  console: (reply: ReturnType<typeof runCommand>) => renderConsole(reply),
  discord: (reply: ReturnType<typeof runCommand>, locale: Locale) => renderDiscord(reply, locale),
  telegram: (reply: ReturnType<typeof runCommand>) => renderTelegram(reply),
};
for (const [platform, render] of Object.entries(renderers)) {
  for (const command of commands) {
    for (const locale of LOCALES) {
      const arg = command.name === "quote" ? "Loukachenko" : "";
      const label = `/${command.name}${arg ? ` ${arg}` : ""} [${locale}] → ${platform}`;
      console.log(
        row(
          label,
          sample(() => render(runCommand(context, command.name, arg, locale), locale), N),
        ),
      );
    }
  }
}
