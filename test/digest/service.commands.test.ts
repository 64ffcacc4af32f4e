import { describe, expect, it } from "vitest";
import { latestVersion } from "../../src/storage/database.ts";
import { replyText } from "../support/context.ts";
import { makeService } from "./support.ts";

const ref = { platform: "telegram" as const, target: "-100123", locale: "en" as const };

describe("DigestService commands", () => {
  it("subscribes at 08:00 in the configured zone by default and tells the next post", async () => {
    const { service } = makeService();
    const reply = await service.subscribe(ref);
    expect(reply.status).toBe("ok");
    const text = replyText(reply);
    expect(text).toContain("every day at 08:00 (Europe/Paris)");
    expect(text).toContain("in English");
    // Clock: Monday 2 March 2026, 07:00 in Paris → next post the same day at 08:00.
    expect(text).toContain("Monday, 2 March 2026 at 08:00");
    expect(await service.store.subscriptions.get("telegram", "-100123")).toMatchObject({
      cron: "0 8 * * *",
      timezone: "Europe/Paris",
      locale: "en",
      source: "command",
    });
  });

  it("takes the digest language from the option, not from the caller", async () => {
    const { service } = makeService();
    const reply = await service.subscribe({
      ...ref,
      language: "FR",
      timezone: "america/new_york",
      time: "7:30",
    });
    expect(replyText(reply)).toContain("every day at 07:30 (America/New_York), in French");
    expect((await service.store.subscriptions.get("telegram", "-100123"))?.locale).toBe("fr");
  });

  it("answers bad input clearly, in the caller's language, and saves nothing", async () => {
    const { service } = makeService();
    const cases: [Record<string, string>, string][] = [
      [{ time: "25:00" }, "“25:00” is not a valid time"],
      [{ timezone: "Mars/Olympus" }, "“Mars/Olympus” is not a known IANA time zone"],
      [{ timezone: "Europe/Pariss" }, "Did you mean Europe/Paris?"],
      [{ cron: "0 25 * * *" }, "is not a valid cron expression"],
      [{ cron: "* * * * *" }, "would post too often"],
      [{ cron: "0 8 * * *", time: "08:00" }, "either a time or a cron expression"],
      [{ language: "de" }, "“de” is not an offered language"],
      [{ time: "x".repeat(10_000) }, "is not a valid time"],
    ];
    for (const [options, expected] of cases) {
      const reply = await service.subscribe({ ...ref, ...options });
      expect(reply.status, JSON.stringify(options).slice(0, 60)).toBe("user-error");
      expect(replyText(reply)).toContain(expected);
      expect(replyText(reply).length).toBeLessThan(600);
    }
    expect(await service.store.subscriptions.all()).toEqual([]);
    const fr = await service.subscribe({ ...ref, locale: "fr", time: "25:00" });
    expect(replyText(fr)).toContain("« 25:00 » n’est pas une heure valable");
  });

  it("subscribes in Russian: `ru` or «русский» as the language, the reply in the caller's Russian", async () => {
    const { service } = makeService();
    const reply = await service.handleText(
      { ...ref, locale: "ru" },
      "subscribe 09:00 Europe/Moscow ru",
    );
    expect(reply.status).toBe("ok");
    expect(replyText(reply)).toContain("ежедневно в 09:00 (Europe/Moscow), язык: русский");
    expect((await service.store.subscriptions.get("telegram", "-100123"))?.locale).toBe("ru");
    await service.handleText(ref, "subscribe русский");
    expect((await service.store.subscriptions.get("telegram", "-100123"))?.locale).toBe("ru");
    const bad = await service.handleText({ ...ref, locale: "ru" }, "subscribe 25:00");
    expect(replyText(bad)).toContain("«25:00» — неверное время");
  });

  it("reads Telegram-style words in any order, with a quoted or bare cron expression", async () => {
    const { service } = makeService();
    expect((await service.handleText(ref, "subscribe en Europe/Paris 09:15")).status).toBe("ok");
    expect(await service.store.subscriptions.get("telegram", "-100123")).toMatchObject({
      cron: "15 9 * * *",
      locale: "en",
    });
    await service.handleText(ref, 'subscribe "0 8 * * 1-5" UTC fr');
    expect(await service.store.subscriptions.get("telegram", "-100123")).toMatchObject({
      cron: "0 8 * * 1-5",
      timezone: "UTC",
      locale: "fr",
    });
    await service.handleText(ref, "subscribe 30 7 * * MON-FRI America/New_York");
    expect(await service.store.subscriptions.get("telegram", "-100123")).toMatchObject({
      cron: "30 7 * * MON-FRI",
      timezone: "America/New_York",
    });
  });

  it("answers unknown words and subcommands with the usage", async () => {
    const { service } = makeService();
    expect(replyText(await service.handleText(ref, "subscribe 25:00"))).toContain(
      "“25:00” is not a valid time",
    );
    expect(replyText(await service.handleText(ref, "subscribe tomorrow"))).toContain(
      "I do not know what to do with “tomorrow”",
    );
    const unknown = await service.handleText(ref, "explode now");
    expect(unknown.status).toBe("user-error");
    expect(replyText(unknown)).toContain("/digest subscribe [HH:MM]");
    expect((await service.handleText(ref, "")).status).toBe("ok");
  });

  it("unsubscribes, and says so when there was nothing to remove", async () => {
    const { service } = makeService();
    await service.subscribe(ref);
    expect((await service.unsubscribe(ref)).status).toBe("ok");
    expect(await service.store.subscriptions.get("telegram", "-100123")).toBeUndefined();
    expect((await service.unsubscribe(ref)).status).toBe("user-error");
  });

  it("shows the schedule, next post, last post and pause reason in status", async () => {
    const { service, clock } = makeService();
    expect(replyText(await service.status(ref))).toContain("not subscribed");
    await service.subscribe(ref);
    clock.set("2026-03-02T07:00:05Z");
    await service.deliverSlot(
      { cron: "0 8 * * *", timezone: "Europe/Paris" },
      new Date("2026-03-02T07:00:00Z"),
    );
    const status = replyText(await service.status(ref));
    expect(status).toContain("Last post\nMonday, 2 March 2026 at 08:00");
    expect(status).toContain("Next post\nTuesday, 3 March 2026 at 08:00");
    await service.pause("telegram", "-100123", "bot was kicked from the group chat");
    const paused = replyText(await service.status(ref));
    expect(paused).toContain("bot was kicked from the group chat");
    expect(paused).toContain("Next post\n—");
  });

  it("previews exactly the next digest, in the target's language", async () => {
    const { service, telegram, clock } = makeService();
    await service.subscribe({ ...ref, language: "fr" });
    const preview = await service.preview(ref);
    expect(preview.blocks[0]).toMatchObject({ type: "text" });
    expect(replyText(preview)).toContain("visible only to you");
    clock.set("2026-03-02T07:00:01Z");
    await service.deliverSlot(
      { cron: "0 8 * * *", timezone: "Europe/Paris" },
      new Date("2026-03-02T07:00:00Z"),
    );
    expect(telegram.sent[0]?.reply.blocks).toEqual(preview.blocks.slice(1));
    expect(telegram.sent[0]?.reply.title).toContain("Le point du jour");
  });
});

describe("DigestService.databaseCheck", () => {
  it("is ok while the database answers, and fails once it is closed", async () => {
    const { service } = makeService();
    expect(await service.databaseCheck()).toEqual({
      name: "database",
      ok: true,
      detail: `sqlite, schema ${latestVersion()}`,
    });
    await service.close(0);
    expect(await service.databaseCheck()).toMatchObject({ name: "database", ok: false });
  });
});
