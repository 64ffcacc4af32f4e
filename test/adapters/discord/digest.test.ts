import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAUSE_REASONS } from "../../../src/adapters/discord/digest-events.ts";
import { decodeButton } from "../../../src/adapters/discord/paging.ts";
import type { Reply } from "../../../src/core/reply.ts";
import {
  type DiscordDigests,
  digestCommand,
  EPHEMERAL,
  PERMISSION,
  startDiscordDigests,
  until,
} from "../../support/discord-digests.ts";
import { waitFor } from "../../support/wait.ts";

let h: DiscordDigests;
let muted: string;
let open: string;
let doomed: string;
let forgedAt: string;

beforeAll(async () => {
  h = await startDiscordDigests({
    beforeLogin: (fake) => {
      muted = fake.addChannel();
      open = fake.addChannel();
      doomed = fake.addChannel();
      forgedAt = fake.addChannel();
    },
  });
});

afterAll(async () => {
  await h?.close();
});

const subscription = async (target: string) =>
  await h.digests.store.subscriptions.get("discord", target);

describe("/digest on Discord", () => {
  it("refuses to subscribe where the bot cannot embed links, naming what is missing", async () => {
    const callback = await digestCommand(
      h.fake,
      "subscribe",
      {},
      {
        locale: "en-GB",
        appPermissions: PERMISSION.ViewChannel | PERMISSION.SendMessages,
      },
    );
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.embeds[0].title).toBe("I cannot post here");
    expect(callback.body.data.embeds[0].description).toContain("Embed Links");
    expect(callback.body.data.embeds[0].description).not.toContain("Send Messages");
    expect(await subscription(h.fake.channelId)).toBeUndefined();
  });

  it("refuses unsubscribe to a member without Manage Channels, in French for a French reader", async () => {
    await h.digests.subscribe({ platform: "discord", target: open, locale: "fr" });
    const callback = await digestCommand(
      h.fake,
      "unsubscribe",
      {},
      { locale: "fr", channelId: open, memberPermissions: PERMISSION.SendMessages },
    );
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.embeds[0].description).toContain("Gérer les salons");
    expect(await subscription(open)).toBeDefined();
  });

  it("GIVEN a forged subcommand name (SUBSCRIBE, 'subscribe 06:00') from a member without Manage Channels THEN nothing is saved", async () => {
    const member = {
      locale: "en-GB",
      channelId: forgedAt,
      memberPermissions: PERMISSION.SendMessages,
    };
    for (const forged of ["SUBSCRIBE", "subscribe 06:00", " subscribe", "Unsubscribe"]) {
      await h.digests.unsubscribe({ platform: "discord", target: forgedAt, locale: "en" });
      if (forged === "Unsubscribe")
        await h.digests.subscribe({ platform: "discord", target: forgedAt, locale: "en" });
      const callback = await digestCommand(h.fake, forged, {}, member);
      expect(callback.body.data.embeds[0].title, forged).not.toMatch(/Subscri(bed|ption removed)/);
      if (forged === "Unsubscribe") expect(await subscription(forgedAt), forged).toBeDefined();
      else expect(await subscription(forgedAt), forged).toBeUndefined();
    }
  });

  it("lets anyone see the status, and shows the preview only to the caller", async () => {
    const member = { locale: "en-US", channelId: open, memberPermissions: PERMISSION.SendMessages };
    const status = await digestCommand(h.fake, "status", {}, member);
    expect(status.body.data.flags ?? 0).toBe(0);
    expect(status.body.data.embeds[0].title).toBe("The daily brief in this channel");
    const { id, token } = h.fake.chatInput("digest", {}, { ...member, subcommand: "preview" });
    const preview = await h.fake.waitForCallback(id);
    expect(preview.body.data.flags).toBe(EPHEMERAL);
    // The digest carries the day's quote card (image on): when the card is not rendered yet,
    // the private answer is deferred, then edited with the card.
    const shown =
      preview.body.type === 5
        ? (
            await h.fake.waitForCall(
              (c) =>
                c.method === "PATCH" &&
                decodeURIComponent(c.path).endsWith(`/${token}/messages/@original`),
            )
          ).body
        : preview.body.data;
    expect(shown.embeds[0].description).toContain("visible only to you");
    expect(shown.embeds[0].description).toContain("Picture: the day’s quote card");
    expect(shown.embeds[0].image.url).toMatch(/^attachment:\/\/.*-quote-.*-fr\.png$/);
    // The subscription is in French: the preview shows the French digest.
    expect(shown.embeds[0].title).toMatch(/OTSC/);
  });

  it("completes the time zone of /digest subscribe", async () => {
    const { id } = h.fake.autocomplete("digest", "timezone", "europe/pa", {
      subcommand: "subscribe",
    });
    const callback = await h.fake.waitForCallback(id);
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices).toContainEqual({
      name: "Europe/Paris",
      value: "Europe/Paris",
    });
  });

  it("unsubscribes for an admin; status then says there is no subscription", async () => {
    const admin = {
      locale: "en-US",
      channelId: open,
      memberPermissions: PERMISSION.ManageChannels,
    };
    const done = await digestCommand(h.fake, "unsubscribe", {}, admin);
    expect(done.body.data.embeds[0].title).toBe("Subscription removed");
    expect(await subscription(open)).toBeUndefined();
    const status = await digestCommand(h.fake, "status", {}, admin);
    expect(status.body.data.embeds[0].title).toBe("No subscription here");
  });

  it("records each /digest command once in the metrics", async () => {
    const served = async () =>
      (await h.metrics.commands.get()).values
        .filter((v) => v.labels.command === "digest")
        .reduce((n, v) => n + v.value, 0);
    // Six in the tests above and four forged ones; recorded just after the answer went out.
    await waitFor("ten /digest commands counted", async () => (await served()) >= 10);
    expect(await served()).toBe(10);
    expect(h.lines.filter((l) => l.includes('"command":"digest"'))).toHaveLength(10);
  });
});

describe("Discord events and digest subscriptions", () => {
  it("pauses a deleted channel's subscription with the reason", async () => {
    await h.digests.subscribe({ platform: "discord", target: doomed, locale: "en" });
    h.fake.deleteChannel(doomed);
    await until(async () => (await subscription(doomed))?.pausedReason != null, "the pause");
    expect((await subscription(doomed))?.pausedReason).toBe(PAUSE_REASONS.deleted);
  });

  it("pauses every subscription of a server the bot is removed from, and resumes where it can post when re-added", async () => {
    await h.digests.subscribe({ platform: "discord", target: muted, locale: "en" });
    await h.digests.subscribe({ platform: "discord", target: h.fake.channelId, locale: "en" });
    h.fake.removeBot();
    await until(
      async () =>
        (await subscription(muted))?.pausedReason != null &&
        (await subscription(h.fake.channelId))?.pausedReason != null,
      "both pauses",
    );
    expect((await subscription(muted))?.pausedReason).toBe(PAUSE_REASONS.removed);
    expect(h.discord.client.guilds.cache.has(h.fake.guildId)).toBe(false);

    // Re-added, but an overwrite now denies Send Messages in `muted`.
    h.fake.mutedFor.add(muted);
    h.fake.addBot();
    await until(
      async () => (await subscription(h.fake.channelId))?.pausedReason === null,
      "the resume",
    );
    expect((await subscription(muted))?.pausedReason).toBe(PAUSE_REASONS.removed);
    // A deleted channel is not in the server any more: it stays paused.
    expect((await subscription(doomed))?.pausedReason).toBe(PAUSE_REASONS.deleted);
  });
});

describe("Discord digest sender", () => {
  const withAction: Reply = {
    status: "ok",
    title: "t",
    blocks: [{ type: "text", text: "x" }],
    actions: [{ label: "Quotes", command: "quotes" }],
  };
  const buttonLocale = (body: { components: { components: { custom_id: string }[] }[] }) =>
    decodeButton(body.components[0]?.components[0]?.custom_id ?? "")?.locale;

  it("makes buttons in the locale it is given, else in the default one", async () => {
    const target = "6".repeat(18);
    expect(await h.discord.sender.send(target, withAction, "en")).toMatchObject({ ok: true });
    expect(await h.discord.sender.send(target, withAction)).toMatchObject({ ok: true });
    const [english, fallback] = h.fake.postedTo(target);
    expect(buttonLocale(english?.body)).toBe("en");
    expect(buttonLocale(fallback?.body)).toBe("fr");
  });

  it("is given the subscription's language by the digest engine", async () => {
    const target = "8".repeat(18);
    const seen: (string | undefined)[] = [];
    const sender = h.discord.sender;
    h.digests.setSender({
      platform: "discord",
      send: (to, reply, locale) => {
        seen.push(locale);
        return sender.send(to, reply, locale);
      },
    });
    try {
      await h.digests.subscribe({
        platform: "discord",
        target,
        locale: "fr",
        language: "en",
        time: "06:15",
        timezone: "UTC",
      });
      const schedule = { cron: "15 6 * * *", timezone: "UTC" };
      const report = await h.digests.deliverSlot(schedule, new Date(Date.now() + 60_000));
      expect(report.count.sent).toBe(1);
      expect(seen).toEqual(["en"]);
      expect(h.fake.postedTo(target)[0]?.body.embeds[0].title).toMatch(/^Today’s brief/);
    } finally {
      h.digests.setSender(sender);
    }
  });
});
