import { DiscordAPIError } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  deliver,
  type OutgoingMessage,
  type Outlet,
} from "../../../src/adapters/discord/sender.ts";
import type { Reply } from "../../../src/core/reply.ts";

/** An outlet that records what it posts and fails the posts `failAt` names, with `error`. */
function recordingOutlet(failAt: ReadonlyMap<number, unknown> = new Map()) {
  const posted: { index: number; message: OutgoingMessage }[] = [];
  const attempts: number[] = [];
  const outlet: Outlet = {
    async post(message, index) {
      attempts.push(index);
      const error = failAt.get(index);
      if (error) throw error;
      posted.push({ index, message });
      return `m${index}`;
    },
  };
  return { outlet, posted, attempts };
}

const missingAccess = () =>
  new DiscordAPIError({ code: 50001, message: "Missing Access" }, 50001, 403, "POST", "/x", {});
const unavailable = () =>
  new DiscordAPIError({ code: 0, message: "Unavailable" }, 0, 503, "POST", "/x", {});

/** Two quotes: two pages, which do not link to each other without an origin. */
const twoPages: Reply = {
  status: "ok",
  title: "Two quotes",
  blocks: [1, 2].map((n) => ({
    type: "quote" as const,
    speaker: `Speaker ${n}`,
    office: "Office",
    text: `Words ${n}.`,
    lang: "fr",
    marks: { open: "« ", close: " »" },
    where: `Paragraph ${n}`,
  })),
};

describe("deliver (Discord's one sender)", () => {
  it("posts every page in order when they do not link, and returns the first id", async () => {
    const { outlet, posted } = recordingOutlet();
    const result = await deliver(outlet, twoPages, "en");
    expect(result).toEqual({ ok: true, messageId: "m0" });
    expect(posted.map((p) => p.index)).toEqual([0, 1]);
    expect(posted[1]?.message.embeds[0]?.description).toContain("Words 2.");
  });

  it("posts only the first page when pages link with buttons", async () => {
    const { outlet, posted } = recordingOutlet();
    await deliver(outlet, twoPages, "en", { origin: { command: "quotes", argument: "" } });
    expect(posted).toHaveLength(1);
    expect(posted[0]?.message.components.length).toBeGreaterThan(0);
  });

  it("returns the first page's failure as it is: nothing went out, so it may be retried", async () => {
    const { outlet, attempts } = recordingOutlet(new Map([[0, unavailable()]]));
    const result = await deliver(outlet, twoPages, "en");
    expect(result).toMatchObject({ ok: false, permanent: false });
    expect(result.ok || result.uncertain).toBeFalsy();
    expect(attempts).toEqual([0]);
  });

  it("makes a later page's failure uncertain and never posts a page twice", async () => {
    const { outlet, attempts } = recordingOutlet(new Map([[1, unavailable()]]));
    const result = await deliver(outlet, twoPages, "en");
    expect(result).toMatchObject({ ok: false, uncertain: true });
    expect(result.ok ? "" : result.reason).toMatch(/^page 2 of 2 not delivered after page 1 was/);
    expect(attempts).toEqual([0, 1]);
  });

  it("keeps a permanent failure permanent (the channel will not take posts)", async () => {
    const { outlet } = recordingOutlet(new Map([[0, missingAccess()]]));
    expect(await deliver(outlet, twoPages, "en")).toMatchObject({ ok: false, permanent: true });
  });

  it("shows a user error to the caller only, and a private reply when asked", async () => {
    const { outlet, posted } = recordingOutlet();
    await deliver(outlet, { ...twoPages, status: "user-error" }, "en");
    await deliver(outlet, { status: "ok", title: "t", blocks: [] }, "en", { ephemeral: true });
    await deliver(outlet, { status: "ok", title: "t", blocks: [] }, "en");
    expect(posted.map((p) => p.message.ephemeral)).toEqual([true, true, true, false]);
  });
});
