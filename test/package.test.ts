import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/paths.ts";

type Version = [number, number, number];
const version = (text: string): Version => {
  const [a = 0, b = 0, c = 0] = text
    .replace(/^v/, "")
    .split(".")
    .map((n) => (n === "x" ? 0 : Number(n)));
  return [a, b, c];
};
const compare = (x: Version, y: Version) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];

/** The engines ranges found in npm lock files; an unknown form fails the test, not passes it. */
function accepts(range: string, node: Version): boolean {
  return range.split("||").some((alternative) => {
    const r = alternative.trim().replace(/\s+/g, "");
    if (r === "*") return true;
    let m = /^>=(v?[\d.x]+)$/.exec(r);
    if (m) return compare(node, version(m[1] as string)) >= 0;
    m = /^\^(v?[\d.]+)$/.exec(r);
    if (m) {
      const min = version(m[1] as string);
      return node[0] === min[0] && compare(node, min) >= 0;
    }
    m = /^(\d+)\.x$/.exec(r);
    if (m) return node[0] === Number(m[1]);
    throw new Error(`unsupported engines range ${JSON.stringify(range)}`);
  });
}

describe("the Node versions we promise", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { engines?: { node?: string } }>;
  };
  const promised = version(/^>=(\d+\.\d+(?:\.\d+)?)$/.exec(pkg.engines.node)?.[1] ?? "0");

  it("GIVEN package.json THEN it promises Node >= 20.19", () => {
    expect(promised).toEqual([20, 19, 0]);
  });

  it("GIVEN the lock file THEN every package's engines accept the oldest Node we promise (no EBADENGINE)", () => {
    const refused = Object.entries(lock.packages)
      .filter(([, p]) => p.engines?.node && !accepts(p.engines.node, promised))
      .map(([name, p]) => `${name} (${p.engines?.node})`);
    expect(refused).toEqual([]);
  });
});
