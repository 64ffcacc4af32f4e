/**
 * Telegram's HTML parse mode, as strict as the Bot API documents it: only the supported tags,
 * properly nested and closed; outside tags `<`, `>` and `&` must be escaped; the only named
 * entities are &lt; &gt; &amp; &quot; (numeric ones are fine). Anything else throws
 * `HtmlParseError`, which the fake answers with 400 "Bad Request: can't parse entities: …".
 */
export class HtmlParseError extends Error {
  override readonly name = "HtmlParseError";
}

export interface ParsedEntity {
  readonly type: string;
  readonly offset: number;
  readonly length: number;
  readonly url?: string;
}

export interface ParsedHtml {
  /** The text as the reader sees it. Its `.length` is what Telegram's 4096 limit counts. */
  readonly text: string;
  readonly entities: readonly ParsedEntity[];
}

const TAGS: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
};
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

function decodeEntity(source: string, at: number): { char: string; end: number } {
  const m = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{1,10});/.exec(source.slice(at, at + 16));
  if (!m) throw new HtmlParseError(`Unescaped "&" at byte offset ${byteOffset(source, at)}`);
  const name = m[1] as string;
  let char: string | undefined;
  if (name.startsWith("#x")) char = String.fromCodePoint(Number.parseInt(name.slice(2), 16));
  else if (name.startsWith("#")) char = String.fromCodePoint(Number(name.slice(1)));
  else char = NAMED[name];
  if (char === undefined)
    throw new HtmlParseError(
      `Unsupported HTML entity "&${name};" at byte offset ${byteOffset(source, at)}`,
    );
  return { char, end: at + m[0].length };
}

const byteOffset = (s: string, i: number) => Buffer.byteLength(s.slice(0, i));

function parseAttributes(raw: string, where: number, source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
  let i = 0;
  while (i < raw.length) {
    re.lastIndex = i;
    const m = re.exec(raw);
    if (!m || m[0].length === 0) {
      if (raw.slice(i).trim() === "") break;
      throw new HtmlParseError(
        `Invalid tag attributes at byte offset ${byteOffset(source, where)}`,
      );
    }
    const value = m[2] ?? m[3] ?? m[4] ?? "";
    let decoded = "";
    for (let j = 0; j < value.length; ) {
      if (value[j] === "&") {
        const e = decodeEntity(value, j);
        decoded += e.char;
        j = e.end;
      } else decoded += value[j++];
    }
    attrs.set((m[1] as string).toLowerCase(), decoded);
    i += m[0].length;
  }
  return attrs;
}

/** Parses a message text in HTML parse mode; throws `HtmlParseError` as Telegram would refuse it. */
export function parseTelegramHtml(source: string): ParsedHtml {
  let text = "";
  const entities: ParsedEntity[] = [];
  const open: { tag: string; start: number; url?: string }[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === "&") {
      const e = decodeEntity(source, i);
      text += e.char;
      i = e.end;
      continue;
    }
    if (c === ">")
      throw new HtmlParseError(`Unescaped ">" at byte offset ${byteOffset(source, i)}`);
    if (c !== "<") {
      text += c;
      i++;
      continue;
    }
    const end = source.indexOf(">", i);
    if (end < 0)
      throw new HtmlParseError(`Unclosed start tag at byte offset ${byteOffset(source, i)}`);
    const inner = source.slice(i + 1, end);
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (!top || top.tag !== name)
        throw new HtmlParseError(
          `Unmatched end tag at byte offset ${byteOffset(source, i)}, expected "</${top?.tag ?? ""}>", found "</${name}>"`,
        );
      const type = TAGS[top.tag] as string;
      if (text.length > top.start)
        entities.push({
          type,
          offset: top.start,
          length: text.length - top.start,
          ...(top.url ? { url: top.url } : {}),
        });
      i = end + 1;
      continue;
    }
    const m = /^([a-zA-Z][a-zA-Z0-9-]*)([\s\S]*)$/.exec(inner);
    const name = m?.[1]?.toLowerCase() ?? "";
    if (!m || !(name in TAGS))
      throw new HtmlParseError(
        `Unsupported start tag "${name || inner}" at byte offset ${byteOffset(source, i)}`,
      );
    const attrs = parseAttributes(m[2] ?? "", i, source);
    const inside = new Set(open.map((o) => o.tag));
    if (inside.has("pre") || inside.has("code")) {
      if (!(name === "code" && open[open.length - 1]?.tag === "pre"))
        throw new HtmlParseError(`Entities can't be nested in pre or code (start tag "${name}")`);
    }
    if (name === "blockquote" && inside.has("blockquote"))
      throw new HtmlParseError("Blockquote entities can't be nested");
    if (name === "a" && inside.has("a")) throw new HtmlParseError("Text links can't be nested");
    let url: string | undefined;
    if (name === "a") {
      url = attrs.get("href");
      if (!url) throw new HtmlParseError(`Tag "a" must have attribute "href"`);
    }
    if (name === "span" && attrs.get("class") !== "tg-spoiler")
      throw new HtmlParseError('Tag "span" must have class "tg-spoiler"');
    open.push({ tag: name, start: text.length, ...(url ? { url } : {}) });
    i = end + 1;
  }
  const left = open.pop();
  if (left) throw new HtmlParseError(`Can't find end tag corresponding to start tag "${left.tag}"`);
  return { text, entities };
}
