import { dateline, sourceLine } from "../core/answers.ts";
import type { Locale } from "../core/locale.ts";
import { quoteMarks, textIn } from "../core/localize.ts";
import { messages } from "../core/messages.ts";
import type { Quote } from "../core/schema.ts";
import type { Story } from "../core/story.ts";
import { flagSvg } from "./flags.ts";
import { imageMessages } from "./messages.ts";
import { hasOverwideWord, n, textLines, widest, wrap, xml } from "./svg.ts";

/**
 * A shareable quote card: the verbatim quote in the article's language with its own quotation
 * marks, the speaker with office and flag, for other readers our translation labelled as ours,
 * the date and setting, and the source. Long quotes wrap and shrink; past the smallest size the
 * card grows taller. Nothing is ever cut.
 */

export const CARD_WIDTH = 1200;
/** The usual height (a 16:9 card); a very long quote makes the card taller. */
export const CARD_MIN_HEIGHT = 675;
/** Telegram: width + height ≤ 10,000 for a photo. */
export const CARD_MAX_HEIGHT = 10_000 - CARD_WIDTH - 1;
const MARGIN = 64;
const TEXT_WIDTH = CARD_WIDTH - 2 * MARGIN;
const HEADER = 150;
const FOOTER = 118;
/** Line height of the date-and-setting line at the foot, which wraps rather than run off. */
const FOOT_LINE = 22;
const SIZES = [46, 42, 38, 34, 31, 28, 26, 24, 22, 20] as const;
const MIN_SIZE = SIZES[SIZES.length - 1] as number;
const COLOURS = {
  background: "#fbfaf7",
  accent: "#2a64a8",
  text: "#1d2433",
  muted: "#59606e",
  translation: "#2f3a4f",
} as const;

export interface CardLayout {
  readonly size: number;
  readonly quoteLines: readonly string[];
  readonly translationSize: number;
  readonly translationLines: readonly string[];
  readonly height: number;
}

/** The text of the quote as drawn, with the quotation marks of its language. */
export function quotedText(text: string, lang: string): string {
  const { open, close } = quoteMarks(lang);
  return `${open}${text}${close}`;
}

/** Picks the largest size at which the quote (and translation) fit; grows the card if none does. */
export function layoutCard(quote: Quote, locale: Locale, footerLines = 1): CardLayout {
  const footer = FOOTER + (footerLines - 1) * FOOT_LINE;
  const verbatim = quotedText(quote.text, quote.lang);
  const translation =
    locale === quote.lang ? undefined : quotedText(textIn(quote.translation, locale), locale);
  const measure = (size: number) => {
    const quoteLines = wrap(verbatim, "serif", size, TEXT_WIDTH);
    const translationSize = Math.round(size * 0.8);
    const translationLines = translation
      ? wrap(translation, "serif-italic", translationSize, TEXT_WIDTH)
      : [];
    const textHeight =
      quoteLines.length * size * 1.32 +
      (translation ? 22 + 30 + translationLines.length * translationSize * 1.32 : 0);
    return { size, quoteLines, translationSize, translationLines, textHeight };
  };
  const available = CARD_MIN_HEIGHT - HEADER - footer;
  for (const size of SIZES) {
    const m = measure(size);
    const overwide =
      hasOverwideWord(verbatim, "serif", size, TEXT_WIDTH) ||
      (translation !== undefined &&
        hasOverwideWord(translation, "serif-italic", m.translationSize, TEXT_WIDTH));
    if (m.textHeight <= available && !overwide) return { ...m, height: CARD_MIN_HEIGHT };
  }
  const m = measure(MIN_SIZE);
  const height = Math.ceil(HEADER + m.textHeight + footer);
  if (height > CARD_MAX_HEIGHT) {
    throw new Error(`quote ${quote.id} is too long for a card (${height} px high)`);
  }
  return { ...m, height };
}

/** The card's foot line (date · setting), wrapped to the text column: never cut, never off the card. */
export function cardFootLines(story: Story, quote: Quote, locale: Locale): string[] {
  return wrap(
    `${dateline(story, locale)} · ${textIn(quote.setting, locale)}`,
    "sans",
    17,
    TEXT_WIDTH,
  );
}

/** The SVG of one quote's card in the reader's language. */
export function cardSvg(story: Story, quote: Quote, locale: Locale): string {
  const m = messages[locale];
  const im = imageMessages[locale];
  const person = story.person(quote.speaker);
  const footLines = cardFootLines(story, quote, locale);
  const layout = layoutCard(quote, locale, footLines.length);
  const { height } = layout;
  const sans = `font-family="DejaVu Sans"`;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${height}" viewBox="0 0 ${CARD_WIDTH} ${height}">`,
    `<rect width="${CARD_WIDTH}" height="${height}" fill="${COLOURS.background}"/>`,
    `<rect width="14" height="${height}" fill="${COLOURS.accent}"/>`,
    flagSvg(person.country, MARGIN, 48, 66),
    `<text x="${MARGIN + 66 + 22}" y="74" ${sans} font-size="31" font-weight="bold" fill="${COLOURS.text}">${xml(textIn(person.name, locale))}</text>`,
    `<text x="${MARGIN + 66 + 22}" y="106" ${sans} font-size="20" fill="${COLOURS.muted}">${xml(textIn(person.office, locale))}</text>`,
  ];
  let y = HEADER + layout.size;
  out.push(
    textLines(
      layout.quoteLines,
      MARGIN,
      y,
      layout.size * 1.32,
      `font-family="DejaVu Serif" font-size="${layout.size}" fill="${COLOURS.text}" xml:lang="${quote.lang}"`,
    ),
  );
  y += (layout.quoteLines.length - 1) * layout.size * 1.32;
  if (layout.translationLines.length > 0) {
    y += 22 + 30;
    out.push(
      `<text x="${MARGIN}" y="${n(y - layout.translationSize * 0.2 - 6)}" ${sans} font-size="15" font-weight="bold" fill="${COLOURS.accent}" letter-spacing="0.5">${xml(m.translationLabel.toUpperCase())}</text>`,
    );
    y += layout.translationSize;
    out.push(
      textLines(
        layout.translationLines,
        MARGIN,
        y,
        layout.translationSize * 1.32,
        `font-family="DejaVu Serif" font-style="italic" font-size="${layout.translationSize}" fill="${COLOURS.translation}" xml:lang="${locale}"`,
      ),
    );
  }
  const extra = (footLines.length - 1) * FOOT_LINE;
  const foot = height - FOOTER - extra + 34;
  const source = wrap(sourceLine(story, locale), "sans", 15, TEXT_WIDTH - 180);
  out.push(
    `<rect x="${MARGIN}" y="${foot - 30}" width="${TEXT_WIDTH}" height="1.5" fill="#d5d8de"/>`,
    textLines(footLines, MARGIN, foot, FOOT_LINE, `${sans} font-size="17" fill="${COLOURS.text}"`),
    textLines(
      source,
      MARGIN,
      foot + extra + 26,
      20,
      `${sans} font-size="15" fill="${COLOURS.muted}"`,
    ),
    `<text x="${CARD_WIDTH - MARGIN}" y="${foot + extra + 26 + (source.length - 1) * 20}" ${sans} font-size="15" font-weight="bold" fill="${COLOURS.accent}" text-anchor="end">${xml(im.brand)}</text>`,
    "</svg>",
  );
  return out.join("\n");
}

/** The widest line of a layout, for tests: never wider than the text column. */
export function layoutWidth(layout: CardLayout): number {
  return Math.max(
    widest(layout.quoteLines, "serif", layout.size),
    widest(layout.translationLines, "serif-italic", layout.translationSize),
  );
}

export const CARD_TEXT_WIDTH = TEXT_WIDTH;
