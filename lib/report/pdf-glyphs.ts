import {
  beginText,
  endText,
  type PDFDocument,
  type PDFFont,
  PDFHexString,
  type PDFName,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  type RGB,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  showText,
} from 'pdf-lib';

/** What fontkit gives for one laid-out glyph (the part used here). */
interface Glyph {
  id: number;
  codePoints: number[];
}
interface Layout {
  direction: 'ltr' | 'rtl';
  glyphs: Glyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
}
/** fontkit's font object, as far as this file uses it. */
export interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): Layout;
  hasGlyphForCodePoint(codePoint: number): boolean;
}
/** pdf-lib's subset embedder behind a custom PDFFont (not in its public types). */
interface SubsetEmbedder {
  subset: { includeGlyph(glyph: Glyph): number };
  glyphs: Glyph[];
  glyphIdMap: Map<number, number>;
  glyphCache: { invalidate(): void };
}

/**
 * A Noto font file drawn glyph by glyph at the positions fontkit's shaping gives. pdf-lib's own
 * drawText drops those positions, and Noto's Arabic fonts draw a dotted letter as a dotless base
 * plus its dots, placed by GPOS: without the offsets the dots land on the wrong letter.
 *
 * One base glyph can stand for several letters (the same dotless tooth is ب, ت, ن or ي), while a
 * PDF font maps each glyph to one text for copy and search. So the file is embedded again (each
 * copy subset to what it draws) whenever a glyph is needed for a second reading, and text
 * extracted from the PDF names the letters that were typed.
 */
export class GlyphFont {
  private readonly copies: { font: PDFFont; reading: Map<number, string> }[] = [];
  private readonly keys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly bytes: Uint8Array,
    readonly face: FontkitFont,
  ) {}

  /** Width of `text` at `size`, as drawn. */
  width(text: string, size: number): number {
    const { positions } = this.face.layout(text);
    return (positions.reduce((w, p) => w + p.xAdvance, 0) * size) / this.face.unitsPerEm;
  }

  /** The page's resource name for a copy, added once per page. */
  private keyOn(page: PDFPage, font: PDFFont): PDFName {
    const keys = this.keys.get(page) ?? new Map<PDFFont, PDFName>();
    this.keys.set(page, keys);
    const key = keys.get(font) ?? page.node.newFontDictionary(font.name, font.ref);
    keys.set(font, key);
    return key;
  }

  /**
   * How each glyph reads when text is copied out of the PDF. fontkit's shaping can hand a glyph the
   * code point of a neighbour (in Noto Sans Arabic the second of two dotless teeth in المستخدمين
   * reads as ت instead of ي), so when the run has exactly one base glyph per character, as Noto's
   * designs do, each base takes its own character by position: the run's characters in order,
   * matched from the right end for a right-to-left run. A mark placed by GPOS (an Arabic dot) has
   * no code point of its own: it reads as U+200D, which text tools ignore, instead of nothing (an
   * empty ToUnicode entry makes viewers read the glyph number).
   */
  private static readings(text: string, { glyphs, direction }: Layout): Glyph[] {
    const chars = [...text].map((ch) => ch.codePointAt(0) ?? 0);
    const bases = glyphs.filter((g) => g.codePoints.length).length;
    const order = direction === 'rtl' ? [...glyphs].reverse() : glyphs;
    const reading = new Map<Glyph, number[]>();
    if (bases === chars.length) {
      let next = 0;
      for (const g of order) if (g.codePoints.length) reading.set(g, [chars[next++]!]);
    }
    return glyphs.map((g) => {
      const codePoints = g.codePoints.length ? (reading.get(g) ?? g.codePoints) : [0x200d];
      return codePoints === g.codePoints ? g : Object.create(g, { codePoints: { value: codePoints } });
    });
  }

  /** A copy whose glyph `g` reads as `g.codePoints` (or has no reading yet), embedded on demand. */
  private async copyFor(g: Glyph): Promise<PDFFont> {
    const reading = g.codePoints.join(',');
    let copy = this.copies.find((c) => (c.reading.get(g.id) ?? reading) === reading);
    if (!copy) {
      copy = { font: await this.doc.embedFont(this.bytes, { subset: true }), reading: new Map() };
      this.copies.push(copy);
    }
    copy.reading.set(g.id, reading);
    return copy.font;
  }

  /**
   * Draws `text` (one run, handed over as fontkit wants it: see PdfFonts.runs) from `x` on the
   * baseline `y`; returns its width.
   */
  async draw(page: PDFPage, text: string, x: number, y: number, size: number, color: RGB): Promise<number> {
    const layout = this.face.layout(text);
    const { positions } = layout;
    const glyphs = GlyphFont.readings(text, layout);
    const scale = size / this.face.unitsPerEm;
    const ops = [pushGraphicsState(), beginText(), setFillingColor(color)];
    let pen = 0;
    for (const [i, g] of glyphs.entries()) {
      const p = positions[i]!;
      const font = await this.copyFor(g);
      const embedder = (font as unknown as { embedder: SubsetEmbedder }).embedder;
      const sid = embedder.subset.includeGlyph(g);
      embedder.glyphs[sid - 1] = g;
      embedder.glyphIdMap.set(g.id, sid);
      embedder.glyphCache.invalidate();
      const key = this.keyOn(page, font);
      ops.push(
        setFontAndSize(key, size),
        setTextMatrix(1, 0, 0, 1, x + (pen + p.xOffset) * scale, y + p.yOffset * scale),
        showText(PDFHexString.of(sid.toString(16).padStart(4, '0'))),
      );
      pen += p.xAdvance;
    }
    ops.push(endText(), popGraphicsState());
    page.pushOperators(...ops);
    return pen * scale;
  }
}
