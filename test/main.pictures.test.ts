import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "../src/main.ts";
import { prepare } from "../src/startup.ts";
import { FakeTelegram } from "./fakes/telegram/server.ts";
import { testEnv } from "./support/cli.ts";
import { waitFor } from "./support/wait.ts";

/**
 * The process's wiring of pictures (src/main.ts): the Telegram file ids of uploaded pictures
 * are kept in the database, so a restarted bot sends a picture by its id, never uploading it
 * again. Two lifetimes of the real bot, in-process, on one SQLite file and one fake Telegram.
 */
describe("pictures across a restart", () => {
  const fake = new FakeTelegram();
  const database = join(mkdtempSync(join(tmpdir(), "summit-pictures-")), "db.sqlite");
  const reader = { id: 4242, language_code: "en" };
  const chat = { id: 4242, type: "private" as const };

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  /** One lifetime: start the bot, ask for /members, wait for the map, stop it. */
  async function lifetime(): Promise<void> {
    const app = prepare(
      testEnv({
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        DATABASE_PATH: database,
        DEFAULT_LOCALE: "en",
      }),
      { dotenv: false },
    );
    const stop = new AbortController();
    const done = serve(app, stop.signal, { shutdownMs: 5_000 });
    try {
      await fake.waitForCall("getUpdates", (p) => Number(p.timeout) > 0, { received: true });
      const before = fake.photosTo(chat.id).length;
      fake.sendText(chat, reader, "/members");
      await waitFor("the map", () => fake.photosTo(chat.id).length > before);
    } finally {
      stop.abort("SIGTERM");
      expect(await done).toBe(0);
    }
  }

  it("GIVEN the map uploaded in a first lifetime WHEN the bot restarts on the same database THEN it sends the map by its file_id and uploads nothing", async () => {
    await lifetime();
    expect(fake.uploads).toHaveLength(1);
    const fileId = fake.uploads[0]?.fileId;
    expect(fileId).toBeDefined();

    await lifetime();
    expect(fake.uploads).toHaveLength(1);
    const photos = fake.photosTo(chat.id);
    expect(photos).toHaveLength(2);
    expect(photos[1]?.params.photo).toBe(fileId);
    expect(photos[1]?.photo).toMatchObject({ width: 1200, height: 900 });
  });
});
