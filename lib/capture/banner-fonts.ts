import { extensionFontSource, type FontSource, inRanges, parseRanges } from '../fonts/catalog';
import { cjkLead, fallbackOrder } from '../fonts/fallback-order';
import { isBidiControl, isEmoji, isEmojiStyle, placeholder } from '../fonts/placeholder';
import { canEncodeWinAnsi } from '../report/pdf-text';

/** The evidence banner's font stack: the system monospace first, then the Noto groups in fallback order. */
export interface BannerText {
  lines: string[];
  /** CSS font-family list to draw with. */
  families: string;
}

const SYSTEM = 'ui-monospace, Menlo, Consolas, monospace';
const family = (group: string) => `"ProofTrail Noto ${group}"`;

/** The face set of the context drawing (a page's document.fonts, or the worker's own). */
function fontSet(): FontFaceSet | undefined {
  return globalThis.document?.fonts ?? (globalThis as unknown as { fonts?: FontFaceSet }).fonts;
}

const added = new Set<string>();
let extensionFonts: FontSource | undefined;

/**
 * Makes the banner's lines drawable on a canvas whatever the system's fonts: emoji and bidi
 * controls become the same placeholders as in the PDF report ("[U+1F600]"), and the Noto files
 * (the extension's own, docs/fonts.md) that cover the other characters are added to the context's
 * fonts and loaded before drawing, so a Greek, Arabic, Hebrew or CJK name is not drawn as boxes.
 * Only text beyond Western European (WinAnsi) reads the catalog. A font that fails to load leaves that character to the system's fonts; the capture goes on.
 */
export async function prepareBannerText(lines: string[], source?: FontSource): Promise<BannerText> {
  const shown = lines.map((line) =>
    [...line]
      .filter((ch) => !isEmojiStyle(ch))
      .map((ch) => (isEmoji(ch) || isBidiControl(ch) ? placeholder(ch.codePointAt(0) ?? 0) : ch))
      .join(''),
  );
  const text = shown.join('\n');
  const order = fallbackOrder(cjkLead(text));
  const families = `${SYSTEM}, ${order.map(family).join(', ')}`;
  const set = fontSet();
  const needed = [...new Set([...text].map((ch) => ch.codePointAt(0) ?? 0))].filter(
    (cp) => !canEncodeWinAnsi(cp),
  );
  if (!set || !needed.length) return { lines: shown, families };
  try {
    extensionFonts ??= extensionFontSource();
    const catalog = await (source ?? extensionFonts).catalog();
    for (const face of catalog.faces) {
      if (face.weight !== 400 || added.has(face.file)) continue;
      const ranges = parseRanges(face.ranges);
      if (!needed.some((cp) => inRanges(ranges, cp))) continue;
      const url = new URL(`/fonts/${face.file}`, globalThis.location?.href).href;
      set.add(new FontFace(family(face.group).slice(1, -1), `url(${url})`, { unicodeRange: face.ranges }));
      added.add(face.file);
    }
    await Promise.all(order.map((g) => set.load(`16px ${family(g)}`, text)));
  } catch {
    // Fonts that could not be read: the system's fonts draw what they can.
  }
  return { lines: shown, families };
}
