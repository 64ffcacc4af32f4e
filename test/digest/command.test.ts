import { describe, expect, it } from "vitest";
import { completeTimezone, digestCommand, runDigestCommand } from "../../src/digest/command.ts";
import { replyText } from "../support/context.ts";
import { makeService } from "./support.ts";

const ref = { platform: "discord" as const, target: "1049721932418043954", locale: "fr" as const };

describe("the /digest command", () => {
  it("fits both platforms' limits: names [a-z0-9_], descriptions ≤ 100 characters", () => {
    const names = [
      digestCommand.name,
      ...digestCommand.subcommands.flatMap((s) => [s.name, ...s.options.map((o) => o.name)]),
    ];
    for (const n of names) expect(n).toMatch(/^[a-z0-9_]{1,32}$/);
    const descriptions = [
      digestCommand.description,
      ...digestCommand.subcommands.flatMap((s) => [
        s.description,
        ...s.options.map((o) => o.description),
      ]),
    ].flatMap((d) => [d.fr, d.en]);
    for (const d of descriptions) expect(d.length).toBeLessThanOrEqual(100);
  });

  it("dispatches Discord-style options to the service", () => {
    const { service } = makeService();
    const reply = runDigestCommand(service, ref, "subscribe", {
      time: "07:45",
      timezone: "Asia/Yerevan",
      language: "en",
    });
    expect(reply.status).toBe("ok");
    expect(service.store.subscriptions.get("discord", ref.target)).toMatchObject({
      cron: "45 7 * * *",
      timezone: "Asia/Yerevan",
      locale: "en",
    });
    expect(replyText(runDigestCommand(service, ref, "status"))).toContain(
      "chaque jour à 07:45 (Asia/Yerevan)",
    );
    expect(runDigestCommand(service, ref, "nonsense").status).toBe("user-error");
  });

  it("suggests time zones as one types", () => {
    expect(completeTimezone("europe/pa").map((c) => c.value)).toEqual(["Europe/Paris"]);
    expect(completeTimezone("").length).toBe(25);
  });
});
