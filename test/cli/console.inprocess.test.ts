import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runConsole } from "../../src/cli/console.ts";
import { prepare } from "../../src/startup.ts";
import { testEnv } from "../support/cli.ts";

/** Types the lines into the console, in-process; resolves with everything it printed. */
async function consoleSays(lines: string[], options: { width?: number } = {}): Promise<string> {
  const app = prepare(testEnv(), { dotenv: false });
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (d) => (text += d));
  input.end(`${lines.join("\n")}\n`);
  await runConsole(app, input, output, options);
  return text;
}

describe("the console (in-process)", () => {
  it("GIVEN a known command without its slash THEN it is that command", async () => {
    const text = await consoleSays(["quote louk", "help"]);
    expect(text).toContain("Si la Russie l’emporte, l’OTSC vivra.");
    expect(text).toContain("/members");
    expect(text).not.toContain("n’est pas une commande");
  });

  it("GIVEN an empty line THEN it answers with the help", async () => {
    const text = await consoleSays([""]);
    expect(text).toContain("Summit Brief — aide");
    expect(text).not.toContain("n’est pas une commande");
  });

  it("GIVEN /help THEN /digest is listed with who may use it", async () => {
    const text = await consoleSays(["/help", "/lang en", "/help"]);
    expect(text).toContain("/digest <subcommand>");
    expect(text).toContain("for those who manage the channel or group");
  });

  it("GIVEN /digest preview THEN it shows the next digest, without any platform", async () => {
    const text = await consoleSays(["/lang en", "/digest preview", "/digest subscribe"]);
    expect(text).toContain("Today’s brief");
    expect(text).toContain("/digest works in a server channel or a chat the bot posts to");
  });

  it("GIVEN an 80-column terminal THEN lines wrap on word boundaries, keeping their indent", async () => {
    const text = await consoleSays(["/summary long", "/help"], { width: 80 });
    // Without a terminal the input is not echoed: the prompt shares a line with the answer.
    const lines = text.split("\n").map((l) => l.replaceAll("summit> ", ""));
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    // No word is cut: every word of the unwrapped answers is whole on some line.
    const unwrapped = await consoleSays(["/summary long", "/help"]);
    const words = new Set(lines.flatMap((l) => l.split(/\s+/)));
    for (const word of unwrapped.replaceAll("summit> ", "").split(/\s+/))
      if ([...word].length <= 40) expect(words).toContain(word);
    // A wrapped list item continues under its text, not at the margin.
    const bullet = lines.findIndex((l) => l.startsWith("  • ") && [...l].length > 60);
    expect(bullet).toBeGreaterThanOrEqual(0);
    expect(lines[bullet + 1]).toMatch(/^ {4}\S/);
  });
});
