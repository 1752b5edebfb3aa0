// Text helpers for the PDF report: which characters Helvetica (WinAnsi) draws, wrapping and fitting.
// Pure: no pdf-lib, no DOM.

/** Code points outside Latin-1 that WinAnsi maps into 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). */
const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

/** True when the standard fonts (WinAnsi encoding) can draw this code point. */
export function canEncodeWinAnsi(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    WIN_ANSI_EXTRA.has(codePoint)
  );
}

/**
 * Breaks `text` into lines no wider than `maxWidth`, measuring one character at a time (the PDF
 * draws without kerning, so widths add up exactly). Breaks at spaces, and inside a word (a URL, a
 * hash) that is wider than a line by itself. Runs of spaces collapse to one; no other character is
 * lost. Always returns at least one line.
 */
export function wrapText(text: string, maxWidth: number, charWidth: (ch: string) => number): string[] {
  const lines: string[] = [];
  const space = charWidth(' ');
  let line = '';
  let lineWidth = 0;
  const flush = () => {
    lines.push(line);
    line = '';
    lineWidth = 0;
  };
  for (const word of text.split(' ')) {
    if (!word) continue;
    let wordWidth = 0;
    for (const ch of word) wordWidth += charWidth(ch);
    if (line && lineWidth + space + wordWidth <= maxWidth) {
      line += ` ${word}`;
      lineWidth += space + wordWidth;
      continue;
    }
    if (line) flush();
    if (wordWidth <= maxWidth) {
      line = word;
      lineWidth = wordWidth;
      continue;
    }
    for (const ch of word) {
      const w = charWidth(ch);
      if (line && lineWidth + w > maxWidth) flush();
      line += ch;
      lineWidth += w;
    }
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}

/** Shortens `text` with a trailing "..." so it fits `maxWidth`. */
export function fitText(text: string, maxWidth: number, charWidth: (ch: string) => number): string {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  if (width <= maxWidth) return text;
  const ellipsis = '...';
  let budget = maxWidth - 3 * charWidth('.');
  let out = '';
  for (const ch of text) {
    budget -= charWidth(ch);
    if (budget < 0) break;
    out += ch;
  }
  return out + ellipsis;
}
