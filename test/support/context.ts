import { commands } from "../../commands/index.ts";
import type { CommandContext } from "../../commands/types.ts";
import { StoryLibrary } from "../../src/core/library.ts";
import type { Block, Reply } from "../../src/core/reply.ts";
import { DATA_DIR } from "./paths.ts";

/** The real commands over the shipped story. */
export function commandContext(): CommandContext {
  return { library: StoryLibrary.fromDir(DATA_DIR), commands };
}

/** Every plain string of a reply, for "does it say X" assertions. */
export function replyText(reply: Reply): string {
  const block = (b: Block): string[] => {
    switch (b.type) {
      case "text":
        return [b.text];
      case "list":
        return [...b.items];
      case "fields":
        return b.fields.flatMap((f) => [f.name, f.value]);
      case "quote":
        return [
          b.speaker,
          b.office,
          b.text,
          b.translation?.label ?? "",
          b.translation?.text ?? "",
          b.where,
        ];
    }
  };
  return [
    reply.title,
    ...reply.blocks.flatMap(block),
    reply.footer ?? "",
    ...(reply.actions ?? []).map((a) => a.label),
  ].join("\n");
}
