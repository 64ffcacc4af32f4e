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
      // The quote is French: no-break spaces inside the guillemets.
      const lines = [`${b.speaker} (${b.office})`, `  « ${b.text} »`];
      if (b.translation) lines.push(`  ${b.translation.label}`, `  “${b.translation.text}”`);
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
