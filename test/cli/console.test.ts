import { describe, expect, it } from "vitest";
import { cleanEnv, run } from "../support/run.ts";

/** Runs `npm start` inside a pseudo-terminal (util-linux `script`), typing the given lines. */
function startInTerminal(lines: string[]) {
  return run("script", ["-qec", "node --import tsx src/main.ts", "/dev/null"], {
    env: cleanEnv({ TERM: "dumb" }),
    input: `${lines.join("\n")}\n`,
    timeoutMs: 25_000,
  });
}

describe("the console (npm start without tokens, in a terminal)", () => {
  it("GIVEN commands typed at the prompt THEN it answers each and explains how to connect the platforms", async () => {
    const r = await startInTerminal([
      "/members",
      "/quote Loukachenko",
      "/lang en",
      "/quote tokaev",
      "/exit",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("DISCORD_TOKEN");
    expect(r.stdout).toContain("TELEGRAM_BOT_TOKEN");
    expect(r.stdout).toContain("🇰🇬 Kirghizistan");
    expect(r.stdout).toContain("notre place à tous est sous les décombres");
    expect(r.stdout).toContain("Translation (ours, not the article’s)");
    expect(r.stdout).toContain("“it is time to seek a peaceful solution together");
  });
});
