import { describe, expect, it } from "vitest";
import { completeTimezone, digest as digestCommand } from "../../commands/digest.ts";
import type { Place } from "../../commands/types.ts";
import type { Locale } from "../../src/core/locale.ts";
import type { DigestService } from "../../src/digest/service.ts";
import { makeService } from "../digest/support.ts";
import { commandContext, replyText } from "../support/context.ts";

const ref = { platform: "discord" as const, target: "1049721932418043954", locale: "fr" as const };
const where: Place = {
  platform: ref.platform,
  chat: ref.target,
  private: false,
  subscribable: true,
  missingToPost: () => [],
};

/** `/digest <subcommand>` with Discord-style options, as `serve` runs it. */
function runDigestCommand(
  service: DigestService,
  subcommand: string | undefined,
  options: Record<string, string | undefined> = {},
  locale: Locale = ref.locale,
) {
  return digestCommand.run(
    { locale, subcommand, options, where },
    { ...commandContext(), digests: service },
  );
}

describe("the /digest command", () => {
  it("fits both platforms' limits: names [a-z0-9_], descriptions ≤ 100 characters", () => {
    const subcommands = digestCommand.subcommands ?? [];
    const names = [
      digestCommand.name,
      ...subcommands.flatMap((s) => [s.name, ...s.options.map((o) => o.name)]),
    ];
    for (const n of names) expect(n).toMatch(/^[a-z0-9_]{1,32}$/);
    const descriptions = [
      digestCommand.description,
      ...subcommands.flatMap((s) => [s.description, ...s.options.map((o) => o.description)]),
    ].flatMap((d) => [d.fr, d.en]);
    for (const d of descriptions) expect(d.length).toBeLessThanOrEqual(100);
  });

  it("dispatches Discord-style options to the service", async () => {
    const { service } = makeService();
    const reply = await runDigestCommand(service, "subscribe", {
      time: "07:45",
      timezone: "Asia/Yerevan",
      language: "en",
    });
    expect(reply.status).toBe("ok");
    expect(await service.store.subscriptions.get("discord", ref.target)).toMatchObject({
      cron: "45 7 * * *",
      timezone: "Asia/Yerevan",
      locale: "en",
    });
    expect(replyText(await runDigestCommand(service, "status"))).toContain(
      "chaque jour à 07:45 (Asia/Yerevan)",
    );
    expect((await runDigestCommand(service, "nonsense")).status).toBe("user-error");
  });

  it("suggests time zones as one types", () => {
    expect(completeTimezone("europe/pa").map((c) => c.value)).toEqual(["Europe/Paris"]);
    expect(completeTimezone("").length).toBe(25);
  });

  it.each([
    ["fr", "Image", "aucune, texte seul", "la carte de la citation du jour, avec le point"],
    ["en", "Picture", "none, text only", "the day’s quote card, with the brief"],
    ["ru", "Картинка", "нет, только текст", "карточка с цитатой дня, вместе со сводкой"],
  ] as const)(
    "GIVEN a %s reader THEN the picture setting is set by the image option and worded in subscribe, status and preview",
    async (locale, field, off, on) => {
      const { service } = makeService();
      const run = (sub: string, options: Record<string, string | undefined> = {}) =>
        runDigestCommand(service, sub, options, locale);
      const fieldOf = async (sub: string) => {
        const reply = await run(sub);
        const fields = reply.blocks.flatMap((b) => (b.type === "fields" ? b.fields : []));
        return fields.find((f) => f.name === field)?.value;
      };

      const subscribed = await run("subscribe", { time: "07:00" });
      expect(replyText(subscribed)).toContain(`${field}\n${on}`);
      expect(await fieldOf("status")).toBe(on);
      const withCard = await run("preview");
      expect(withCard.image?.card).toMatch(/^quote:/);
      expect(replyText(withCard)).toContain(on);

      expect((await run("subscribe", { image: "off" })).status).toBe("ok");
      expect(await fieldOf("status")).toBe(off);
      const textOnly = await run("preview");
      expect(textOnly.image).toBeUndefined();
      expect(replyText(textOnly)).toContain(off);

      const wrong = await run("subscribe", { image: "sometimes" });
      expect(wrong.status).toBe("user-error");
      expect(replyText(wrong)).toContain("image:off");
      expect(await fieldOf("status")).toBe(off);
    },
  );

  it("GIVEN the usage of /digest THEN it says how to turn the card off, in every language", async () => {
    const { service } = makeService();
    for (const locale of ["fr", "en", "ru"] as const) {
      const usage = replyText(await runDigestCommand(service, undefined, {}, locale));
      expect(usage, locale).toContain("/digest subscribe image:off");
    }
  });
});
