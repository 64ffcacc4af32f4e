import type { Block, Reply } from "../../core/reply.ts";
import { type Measure, splitText } from "../../core/split.ts";

/** Telegram's limit on a message's text, counted after entity parsing, in UTF-16 code units. */
export const MESSAGE_MAX = 4096;

/** Escapes text for Telegram's HTML parse mode (also safe inside a double-quoted attribute). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c] as string);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * What a message built from our own HTML counts as on Telegram: tags removed and our four
 * entities read as one character each. Only valid for `renderTelegram`'s output.
 */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, "").replace(/&(?:lt|gt|amp|quot);/g, "_").length;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Plain text as it may appear in a message: escaped, with @mentions that cannot notify. */
function text(plain: string): string {
  // A word joiner after "@" keeps "@someone" readable but not a mention entity.
  return escapeHtml(plain.replace(CONTROL, "")).replace(/@(?=\w)/g, "@\u2060");
}

/**
 * A piece of a message that must stay whole: its plain text and the markup around it. If it
 * is too long for one message, its text is split and each part gets the same markup, so no
 * tag is ever left open across messages.
 */
interface Piece {
  readonly plain: string;
  readonly wrap: (escaped: string) => string;
  /** Separator before this piece when it follows another in the same message. */
  readonly gap: "\n" | "\n\n";
}

const piece = (
  plain: string,
  wrap: (escaped: string) => string = (s) => s,
  gap: Piece["gap"] = "\n",
): Piece => ({ plain, wrap, gap });

function pieces(b: Block): Piece[] {
  switch (b.type) {
    case "text":
      return [piece(b.text)];
    case "list":
      return b.items.map((item) => piece(item, (s) => `• ${s}`));
    case "fields":
      return b.fields.flatMap((f) => [piece(f.name, (s) => `<b>${s}</b>`), piece(f.value)]);
    case "quote": {
      const out = [
        piece(`${b.speaker} — ${b.office}`, (s) => `<b>${s}</b>`),
        // The quote in its language's marks (French: guillemets with no-break spaces).
        piece(b.text, (s) => `<blockquote>${b.marks.open}${s}${b.marks.close}</blockquote>`),
      ];
      const t = b.translation;
      if (t) {
        out.push(piece(t.label, (s) => `<i>${s}</i>`));
        out.push(
          piece(t.text, (s) => `<blockquote>${t.marks.open}${s}${t.marks.close}</blockquote>`),
        );
      }
      out.push(piece(b.where, (s) => `<i>${s}</i>`));
      return out;
    }
  }
}

/** What a plain text counts as on Telegram once it is in a message (escaped, entities parsed). */
const shownLength: Measure = (plain) => visibleLength(text(plain));

/**
 * Renders a neutral reply as one or more Telegram HTML messages (parse mode "HTML"): the
 * title in bold, the blocks, the source in italics. Every string is escaped. A reply longer
 * than one message is split between blocks, then between lines, then inside a text at
 * paragraph, sentence or word boundaries; every message is valid HTML on its own and the
 * messages together hold all the text. Actions are not rendered here (see `keyboard.ts`).
 *
 * @example renderTelegram(reply) // ["<b>Quote — Alexander Lukashenko</b>\n\n…"]
 */
export function renderTelegram(reply: Reply, max = MESSAGE_MAX): string[] {
  const all: Piece[] = [piece(reply.title, (s) => `<b>${s}</b>`)];
  for (const b of reply.blocks) {
    const [first, ...rest] = pieces(b);
    if (first) all.push({ ...first, gap: "\n\n" }, ...rest);
  }
  if (reply.footer) all.push(piece(reply.footer, (s) => `<i>${s}</i>`, "\n\n"));

  const messages: string[] = [];
  let html = "";
  let length = 0;
  const add = (fragment: string, gap: string) => {
    const size = visibleLength(fragment);
    if (html && length + gap.length + size <= max) {
      html += gap + fragment;
      length += gap.length + size;
      return;
    }
    if (html) messages.push(html);
    html = fragment;
    length = size;
  };
  for (const p of all) {
    const whole = p.wrap(text(p.plain));
    const overhead = visibleLength(whole) - visibleLength(text(p.plain));
    if (visibleLength(whole) <= max) {
      add(whole, p.gap);
      continue;
    }
    // Split as Telegram counts: escapes, and the joiners that keep "@name" from mentioning.
    const parts = splitText(p.plain, max - overhead, shownLength);
    parts.forEach((part, i) => {
      add(p.wrap(text(part)), i === 0 ? p.gap : "\n");
    });
  }
  if (html) messages.push(html);
  return messages;
}

/** Telegram's limit on a photo caption, counted after entity parsing. */
export const CAPTION_MAX = 1024;

/**
 * A reply sent under a photo: the caption (at most 1,024 characters once parsed), then the
 * rest of the text as ordinary messages of up to 4,096. Every part is valid HTML on its own.
 *
 * @example const { caption, rest } = renderWithCaption(membersReply)
 */
export function renderWithCaption(reply: Reply): { caption: string; rest: string[] } {
  const [caption = "", ...more] = renderTelegram(reply, CAPTION_MAX);
  const rest: string[] = [];
  let current = "";
  for (const part of more) {
    if (current && visibleLength(current) + 2 + visibleLength(part) <= MESSAGE_MAX) {
      current += `\n\n${part}`;
    } else {
      if (current) rest.push(current);
      current = part;
    }
  }
  if (current) rest.push(current);
  return { caption, rest };
}
