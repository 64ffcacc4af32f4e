import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDiscordSender, digestRest } from "../../src/adapters/discord/sender.ts";
import { createSender, digestApi } from "../../src/adapters/telegram/sender.ts";
import { ManualClock } from "../../src/digest/clock.ts";
import { DigestService } from "../../src/digest/service.ts";
import { createLogger } from "../../src/log.ts";
import { Metrics } from "../../src/ops/metrics.ts";
import type { ReplySender } from "../../src/platform.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { SqliteDigestStore } from "../../src/storage/digest-store.ts";
import { FakeDiscord } from "../fakes/discord.ts";
import { FakeTelegram } from "../fakes/telegram/server.ts";
import { waitFor } from "../support/wait.ts";
import { baseSettings, library, tempDbPath } from "./support.ts";

const SLOT = new Date("2026-03-02T07:00:00Z");
const SLOT_ID = SLOT.toISOString();
const paris8 = { cron: "0 8 * * *", timezone: "Europe/Paris" };
/** The senders give up after this; the fakes answer (or post) later. */
const TIMEOUT_MS = 300;

/** A digest service with one real sender, a manual clock, captured log lines and metrics. */
function serviceWith(sender: ReplySender) {
  const lines: string[] = [];
  const log = createLogger({
    level: "info",
    pretty: false,
    destination: new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  const metrics = new Metrics();
  const clock = new ManualClock("2026-03-02T06:00:00Z");
  const service = new DigestService({
    store: new SqliteDigestStore(openDatabase(tempDbPath())),
    story: () => library.default,
    settings: baseSettings,
    log,
    metrics,
    clock,
    senders: [sender],
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 1_000 },
  });
  return { service, clock, lines, metrics };
}

async function uncertainCount(metrics: Metrics, platform: string): Promise<number> {
  const { values } = await metrics.digestPosts.get();
  return (
    values.find((v) => v.labels.platform === platform && v.labels.result === "uncertain")?.value ??
    0
  );
}

describe("GIVEN a Telegram send whose outcome is unknown", () => {
  const fake = new FakeTelegram();
  const chat = -100777;
  let made: ReturnType<typeof serviceWith>;
  beforeAll(async () => {
    await fake.start();
  });
  afterEach(async () => {
    await made.service.close(100);
  });
  afterAll(async () => {
    await fake.stop();
  });

  const start = async () => {
    const api = digestApi(fake.token, fake.apiRoot, undefined, {
      timeoutSeconds: TIMEOUT_MS / 1000,
    });
    made = serviceWith(createSender(api));
    await made.service.subscribe({ platform: "telegram", target: String(chat), locale: "en" });
    made.clock.set("2026-03-02T07:00:01Z");
  };
  const posted = () =>
    fake.callsTo("sendMessage").filter((c) => Number(c.params.chat_id) === chat && c.ok);

  it("WHEN the API answers after the sender's timeout THEN the slot is recorded uncertain, reported, and never sent again", async () => {
    await start();
    const before = posted().length;
    fake.delay("sendMessage", TIMEOUT_MS * 4);
    const report = await made.service.deliverSlot(paris8, SLOT);
    // The fake still posts the late message: wait for it, then check nothing else came.
    await waitFor("the late message", () => posted().length > before);
    expect(report.outcomes).toMatchObject([{ result: "uncertain", attempts: 1 }]);
    expect(await made.service.store.ledger.get("telegram", String(chat), SLOT_ID)).toMatchObject({
      status: "uncertain",
      attempts: 1,
    });
    expect(
      fake.callsTo("sendMessage").filter((c) => Number(c.params.chat_id) === chat),
    ).toHaveLength(before + 1);
    expect(await made.service.runDue()).toMatchObject({ outcomes: [] });
    expect(made.lines.join("")).toContain("digest post outcome unknown");
    expect(await uncertainCount(made.metrics, "telegram")).toBe(1);
    const status = JSON.stringify(
      await made.service.status({ platform: "telegram", target: String(chat), locale: "en" }),
    );
    expect(status).toContain("Uncertain post");
    expect(made.service.attention()).toMatchObject({ uncertain: 1 });
  });

  it("WHEN the connection is reset after the request was written THEN the slot is uncertain and posted once", async () => {
    await start();
    const before = posted().length;
    fake.hangUp("sendMessage");
    const report = await made.service.deliverSlot(paris8, SLOT);
    expect(report.outcomes).toMatchObject([{ result: "uncertain", attempts: 1 }]);
    expect(posted()).toHaveLength(before + 1);
  });

  it("WHEN the API cannot be reached at all (connection refused) THEN the send is retried as before", async () => {
    const api = digestApi(fake.token, "http://127.0.0.1:9", undefined, {
      timeoutSeconds: TIMEOUT_MS / 1000,
    });
    made = serviceWith(createSender(api));
    await made.service.subscribe({ platform: "telegram", target: String(chat), locale: "en" });
    made.clock.set("2026-03-02T07:00:01Z");
    const report = await made.service.deliverSlot(paris8, SLOT);
    expect(report.outcomes).toMatchObject([{ result: "failed", attempts: 3 }]);
  });
});

describe("GIVEN a Discord send whose outcome is unknown", () => {
  let fake: FakeDiscord;
  let made: ReturnType<typeof serviceWith>;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterEach(async () => {
    await made.service.close(100);
  });
  afterAll(async () => {
    await fake.close();
  });

  const start = async () => {
    const rest = digestRest({ token: fake.token, api: fake.apiRoot, timeoutMs: TIMEOUT_MS });
    made = serviceWith(createDiscordSender(rest, () => "en"));
    await made.service.subscribe({ platform: "discord", target: fake.channelId, locale: "en" });
    made.clock.set("2026-03-02T07:00:01Z");
  };
  const messages = /^\/channels\/\d+\/messages$/;

  it("WHEN Discord answers after the sender's timeout THEN the slot is recorded uncertain and posted once", async () => {
    await start();
    const before = fake.postedTo(fake.channelId).length;
    fake.fault({ method: "POST", path: messages, delayMs: TIMEOUT_MS * 4, times: 1 });
    const report = await made.service.deliverSlot(paris8, SLOT);
    await waitFor("the late message", () => fake.postedTo(fake.channelId).length > before);
    expect(report.outcomes).toMatchObject([{ result: "uncertain", attempts: 1 }]);
    expect(await made.service.store.ledger.get("discord", fake.channelId, SLOT_ID)).toMatchObject({
      status: "uncertain",
    });
    expect(fake.messagesTo(fake.channelId)).toHaveLength(before + 1);
    expect(await uncertainCount(made.metrics, "discord")).toBe(1);
  });

  it("WHEN the connection is reset after the message was created THEN it is not posted again", async () => {
    await start();
    const before = fake.postedTo(fake.channelId).length;
    fake.fault({ method: "POST", path: messages, hangUp: true, times: 1 });
    const report = await made.service.deliverSlot(paris8, SLOT);
    expect(report.outcomes).toMatchObject([{ result: "uncertain", attempts: 1 }]);
    expect(fake.postedTo(fake.channelId)).toHaveLength(before + 1);
  });
});
