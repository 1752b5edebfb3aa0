import { PageSizes, type PDFDocument, type PDFImage, type PDFPage, type RGB, rgb } from 'pdf-lib';
import type { PdfFonts, PreparedText } from './pdf-fonts';
import { GlyphFont } from './pdf-glyphs';
import { fitText, wrapText } from './pdf-text';

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4 as [number, number];
const MARGIN = 50;
/** Space kept free above the bottom margin for the footer. */
const FOOTER_SPACE = 24;
const BOTTOM = MARGIN + FOOTER_SPACE;
const LINE_SPACING = 1.3;

export const COLORS = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.4, 0.4, 0.45),
  alert: rgb(0.7, 0.1, 0.1),
  ok: rgb(0.08, 0.45, 0.2),
  warn: rgb(0.55, 0.35, 0),
  rule: rgb(0.8, 0.8, 0.82),
};

export interface TextStyle {
  bold?: boolean;
  size?: number;
  color?: RGB;
}

/** One wrapped line and how its paragraph was prepared (CJK lead, direction). */
interface Line {
  text: string;
  prepared: PreparedText;
}

/**
 * Flows text and images down A4 pages, top to bottom, starting a page when the next line or image
 * would run into the footer. Every string goes through PdfFonts.prepare before it is measured or
 * drawn, so no input can make a font throw: what no font draws becomes a placeholder.
 */
export class PdfFlow {
  readonly contentWidth = PAGE_WIDTH - 2 * MARGIN;
  readonly pageHeight = PAGE_HEIGHT;
  private page!: PDFPage;
  private y = 0;
  private readonly widths = new Map<string, number>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: PdfFonts,
  ) {
    this.newPage();
  }

  /** True when nothing has been drawn on the current page yet. */
  get atTop(): boolean {
    return this.y >= PAGE_HEIGHT - MARGIN;
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = PAGE_HEIGHT - MARGIN;
  }

  /** Starts a new page unless `height` more still fits on this one (or this one is empty). */
  ensure(height: number): void {
    if (this.y - height < BOTTOM && !this.atTop) this.newPage();
  }

  gap(height: number): void {
    if (!this.atTop) this.y -= height;
  }

  /** Width of one character at size 1 in the font that draws it, cached. */
  private charWidth(bold: boolean, cjk: PreparedText['cjk']): (ch: string) => number {
    return (ch) => {
      const key = `${bold ? 'b' : 'r'}${cjk}${ch}`;
      const known = this.widths.get(key);
      if (known !== undefined) return known;
      const width = this.fonts.charWidth(ch, bold, cjk);
      this.widths.set(key, width);
      return width;
    };
  }

  /** `text`, prepared and wrapped to `width` points. */
  wrap(text: string, width: number, style: TextStyle = {}): Line[] {
    const bold = !!style.bold;
    const size = style.size ?? 9;
    const prepared = this.fonts.prepare(text, bold);
    const measure = this.charWidth(bold, prepared.cjk);
    return wrapText(prepared.text, width, (ch) => measure(ch) * size).map((line) => ({
      text: line,
      prepared,
    }));
  }

  /** Draws a line's runs left to right on `page` from `x` at baseline `y`, each in its own font. */
  private async drawOn(
    page: PDFPage,
    line: Line | undefined,
    x: number,
    y: number,
    style: TextStyle,
  ): Promise<void> {
    const size = style.size ?? 9;
    const color = style.color ?? COLORS.text;
    if (!line?.text) return;
    let at = x;
    for (const { text, font } of this.fonts.runs(line.text, !!style.bold, line.prepared)) {
      if (font instanceof GlyphFont) {
        at += await font.draw(page, text, at, y, size, color);
        continue;
      }
      page.drawText(text, { x: at, y, size, font, color });
      at += font.widthOfTextAtSize(text, size);
    }
  }

  private draw(line: Line | undefined, x: number, style: TextStyle): Promise<void> {
    return this.drawOn(this.page, line, x, this.y - (style.size ?? 9), style);
  }

  /** A paragraph across the content width, breaking pages between lines. */
  async paragraph(text: string, style: TextStyle = {}): Promise<void> {
    const lineHeight = (style.size ?? 9) * LINE_SPACING;
    for (const line of this.wrap(text, this.contentWidth, style)) {
      this.ensure(lineHeight);
      await this.draw(line, MARGIN, style);
      this.y -= lineHeight;
    }
  }

  /** A bold label in a left column and its values wrapped in the right one, row by row. */
  async field(label: string, values: string[], labelWidth = 110, valueColor?: RGB): Promise<void> {
    const size = 9;
    const lineHeight = size * LINE_SPACING;
    const labelLines = this.wrap(label, labelWidth - 8, { bold: true, size });
    const valueLines = (values.length ? values : ['']).flatMap((v) =>
      this.wrap(v, this.contentWidth - labelWidth, { size }),
    );
    const rows = Math.max(labelLines.length, valueLines.length);
    for (let i = 0; i < rows; i++) {
      this.ensure(lineHeight);
      await this.draw(labelLines[i], MARGIN, { bold: true, size, color: COLORS.muted });
      await this.draw(valueLines[i], MARGIN + labelWidth, { size, color: valueColor });
      this.y -= lineHeight;
    }
  }

  /** The image scaled (never up) to the content width and at most `maxHeight`, framed. */
  image(image: PDFImage, maxHeight = (PAGE_HEIGHT - 2 * MARGIN) / 2): void {
    const scale = Math.min(1, this.contentWidth / image.width, maxHeight / image.height);
    const width = image.width * scale;
    const height = image.height * scale;
    this.ensure(height + 6);
    const y = this.y - height;
    this.page.drawImage(image, { x: MARGIN, y, width, height });
    this.page.drawRectangle({ x: MARGIN, y, width, height, borderColor: COLORS.rule, borderWidth: 0.5 });
    this.y = y - 6;
  }

  /** A thin horizontal line across the content width. */
  rule(): void {
    this.ensure(12);
    this.y -= 6;
    const y = this.y;
    this.page.drawLine({
      start: { x: MARGIN, y },
      end: { x: PAGE_WIDTH - MARGIN, y },
      thickness: 0.5,
      color: COLORS.rule,
    });
    this.y -= 6;
  }

  /** Draws "page N of M" (and `left`, shortened to fit) at the foot of every page. */
  async footers(left: string): Promise<void> {
    const pages = this.doc.getPages();
    const style = { size: 7.5, color: COLORS.muted };
    const prepared = this.fonts.prepare(left, false);
    const measure = this.charWidth(false, prepared.cjk);
    const width = (s: string) => [...s].reduce((w, ch) => w + measure(ch) * style.size, 0);
    for (const [i, page] of pages.entries()) {
      const right = `page ${i + 1} of ${pages.length}`;
      const rightWidth = width(right);
      const leftText = fitText(
        prepared.text,
        this.contentWidth - rightWidth - 20,
        (ch) => measure(ch) * style.size,
      );
      const y = MARGIN - 10;
      await this.drawOn(page, { text: leftText, prepared }, MARGIN, y, style);
      await this.drawOn(
        page,
        { text: right, prepared: { ...prepared, direction: 'ltr' } },
        PAGE_WIDTH - MARGIN - rightWidth,
        y,
        style,
      );
    }
  }
}
