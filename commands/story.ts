import { longDate } from "../src/core/dates.ts";
import { UserError } from "../src/core/errors.ts";
import { echo } from "../src/core/format.ts";
import type { StoryLibrary } from "../src/core/library.ts";
import type { Locale } from "../src/core/locale.ts";
import { textIn } from "../src/core/localize.ts";
import { messages } from "../src/core/messages.ts";
import type { Story } from "../src/core/story.ts";
import type { CommandDefinition, CommandInput, CommandOption } from "./types.ts";

/** The `story` option: which story to read (autocomplete on Discord, `story:<id>` in text). */
export const storyOption: CommandOption = {
  name: "story",
  description: {
    fr: "L’histoire à lire (la plus récente par défaut)",
    en: "The story to read (the newest by default)",
    ru: "Какой сюжет показать (по умолчанию самый новый)",
  },
  required: false,
  maxLength: 40,
  complete: (partial, locale, { library }) => {
    const p = partial.trim().toLowerCase();
    return library.stories
      .filter((s) => s.id.includes(p) || textIn(s.data.headline, locale).toLowerCase().includes(p))
      .map((s) => ({
        name: `${textIn(s.data.headline, locale)} (${s.data.event.date})`,
        value: s.id,
      }));
  },
};

/**
 * The story a command reads: the one its `story` option names, else the newest. An unknown
 * id is the reader's mistake (`UserError`), answered with the list of stories.
 *
 * @example storyOf(library, { story: "csto-yerevan-2022" }, "en").id // "csto-yerevan-2022"
 */
export function storyOf(
  library: StoryLibrary,
  options: CommandInput["options"],
  locale: Locale,
): Story {
  const wanted = options.story?.trim().toLowerCase();
  if (!wanted) return library.default;
  const story = library.get(wanted);
  if (story) return story;
  const m = messages[locale];
  throw new UserError({
    status: "user-error",
    title: m.unknownStoryTitle,
    blocks: [
      { type: "text", text: m.unknownStory(echo(wanted)) },
      { type: "list", items: storyLines(library, locale) },
    ],
  });
}

/**
 * The story option to carry into follow-ups (buttons, page turns): the story's id when the
 * reader chose one, nothing when the newest answered by default.
 *
 * @example chosenStory(story, { story: "Test-Fixture-Meeting" }) // { story: "test-fixture-meeting" }
 */
export function chosenStory(
  story: Story,
  options: CommandInput["options"],
): { readonly story?: string } {
  return options.story?.trim() ? { story: story.id } : {};
}

/** One line per story: its id, headline and date. */
function storyLines(library: StoryLibrary, locale: Locale): string[] {
  return library.stories.map(
    (s) => `${s.id} — ${textIn(s.data.headline, locale)}, ${longDate(s.data.event.date, locale)}`,
  );
}

/** `/stories`: the stories the bot can tell, newest first, and how to pick one. */
export const stories: CommandDefinition = {
  name: "stories",
  description: {
    fr: "Les histoires que ce bot raconte",
    en: "The stories this bot tells",
    ru: "Сюжеты, о которых рассказывает этот бот",
  },
  options: [],
  pure: true,
  run: ({ locale }, { library }) => {
    const m = messages[locale];
    return {
      status: "ok",
      title: m.storiesTitle,
      blocks: [
        { type: "list", items: storyLines(library, locale) },
        { type: "text", text: m.storiesHow },
      ],
    };
  },
};

/**
 * The command list for a library: with one story, as defined; with more, every command that
 * reads a story (`perStory`) takes the `story` option, and `/stories` lists them.
 */
export function commandsFor(
  list: readonly CommandDefinition[],
  library: StoryLibrary,
): readonly CommandDefinition[] {
  if (library.stories.length < 2) return list;
  const withOption = list.map((c) =>
    c.perStory ? { ...c, options: [...c.options, storyOption] } : c,
  );
  return [...withOption, stories];
}
