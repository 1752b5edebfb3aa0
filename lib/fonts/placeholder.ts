// What is drawn for a character none of the fonts has (emoji above all): a visible, searchable mark
// naming the code point, in plain ASCII so any font draws it. docs/fonts.md.

/** Emoji shown as pictures by default (😀, 👍, ⌚): always the placeholder, never a font's glyph. */
const EMOJI = /\p{Emoji_Presentation}/u;
/** Invisible selectors and tags that only style an emoji: dropped. */
const EMOJI_STYLE = /[\uFE0E\uFE0F\u{E0020}-\u{E007F}]/u;

/**
 * Bidi formatting characters (overrides, embeddings, isolates, marks): shown as placeholders, so a
 * reader sees that the text carried one instead of seeing text silently turned around.
 */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** True for a bidi formatting character, always drawn as its placeholder. */
export function isBidiControl(ch: string): boolean {
  return BIDI_CONTROL.test(ch);
}

/** The placeholder for one code point: "[U+1F600]". */
export function placeholder(codePoint: number): string {
  return `[U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/** True for a character always drawn as its placeholder. */
export function isEmoji(ch: string): boolean {
  return EMOJI.test(ch);
}

/** True for an emoji presentation selector or tag character, which is dropped. */
export function isEmojiStyle(ch: string): boolean {
  return EMOJI_STYLE.test(ch);
}
