import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main as ask } from "../../src/cli/ask.ts";
import { runMain } from "../support/cli.ts";
import { DATA_DIR } from "../support/paths.ts";
import { run } from "../support/run.ts";

const askWith = (...args: string[]) => runMain(ask, args);

describe("npm run ask (in-process)", () => {
  it("GIVEN /quote Loukachenko THEN it prints the verbatim quote and exits 0", async () => {
    const r = await askWith("/quote Loukachenko");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("« Si la Russie l’emporte, l’OTSC vivra.");
    expect(r.stdout).toContain("Alexandre Loukachenko");
  });

  it("GIVEN --locale en THEN it answers in English with our labelled translation", async () => {
    const r = await askWith("--locale", "en", "/quote", "Лукашенко");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Translation (ours, not the article’s)\n  “If Russia wins, the CSTO will live.",
    );
  });

  it("GIVEN --locale ru THEN it answers in Russian with our labelled Russian translation", async () => {
    const r = await askWith("--locale", "ru", "/quote", "Казахстан");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Цитата — Касым-Жомарт Токаев");
    expect(r.stdout).toContain("Перевод наш, не из статьи\n  «пора вместе искать мирное решение");
  });

  it("GIVEN an unknown command THEN it prints the help and exits non-zero", async () => {
    const r = await askWith("/nope");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("« /nope » n’est pas une commande");
    expect(r.stdout).toContain("/summary");
  });

  it("GIVEN text that is not a command THEN it says so, with the help, and exits non-zero", async () => {
    const r = await askWith("hello");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/«\s\/hello\s» n’est pas une commande/);
    expect(r.stdout).toContain("/quote");
  });

  it("GIVEN a known command without its slash THEN it is that command", async () => {
    const quote = await askWith("quote", "louk");
    expect(quote.code).toBe(0);
    expect(quote.stdout).toContain("Si la Russie l’emporte, l’OTSC vivra.");
    const help = await askWith("help");
    expect(help.code).toBe(0);
    expect(help.stdout).not.toContain("n’est pas une commande");
    expect(help.stdout).toContain("/members");
  });

  it("GIVEN no command at all THEN it answers with the help", async () => {
    const r = await askWith();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("/summary");
    expect(r.stdout).not.toContain("n’est pas une commande");
  });

  it("GIVEN a bad --locale THEN it says so and exits non-zero", async () => {
    const r = await askWith("--locale", "de", "/summary");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--locale must be one of fr, en, ru, not "de"');
  });

  it("GIVEN --locale with no value THEN it says a value is needed, and how to use ask", async () => {
    const r = await askWith("/summary", "--locale");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--locale needs a value: fr, en, ru.");
    expect(r.stderr).toContain("usage: npm run ask");
  });

  it("GIVEN --help THEN it prints the usage and exits 0", async () => {
    const r = await askWith("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "usage: npm run ask -- [--locale fr|en|ru] [--image out.png] <command>",
    );
    expect(r.stdout).toContain("Exit status");
  });

  it("GIVEN an unquoted person THEN the answer explains and exits non-zero", async () => {
    const r = await askWith("/quote Poutine");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Vladimir Poutine n’est pas cité");
  });

  it("GIVEN a missing data folder THEN it refuses to start, naming DATA_DIR", async () => {
    const r = await runMain(ask, ["/summary"], { DATA_DIR: `${DATA_DIR}-missing` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`DATA_DIR: ${DATA_DIR}-missing does not exist`);
  });
});

describe("npm run ask (the process)", () => {
  it("GIVEN a command THEN the script answers on stdout and exits 0", async () => {
    const r = await run(process.execPath, [
      "--import",
      "tsx",
      "src/cli/ask.ts",
      "--locale",
      "en",
      "members",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("member states");
  });

  it("GIVEN --image and /quote Loukachenko THEN it writes the quote card as a PNG", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ask-image-")), "card.png");
    const r = await askWith("--image", file, "/quote Loukachenko");
    expect(r.code).toBe(0);
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 675]);
    expect(r.stderr).toContain(`wrote ${file}`);
  });

  it("GIVEN --image and /members THEN it writes the map; for /summary it says there is no picture", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ask-image-"));
    const r = await askWith("--locale", "en", "--image", join(dir, "map.png"), "/members");
    expect(r.code).toBe(0);
    const png = readFileSync(join(dir, "map.png"));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 900]);
    const none = await askWith("--image", join(dir, "none.png"), "/summary");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("/summary has no picture");
  });
});
