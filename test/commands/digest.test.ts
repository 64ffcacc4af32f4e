import { describe, expect, it } from "vitest";
import { completeTimezone, digest as digestCommand } from "../../commands/digest.ts";
import type { Place } from "../../commands/types.ts";
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
  subcommand: string,
  options: Record<string, string | undefined> = {},
) {
  return digestCommand.run(
    { locale: ref.locale, subcommand, options, where },
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
});
