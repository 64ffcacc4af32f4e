import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/digest.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { LedgerRepository } from "../../src/storage/ledger.ts";
import { SubscriptionRepository } from "../../src/storage/subscriptions.ts";
import { runMain } from "../support/cli.ts";

/** A database with one Telegram subscription created yesterday, daily at 08:00 UTC. */
function seeded(): string {
  const path = join(mkdtempSync(join(tmpdir(), "summit-cli-")), "digest.sqlite");
  const db = openDatabase(path);
  new SubscriptionRepository(db).upsert(
    {
      platform: "telegram",
      target: "-100123",
      cron: "0 8 * * *",
      timezone: "UTC",
      locale: "en",
      source: "command",
    },
    new Date(Date.now() - 2 * 86_400_000),
  );
  db.close();
  return path;
}

/** Runs the CLI's main in-process; resolves with its exit code and output. */
const digestCli = (args: string[], env: Record<string, string>) => runMain(main, args, env);

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

describe("npm run digest", () => {
  it("--preview prints the due digest and posts nothing", async () => {
    const path = seeded();
    const { code, stdout } = await digestCli(["--preview"], { DATABASE_PATH: path });
    expect(code).toBe(0);
    expect(stdout).toContain("=== telegram -100123 — slot ");
    expect(stdout).toContain("Today’s brief");
    expect(stdout).toContain("1 digest(s) due (preview only: nothing posted).");
    const db = openDatabase(path);
    expect(new LedgerRepository(db).history("telegram", "-100123")).toEqual([]);
    db.close();
  });

  it("--now without a Telegram token says so and records nothing", async () => {
    const path = seeded();
    const { code, stdout, stderr } = await digestCli(["--now"], { DATABASE_PATH: path });
    expect(code).toBe(1);
    expect(stderr).toContain("TELEGRAM_BOT_TOKEN is not set");
    expect(stdout).toContain("no sender 1");
  });

  it("--now posts through the real Telegram sender to a local fake Bot API, once", async () => {
    const posted: string[] = [];
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        posted.push(`${req.url} ${body}`);
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({
            ok: true,
            result: { message_id: 7, date: 0, chat: { id: -100123, type: "group" } },
          }),
        );
      });
    });
    await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const env = {
      DATABASE_PATH: seeded(),
      TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
    };
    const first = await digestCli(["--now"], env);
    expect(first.stdout).toContain("Posted 1;");
    expect(first.code).toBe(0);
    // The day's quote card first (uploaded, with the start of the digest as its caption),
    // then the rest of the digest as messages.
    expect(posted[0]).toContain("/sendPhoto");
    expect(posted[0]).toMatch(/filename="?[^";\s]+-en\.png/);
    expect(posted[0]).toContain("PNG\r\n\u001a\n");
    expect(posted.length).toBeGreaterThan(1);
    for (const call of posted.slice(1)) expect(call).toContain("/sendMessage");
    const calls = posted.length;
    const again = await digestCli(["--now"], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      "No digest is due: each of the 1 target(s) has its latest slot posted",
    );
    expect(posted).toHaveLength(calls);
  });

  it("GIVEN operator targets on a new database THEN --preview sees them, as the running bot does", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "summit-cli-")), "digest.sqlite");
    const { code, stdout } = await digestCli(["--preview"], {
      DATABASE_PATH: path,
      DIGEST_CRON: "0 8 * * *",
      DIGEST_TIMEZONE: "UTC",
      DIGEST_TELEGRAM_CHATS: "-1001234567890",
      DIGEST_DISCORD_CHANNELS: "1049721932418043954",
    });
    expect(code).toBe(0);
    expect(stdout).toContain("each of the 2 target(s)");
    expect(stdout).toMatch(
      /telegram -1001234567890 \(operator\): next slot \d{4}-\d\d-\d\dT08:00:00\.000Z/,
    );
    expect(stdout).toContain("discord 1049721932418043954 (operator)");
  });

  it("GIVEN no target at all THEN it says there is none and how to add one", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "summit-cli-")), "digest.sqlite");
    const { code, stdout } = await digestCli(["--now"], { DATABASE_PATH: path });
    expect(code).toBe(0);
    expect(stdout).toContain("there is no digest target");
    expect(stdout).toContain("DIGEST_CRON");
    expect(stdout).not.toContain("0 active target(s)");
  });
});
