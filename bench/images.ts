/**
 * Cost of the pictures: each image rendered cold (first time in the process) and served from
 * the cache, and what the cached map adds to answering /members.
 * Run: `node --import tsx bench/images.ts`. Prints one line per image, then medians.
 */
import { commands } from "../commands/index.ts";
import { runCommand } from "../commands/registry.ts";
import { StoryLibrary } from "../src/core/library.ts";
import { LOCALES } from "../src/core/locale.ts";
import { imageSvg } from "../src/images/draw.ts";
import { worldAtlas } from "../src/images/geodata.ts";
import { cardIds, ImageStore } from "../src/images/store.ts";
import { header, row, sample } from "./stats.ts";

const N = Number(process.env.BENCH_ITERATIONS ?? 2_000);
const library = StoryLibrary.fromDir("data");
const story = library.default;
const context = { library, commands };
const images = new ImageStore();
const ms = (from: bigint) => (Number(process.hrtime.bigint() - from) / 1e6).toFixed(1);

console.log(`Summit Brief images benchmark — node ${process.version}`);
let t = process.hrtime.bigint();
worldAtlas();
console.log(`load world-atlas 1:50m, move Crimea to Ukraine: ${ms(t)} ms (once per process)\n`);

console.log(
  `${"image".padEnd(36)} ${"SVG".padStart(9)} ${"SVG+PNG".padStart(9)} ${"bytes".padStart(8)}  size`,
);
for (const card of cardIds(story)) {
  for (const locale of LOCALES) {
    t = process.hrtime.bigint();
    imageSvg(story, card, locale);
    const svgMs = ms(t);
    t = process.hrtime.bigint();
    const image = await images.get(story, card, locale);
    const totalMs = ms(t);
    console.log(
      `${`${card} ${locale} (cold)`.padEnd(36)} ${svgMs.padStart(6)} ms ${totalMs.padStart(6)} ms ${String(image?.png.length).padStart(8)}  ${image?.width}×${image?.height}`,
    );
  }
}

console.log(`\n${header}`);
console.log(
  row(
    "images.peek(map, fr) — cached",
    sample(() => images.peek(story, "map", "fr"), N),
  ),
);
const cachedGet: number[] = [];
for (let i = 0; i < N; i++) {
  const t0 = process.hrtime.bigint();
  await images.get(story, "map", "fr");
  cachedGet.push(Number(process.hrtime.bigint() - t0));
}
console.log(row("await images.get(map, fr) — cached", cachedGet));
console.log(
  row(
    "/members, text only",
    sample(() => runCommand(context, "members", "", "fr"), N),
  ),
);
const withMap: number[] = [];
for (let i = 0; i < N; i++) {
  const t0 = process.hrtime.bigint();
  runCommand(context, "members", "", "fr");
  await images.get(story, "map", "fr");
  withMap.push(Number(process.hrtime.bigint() - t0));
}
console.log(row("/members + its map (cached)", withMap));
