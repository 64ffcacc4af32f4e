import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DATA_DIR } from "../support/paths.ts";
import { cleanEnv, run, TSX } from "../support/run.ts";

const ask = (...args: string[]) => run(TSX, ["src/cli/ask.ts", ...args]);

describe("npm run ask", () => {
  it("GIVEN /quote Loukachenko THEN it prints the verbatim quote and exits 0", async () => {
    const r = await ask("/quote Loukachenko");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("« Si la Russie l’emporte, l’OTSC vivra.");
    expect(r.stdout).toContain("Alexandre Loukachenko");
  });

  it("GIVEN --locale en THEN it answers in English with our labelled translation", async () => {
    const r = await ask("--locale", "en", "/quote", "Лукашенко");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Translation (ours, not the article’s)\n  “If Russia wins, the CSTO will live.",
    );
  });

  it("GIVEN an unknown command THEN it prints the help and exits non-zero", async () => {
    const r = await ask("/nope");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("« /nope » n’est pas une commande");
    expect(r.stdout).toContain("/summary");
  });

  it("GIVEN text that is not a command THEN it prints the help and exits non-zero", async () => {
    const r = await ask("hello");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("/quote");
  });

  it("GIVEN a bad --locale THEN it says so and exits non-zero", async () => {
    const r = await ask("--locale", "de", "/summary");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--locale must be "fr" or "en"');
  });

  it("GIVEN an unquoted person THEN the answer explains and exits non-zero", async () => {
    const r = await ask("/quote Poutine");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Vladimir Poutine n’est pas cité");
  });

  it("GIVEN a broken data folder THEN it refuses to start, naming the file and field", async () => {
    const r = await run(TSX, ["src/cli/ask.ts", "/summary"], {
      env: cleanEnv({ DATA_DIR: `${DATA_DIR}-missing` }),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("data-missing");
  });

  it("GIVEN --image and /quote Loukachenko THEN it writes the quote card as a PNG", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ask-image-")), "card.png");
    const r = await ask("--image", file, "/quote Loukachenko");
    expect(r.code).toBe(0);
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 675]);
    expect(r.stderr).toContain(`wrote ${file}`);
  });

  it("GIVEN --image and /members THEN it writes the map; for /summary it says there is no picture", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ask-image-"));
    const r = await ask("--locale", "en", "--image", join(dir, "map.png"), "/members");
    expect(r.code).toBe(0);
    const png = readFileSync(join(dir, "map.png"));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 900]);
    const none = await ask("--image", join(dir, "none.png"), "/summary");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("/summary has no picture");
  });
});
