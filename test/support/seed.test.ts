import { describe, expect, it } from "vitest";
import { ROOT } from "./paths.ts";
import { seedArticle } from "./seed.ts";

describe("the seed article for tests", () => {
  it("GIVEN no seed where SEED_DIR points THEN the tests reading it are skipped (undefined)", () => {
    expect(seedArticle("absent.txt", { dir: `${ROOT}/no-such-dir`, env: {} })).toBeUndefined();
  });

  it("GIVEN no seed and REQUIRE_SEED=1 (CI) THEN it fails, saying how to point at the seed", () => {
    expect(() =>
      seedArticle("absent.txt", { dir: `${ROOT}/no-such-dir`, env: { REQUIRE_SEED: "1" } }),
    ).toThrow(/SEED_DIR=.*REQUIRE_SEED=1/);
  });

  it("GIVEN the seed present THEN its text is returned", () => {
    expect(seedArticle("package.json", { dir: ROOT, env: { REQUIRE_SEED: "1" } })).toContain(
      '"name": "summit-brief"',
    );
  });
});
