import { type PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';
import { type CatalogFace, type FontSource, inRanges, parseRanges } from '../fonts/catalog';
import { type CjkGroup, cjkLead, fallbackOrder } from '../fonts/fallback-order';
import { isBidiControl, isEmoji, isEmojiStyle, placeholder } from '../fonts/placeholder';
import { baseDirection, visualOrder } from '../fonts/visual-order';
import { type FontkitFont, GlyphFont } from './pdf-glyphs';
import { canEncodeWinAnsi } from './pdf-text';

/** A string made ready to draw: what is drawn, which CJK font leads, and its paragraph direction. */
export interface PreparedText {
  text: string;
  cjk: CjkGroup;
  direction: 'ltr' | 'rtl';
}

/** A piece of a line drawn with one font, in visual order; `text` is what the font is given. */
export interface Run {
  text: string;
  font: PDFFont | GlyphFont;
}

type Fontkit = { create(bytes: Uint8Array): FontkitFont };
interface Face extends CatalogFace {
  parsed: [number, number][];
}

const WHITESPACE_CONTROL = /[\t\n\v\f\r\u0085\u2028\u2029]/;
const CONTROL = /\p{Cc}/u;
/** Right-to-left letters: lines with none skip the bidi pass (bidi controls never reach it). */
const RTL_CHAR = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const SCRIPTED = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const RTL_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Cypriot}\p{Script=Kharoshthi}\p{Script=Phoenician}]/u;

/** Whether fontkit will lay this string out right to left (it reverses such runs itself). */
function fontkitReverses(text: string): boolean {
  const first = text.match(SCRIPTED)?.[0];
  return !!first && RTL_SCRIPT.test(first);
}

/**
 * The report's fonts: Helvetica for what WinAnsi encodes (no font file needed), then the Noto
 * fallback chain (lib/fonts, docs/fonts.md), each file embedded subset to the glyphs drawn and
 * drawn at fontkit's positions (pdf-glyphs.ts). Made once per report from every string it will draw, so that drawing is synchronous:
 * only the files those strings need are read, and fontkit is loaded only if one is.
 */
export class PdfFonts {
  private readonly chosen = new Map<string, GlyphFont | null>();

  private constructor(
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {}

  static async create(
    doc: PDFDocument,
    source: FontSource,
    texts: Iterable<{ text: string; bold: boolean }>,
  ): Promise<PdfFonts> {
    const fonts = new PdfFonts(
      await doc.embedFont(StandardFonts.Helvetica),
      await doc.embedFont(StandardFonts.HelveticaBold),
    );
    const wanted = new Map<string, { cp: number; bold: boolean; cjk: CjkGroup }>();
    for (const { text, bold } of texts) {
      const cjk = cjkLead(text);
      for (const ch of String(text ?? '')) {
        const cp = ch.codePointAt(0) ?? 0;
        if (canEncodeWinAnsi(cp) || CONTROL.test(ch) || isEmoji(ch) || isEmojiStyle(ch) || isBidiControl(ch))
          continue;
        wanted.set(PdfFonts.key(cp, bold, cjk), { cp, bold, cjk });
      }
    }
    if (wanted.size) await fonts.resolve(doc, source, wanted);
    return fonts;
  }

  private static key(cp: number, bold: boolean, cjk: CjkGroup): string {
    return `${cp}:${bold ? 7 : 4}:${cjk}`;
  }

  private async resolve(
    doc: PDFDocument,
    source: FontSource,
    wanted: Map<string, { cp: number; bold: boolean; cjk: CjkGroup }>,
  ): Promise<void> {
    const faces: Face[] = (await source.catalog()).faces.map((f) => ({
      ...f,
      parsed: parseRanges(f.ranges),
    }));
    const fontkit = ((await import('@pdf-lib/fontkit')) as unknown as { default: Fontkit }).default;
    doc.registerFontkit(fontkit as never);
    const loaded = new Map<string, Promise<GlyphFont>>();
    const load = (file: string) =>
      loaded.get(file) ??
      loaded
        .set(
          file,
          source.file(file).then((b) => new GlyphFont(doc, b, fontkit.create(b))),
        )
        .get(file)!;
    for (const [key, { cp, bold, cjk }] of wanted) {
      this.chosen.set(key, null);
      for (const group of fallbackOrder(cjk)) {
        const inGroup = faces.filter((f) => f.group === group && inRanges(f.parsed, cp));
        const weight = bold && inGroup.some((f) => f.weight === 700) ? 700 : 400;
        const face = inGroup.find((f) => f.weight === weight);
        const font = face && (await load(face.file));
        if (font?.face.hasGlyphForCodePoint(cp)) {
          this.chosen.set(key, font);
          break;
        }
      }
    }
  }

  /** The font that draws `ch` in a string led by `cjk`; undefined when it gets a placeholder. */
  private fontFor(ch: string, bold: boolean, cjk: CjkGroup): PDFFont | GlyphFont | undefined {
    const cp = ch.codePointAt(0) ?? 0;
    if (canEncodeWinAnsi(cp)) return bold ? this.bold : this.regular;
    return this.chosen.get(PdfFonts.key(cp, bold, cjk)) ?? undefined;
  }

  /**
   * What is drawn for `text`: line breaks and tabs become spaces, other control characters and
   * emoji style selectors go, and a character no font has (every emoji) or a bidi control becomes
   * its placeholder.
   */
  prepare(text: string, bold: boolean): PreparedText {
    const raw = String(text ?? '');
    const cjk = cjkLead(raw);
    let out = '';
    for (const ch of raw) {
      if (WHITESPACE_CONTROL.test(ch)) out += ' ';
      else if (CONTROL.test(ch) || isEmojiStyle(ch)) continue;
      else if (!isEmoji(ch) && !isBidiControl(ch) && this.fontFor(ch, bold, cjk)) out += ch;
      else out += placeholder(ch.codePointAt(0) ?? 0);
    }
    return { text: out, cjk, direction: RTL_CHAR.test(out) ? baseDirection(out) : 'ltr' };
  }

  /** Width of one character of prepared text at size 1. */
  charWidth(ch: string, bold: boolean, cjk: CjkGroup): number {
    const font = this.fontFor(ch, bold, cjk) ?? this.regular;
    return font instanceof GlyphFont ? font.width(ch, 1) : font.widthOfTextAtSize(ch, 1);
  }

  /**
   * One line of prepared text as runs to draw left to right: reordered by the bidi algorithm
   * when it holds right-to-left text, then cut where the font changes. fontkit shapes a run and
   * reverses it when its script is right to left, so such a run is handed over in logical order.
   */
  runs(line: string, bold: boolean, p: Pick<PreparedText, 'cjk' | 'direction'>): Run[] {
    const chars = RTL_CHAR.test(line)
      ? visualOrder(line, p.direction)
      : [...line].map((ch) => ({ ch, level: 0 }));
    const runs: { chars: string[]; font: PDFFont | GlyphFont }[] = [];
    for (const { ch } of chars) {
      const font = this.fontFor(ch, bold, p.cjk) ?? this.regular;
      const last = runs[runs.length - 1];
      if (last && last.font === font) last.chars.push(ch);
      else runs.push({ chars: [ch], font });
    }
    return runs.map(({ chars: cs, font }) => {
      const visual = cs.join('');
      return { font, text: fontkitReverses(visual) ? [...cs].reverse().join('') : visual };
    });
  }
}
