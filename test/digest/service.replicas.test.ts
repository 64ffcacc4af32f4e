import { afterEach, describe, expect, it } from "vitest";
import type { DigestService } from "../../src/digest/service.ts";
import { waitFor } from "../support/wait.ts";
import { makeService } from "./support.ts";

const running: DigestService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop(100)));
});
const ref = { platform: "telegram" as const, locale: "en" as const };

describe("a digest service among replicas", () => {
  it("GIVEN a subscription made on another replica THEN the leader's schedules pick it up by re-reading, without a restart", async () => {
    const leader = makeService({ resyncMs: 20 });
    const other = makeService({ path: leader.path, clock: leader.clock });
    running.push(leader.service, other.service);
    await leader.service.start();
    expect(leader.service.scheduler.keys).toEqual([]);
    await other.service.subscribe({ ...ref, target: "-100123", time: "07:15" });
    await waitFor("the leader's scheduler to learn the schedule", () =>
      leader.service.scheduler.keys.includes("15 7 * * *|Europe/Paris"),
    );
    await other.service.unsubscribe({ ...ref, target: "-100123" });
    await waitFor(
      "the leader's scheduler to drop it",
      () => leader.service.scheduler.keys.length === 0,
    );
  });

  it("GIVEN the leader stands by THEN it schedules nothing but still answers commands; GIVEN it leads again THEN its schedules come back", async () => {
    const made = makeService({ resyncMs: 20 });
    running.push(made.service);
    await made.service.subscribe({ ...ref, target: "-100123" });
    await made.service.start();
    expect(made.service.scheduler.keys).toEqual(["0 8 * * *|Europe/Paris"]);
    made.service.standBy();
    expect(made.service.scheduler.keys).toEqual([]);
    expect((await made.service.status({ ...ref, target: "-100123" })).status).toBe("ok");
    await made.service.subscribe({ ...ref, target: "-100456", time: "09:00" });
    expect(made.service.scheduler.keys).toEqual([]);
    await made.service.start();
    expect(made.service.scheduler.keys).toEqual([
      "0 8 * * *|Europe/Paris",
      "0 9 * * *|Europe/Paris",
    ]);
  });
});
