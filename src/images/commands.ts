import type { Story } from "../core/story.ts";
import type { CardId } from "./kinds.ts";

/**
 * The images that go with a command's answer: the map for `members`, the speaker's cards for
 * `quote` (none when the speaker is unknown or not quoted). Pure: no rendering here.
 *
 * @example imagesFor(story, "quote", "Loukachenko") // ["quote:lukashenko-russia-wins"]
 */
export function imagesFor(story: Story, command: string, argument: string): CardId[] {
  if (command === "members") return ["map"];
  if (command === "quote") {
    const found = story.lookupSpeaker(argument);
    return found.kind === "quoted" ? found.quotes.map((q) => `quote:${q.id}` as const) : [];
  }
  return [];
}
