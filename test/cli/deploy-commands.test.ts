import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { main } from "../../src/cli/deploy-commands.ts";
import { FakeDiscord } from "../fakes/discord.ts";
import { runMain } from "../support/cli.ts";

/** The story commands and `/digest`. */
const expectedNames = commands.map((c) => c.name);
let fake: FakeDiscord;

/** Runs the CLI's main in-process; resolves with its exit code and output. */
const deploy = (env: Record<string, string>) => runMain(main, [], env);

beforeAll(async () => {
  fake = await FakeDiscord.start();
});

afterAll(async () => {
  await fake?.close();
});

describe("npm run deploy-commands", () => {
  it("registers every command to the guild with French, English and Russian localizations, idempotently", async () => {
    const env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_ROOT: fake.apiRoot,
      DISCORD_GUILD_ID: fake.guildId,
    };
    const first = await deploy(env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      `Registered ${expectedNames.length} command(s) to guild ${fake.guildId}`,
    );
    const second = await deploy(env);
    expect(second.code).toBe(0);

    const puts = fake.calls.filter((c) => c.method === "PUT");
    expect(puts.map((c) => c.path)).toEqual([
      `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`,
      `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`,
    ]);
    expect(puts[0]?.body).toEqual(puts[1]?.body);
    expect(puts[0]?.headers.authorization).toBe(`Bot ${fake.token}`);
    const body = puts[0]?.body as {
      name: string;
      description: string;
      description_localizations: Record<string, string>;
      options: {
        type: number;
        name: string;
        max_length: number;
        autocomplete?: boolean;
        choices?: { name_localizations: Record<string, string> }[];
      }[];
    }[];
    expect(body.map((c) => c.name)).toEqual(expectedNames);
    for (const c of body) {
      expect(c.name).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(Object.keys(c.description_localizations).sort()).toEqual([
        "en-GB",
        "en-US",
        "fr",
        "ru",
      ]);
    }
    const quote = body.find((c) => c.name === "quote");
    expect(quote?.description_localizations.fr).toMatch(/Loukachenko/);
    expect(quote?.options[0]).toMatchObject({
      type: 3,
      name: "speaker",
      max_length: 100,
      autocomplete: true,
    });
    const summary = body.find((c) => c.name === "summary");
    expect(summary?.options[0]?.choices?.[0]?.name_localizations.fr).toBe("court");
    expect(summary?.options[0]?.choices?.[1]?.name_localizations.ru).toBe("подробно");
    expect(quote?.description_localizations.ru).toMatch(/Лукашенко/);
    expect(fake.commands.get(fake.guildId)).toHaveLength(expectedNames.length);
  });

  it("registers /digest with its subcommands, for Manage Channels, in servers only", async () => {
    await deploy({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_ROOT: fake.apiRoot,
      DISCORD_GUILD_ID: fake.guildId,
    });
    const digest = (fake.commands.get(fake.guildId) as Record<string, unknown>[]).find(
      (c) => c.name === "digest",
    ) as {
      default_member_permissions: string;
      dm_permission: boolean;
      contexts: number[];
      options: { type: number; name: string; options: { name: string }[] }[];
    };
    expect(digest).toMatchObject({ default_member_permissions: "16", dm_permission: false });
    expect(digest.contexts).toEqual([0]);
    expect(digest.options.map((o) => [o.type, o.name])).toEqual([
      [1, "subscribe"],
      [1, "unsubscribe"],
      [1, "status"],
      [1, "preview"],
    ]);
    expect(digest.options[0]?.options.map((o) => o.name)).toEqual([
      "time",
      "timezone",
      "language",
      "cron",
      "image",
    ]);
  });

  it("registers globally when no guild is given", async () => {
    const result = await deploy({ DISCORD_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("globally");
    expect(fake.commands.get("global")).toHaveLength(expectedNames.length);
  });

  it("fails clearly, with a non-zero exit, without a token", async () => {
    const result = await deploy({ DISCORD_API_ROOT: fake.apiRoot });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DISCORD_TOKEN is not set");
  });

  it("reports Discord's refusal without printing the token", async () => {
    const result = await deploy({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_ROOT: fake.apiRoot,
      DISCORD_APPLICATION_ID: "1049721932418043954",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Discord refused the commands (HTTP 403");
    expect(result.stderr).toContain("Missing Access");
    expect(result.stderr + result.stdout).not.toContain(fake.token);
  });

  it("GIVEN Discord out of reach THEN it says it could not reach Discord, not that Discord refused", async () => {
    const result = await deploy({
      DISCORD_TOKEN: fake.token,
      // Nothing listens on the discard port.
      DISCORD_API_ROOT: "http://127.0.0.1:9/api",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("could not reach Discord at http://127.0.0.1:9/api");
    expect(result.stderr).not.toContain("refused the commands");
    expect(result.stderr + result.stdout).not.toContain(fake.token);
  });
});
