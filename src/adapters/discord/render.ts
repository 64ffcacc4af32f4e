import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { Locale } from "../../core/locale.ts";
import type { Action, Block, QuoteBlock, Reply } from "../../core/reply.ts";
import { escapeText, splitEscaped } from "./markdown.ts";
import { encodeButton } from "./paging.ts";
import { wording } from "./wording.ts";

/** Discord's message limits (discord-api-docs, "Embed Limits" and "Message Components"). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
} as const;

/** The embed colour: the bot's accent for answers, amber for a reader's mistake. */
const COLOR = { ok: 0x2b6cb0, "user-error": 0xd69e2e } as const;

/** One Discord message: what `reply`, `update` and `channel.send` take. */
export interface DiscordPage {
  readonly embeds: APIEmbed[];
  readonly components: APIActionRowComponent<APIButtonComponent>[];
}

/** The command a reply answers, so page buttons can re-run it (state lives in the button). */
export interface Origin {
  readonly command: string;
  readonly argument: string;
}

export interface RenderedReply {
  readonly pages: readonly DiscordPage[];
  /**
   * True when pages link to each other with buttons. False for a reply of several pages that
   * could not carry buttons (no origin, or an argument too long for a `custom_id`): the caller
   * must then send every page.
   */
  readonly linked: boolean;
}

/** Bold markup only around what fits in one chunk, so a split never leaves it open. */
function bold(escaped: string, max: number): string {
  return escaped.length + 4 <= max / 2 ? `**${escaped}**` : escaped;
}

type Item =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "field"; readonly field: APIEmbedField }
  | { readonly kind: "break" };

/** Block quotes need `> ` on every line; blank lines inside a quote would end it. */
function blockQuote(escaped: string): string {
  return escaped
    .split(/\n+/)
    .map((line) => `> ${line}`)
    .join("\n");
}

function quoteItems(b: QuoteBlock, max: number): Item[] {
  const header = `**${escapeText(b.speaker)}** (${escapeText(b.office)})`;
  // Quote lines grow by "> "; half the room leaves space for that.
  const quoted = splitEscaped(escapeText(b.text), Math.floor(max / 2)).map(blockQuote);
  const translation = b.translation
    ? splitEscaped(escapeText(b.translation.text), max - b.translation.label.length * 2 - 8).map(
        (t, i) => (i === 0 ? `*${escapeText(b.translation?.label ?? "")}*\n${t}` : t),
      )
    : [];
  const where = `-# ${escapeText(b.where)}`;
  const whole = [header, ...quoted, ...translation, where].join("\n");
  if (whole.length <= max) return [{ kind: "text", text: whole }];
  return [header, ...quoted, ...translation, where].flatMap((text) =>
    splitEscaped(text, max).map((t) => ({ kind: "text" as const, text: t })),
  );
}

function blockItems(b: Block, max: number): Item[] {
  const texts = (text: string): Item[] =>
    splitEscaped(text, max).map((t) => ({ kind: "text" as const, text: t }));
  switch (b.type) {
    case "text":
      return texts(escapeText(b.text));
    case "list":
      return texts(b.items.map((item) => `• ${escapeText(item)}`).join("\n"));
    case "fields":
      return b.fields.flatMap((f): Item[] => {
        const name = escapeText(f.name.trim()) || "\u200b";
        const value = escapeText(f.value.trim()) || "\u200b";
        // A field too big for a field becomes text, split like any other.
        if (name.length > LIMITS.fieldName || value.length > LIMITS.fieldValue)
          return texts(`${bold(name, max)}\n${value}`);
        return [{ kind: "field", field: { name, value } }];
      });
    case "quote":
      return quoteItems(b, max);
  }
}

interface PageDraft {
  description: string[];
  descriptionLength: number;
  fields: APIEmbedField[];
  size: number;
}

const newPage = (): PageDraft => ({ description: [], descriptionLength: 0, fields: [], size: 0 });

/** Lays items out on pages that each respect the description, field and total limits. */
function layout(items: readonly Item[], budget: number): PageDraft[] {
  const pages: PageDraft[] = [newPage()];
  let page = pages[0] as PageDraft;
  const isEmpty = (p: PageDraft) => p.description.length === 0 && p.fields.length === 0;
  const turn = () => {
    if (isEmpty(page)) return;
    page = newPage();
    pages.push(page);
  };
  for (const item of items) {
    if (item.kind === "break") turn();
    else if (item.kind === "text") {
      const cost = item.text.length + (page.description.length > 0 ? 2 : 0);
      // Text after fields starts a new page, so the reading order stays the reply's order.
      if (
        page.fields.length > 0 ||
        page.descriptionLength + cost > LIMITS.description ||
        page.size + cost > budget
      )
        turn();
      const fresh = item.text.length + (page.description.length > 0 ? 2 : 0);
      page.description.push(item.text);
      page.descriptionLength += fresh;
      page.size += fresh;
    } else {
      const cost = item.field.name.length + item.field.value.length;
      if (page.fields.length >= LIMITS.fields || page.size + cost > budget) turn();
      page.fields.push(item.field);
      page.size += cost;
    }
  }
  return pages;
}

function button(label: string, customId: string, disabled = false): APIButtonComponent {
  const text =
    label.length > LIMITS.buttonLabel ? `${label.slice(0, LIMITS.buttonLabel - 1)}…` : label;
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: text,
    custom_id: customId,
    disabled,
  };
}

function rows(buttons: APIButtonComponent[]): APIActionRowComponent<APIButtonComponent>[] {
  const out: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow)
    out.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + LIMITS.buttonsPerRow),
    });
  return out;
}

/** Action buttons that fit; the others are returned so they can be shown as text. */
function actionButtons(
  actions: readonly Action[],
  locale: Locale,
  room: number,
): { buttons: APIButtonComponent[]; overflow: Action[] } {
  const buttons: APIButtonComponent[] = [];
  const overflow: Action[] = [];
  const seen = new Set<string>();
  for (const a of actions) {
    const id = encodeButton({
      kind: "run",
      command: a.command,
      argument: a.argument ?? "",
      locale,
    });
    if (id && seen.has(id)) continue;
    if (!id || buttons.length >= room) overflow.push(a);
    else {
      seen.add(id);
      buttons.push(button(a.label, id));
    }
  }
  return { buttons, overflow };
}

/**
 * The Discord renderer: a neutral reply becomes one or more messages of one embed each, with
 * every Discord limit respected. What does not fit goes to further pages, never cut; a reply
 * quoting several people gives one page per quote. With an `origin`, pages link to each other
 * with Previous/Next buttons whose state is in the `custom_id`; actions become buttons.
 *
 * @example renderReply(runCommand(context, "quotes", "", "en"), "en", { command: "quotes", argument: "" })
 */
export function renderReply(reply: Reply, locale: Locale, origin?: Origin): RenderedReply {
  const w = wording[locale];
  let title = escapeText(reply.title.replace(/\s+/g, " ").trim());
  const fullTitle = title;
  if (title.length > LIMITS.title) title = `${splitEscaped(title, LIMITS.title - 1)[0] ?? ""}…`;
  const pageSuffixRoom = 24;
  let footer = reply.footer?.trim() || undefined;
  const movedFooter = footer && footer.length + pageSuffixRoom > LIMITS.footer ? footer : undefined;
  if (movedFooter) footer = undefined;
  const budget = LIMITS.total - title.length - (footer?.length ?? 0) - pageSuffixRoom;
  const max = Math.min(LIMITS.description, budget);
  const texts = (text: string): Item[] =>
    splitEscaped(text, max).map((t) => ({ kind: "text" as const, text: t }));

  // A cut title opens the description in full; a footer too long for a footer closes it.
  const items: Item[] = title === fullTitle ? [] : texts(bold(fullTitle, max));
  const quoteCount = reply.blocks.filter((b) => b.type === "quote").length;
  let quotesSeen = 0;
  for (const b of reply.blocks) {
    if (b.type === "quote" && quoteCount > 1 && quotesSeen++ > 0) items.push({ kind: "break" });
    items.push(...blockItems(b, max));
  }
  if (movedFooter) items.push(...texts(escapeText(movedFooter)));

  const navigable =
    origin !== undefined &&
    encodeButton({ kind: "page", ...origin, locale, page: 0 }) !== undefined;
  const { buttons: actions, overflow } = actionButtons(
    reply.actions ?? [],
    locale,
    (LIMITS.rows - 1) * LIMITS.buttonsPerRow,
  );
  if (overflow.length > 0)
    items.push(
      ...texts(
        `${escapeText(w.more)}\n${overflow.map((a) => `• /${a.command}${a.argument ? ` ${escapeText(a.argument)}` : ""}`).join("\n")}`,
      ),
    );

  const drafts = layout(items, budget);
  const total = drafts.length;
  const pages = drafts.map((d, index): DiscordPage => {
    const pageNote = total > 1 ? w.page(index + 1, total) : undefined;
    const footerText = [footer, pageNote].filter(Boolean).join(" · ");
    const embed: APIEmbed = {
      color: COLOR[reply.status],
      ...(title ? { title } : {}),
      ...(d.description.length ? { description: d.description.join("\n\n") } : {}),
      ...(d.fields.length ? { fields: d.fields } : {}),
      ...(footerText ? { footer: { text: footerText } } : {}),
    };
    const nav: APIButtonComponent[] = [];
    if (navigable && origin && total > 1) {
      const to = (page: number) =>
        encodeButton({ kind: "page", ...origin, locale, page }) as string;
      // Both buttons always show; the one leading nowhere is disabled (ids must differ).
      nav.push(button(w.previous, to(Math.max(index - 1, 0)), index === 0));
      nav.push(button(w.next, to(Math.min(index + 1, total - 1)), index === total - 1));
    }
    return { embeds: [embed], components: [...rows(nav), ...rows(actions)] };
  });
  return { pages, linked: navigable || total === 1 };
}
