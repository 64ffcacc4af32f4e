import type { APIEmbed } from "discord.js";
import { expect } from "vitest";
import { CUSTOM_ID_MAX } from "../../../src/adapters/discord/paging.ts";
import { type DiscordPage, LIMITS } from "../../../src/adapters/discord/render.ts";

/** Characters Discord counts towards the 6000 limit of a message's embeds. */
export function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Fails the test if a message breaks any Discord limit. */
export function expectWithinLimits(page: {
  content?: string;
  embeds?: APIEmbed[];
  components?: DiscordPage["components"];
}): void {
  expect(page.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
  const embeds = page.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(LIMITS.total);
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
  }
  const rows = page.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(LIMITS.rows);
  const ids = new Set<string>();
  for (const row of rows) {
    expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const b of row.components) {
      if ("label" in b) expect(b.label?.length ?? 0).toBeLessThanOrEqual(LIMITS.buttonLabel);
      if ("custom_id" in b) {
        expect(b.custom_id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
        expect(ids.has(b.custom_id)).toBe(false);
        ids.add(b.custom_id);
      }
    }
  }
}
