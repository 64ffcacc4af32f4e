import type { Block, Reply } from "../../core/reply.ts";

function block(b: Block): string {
  switch (b.type) {
    case "text":
      return b.text;
    case "list":
      return b.items.map((item) => `  • ${item}`).join("\n");
    case "fields":
      return b.fields.map((f) => `${f.name}\n  ${f.value}`).join("\n");
    case "quote": {
      // No colon after the speaker or the label: its spacing differs by language (« : » in French).
      // Each text in its language's quotation marks (French: guillemets with no-break spaces).
      const lines = [`${b.speaker} (${b.office})`, `  ${b.marks.open}${b.text}${b.marks.close}`];
      const t = b.translation;
      if (t) lines.push(`  ${t.label}`, `  ${t.marks.open}${t.text}${t.marks.close}`);
      lines.push(`  — ${b.where}`);
      return lines.join("\n");
    }
  }
}

/**
 * Renders a reply as plain terminal text: the title underlined, blocks separated by blank
 * lines, the source last. Terminal control characters from data or input are dropped.
 */
export function renderConsole(reply: Reply): string {
  const parts = [
    `${reply.title}\n${"─".repeat(Math.min(reply.title.length, 72))}`,
    ...reply.blocks.map(block),
  ];
  if (reply.actions?.length)
    parts.push(
      `→ ${reply.actions.map((a) => `/${a.command}${a.argument ? ` ${a.argument}` : ""}`).join("   ")}`,
    );
  if (reply.footer) parts.push(reply.footer);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  return parts.join("\n\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
}

/**
 * Wraps rendered text at `width` columns on word boundaries. A wrapped line keeps its indent,
 * and a list item's continuation lines align under its text (after "• "). A word longer than
 * the line is cut, as nothing else fits.
 *
 * @example wrapConsole("  • one two three", 12) // "  • one two\n    three"
 */
export function wrapConsole(text: string, width: number): string {
  if (!(width >= 20)) return text;
  return text
    .split("\n")
    .map((line) => wrapLine(line, width))
    .join("\n");
}

function wrapLine(line: string, width: number): string {
  if ([...line].length <= width) return line;
  const lead = /^(\s*(?:[•→—-]\s+)?)/.exec(line)?.[1] ?? "";
  const hanging = " ".repeat([...lead].length);
  const words = line.slice(lead.length).split(/ +/).filter(Boolean);
  const lines: string[] = [];
  let current = lead;
  let empty = true;
  const room = (s: string) => width - [...s].length;
  for (let word of words) {
    if (!empty && [...word].length + 1 <= room(current)) {
      current += ` ${word}`;
      continue;
    }
    if (!empty) {
      lines.push(current);
      current = hanging;
    }
    // A word longer than a whole line: cut it.
    while ([...word].length > room(current) && room(current) > 0) {
      const chars = [...word];
      lines.push(current + chars.slice(0, room(current)).join(""));
      word = chars.slice(room(current)).join("");
      current = hanging;
    }
    current += word;
    empty = false;
  }
  lines.push(current);
  return lines.join("\n");
}
