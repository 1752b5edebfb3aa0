import {
  PageSizes,
  type PDFDocument,
  type PDFFont,
  type PDFImage,
  type PDFPage,
  type RGB,
  rgb,
} from 'pdf-lib';
import { fitText, sanitizePdfText, wrapText } from './pdf-text';

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

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

export interface TextStyle {
  bold?: boolean;
  size?: number;
  color?: RGB;
}

/**
 * Flows text and images down A4 pages, top to bottom, starting a page when the next line or image
 * would run into the footer. Every string goes through sanitizePdfText before it is measured or
 * drawn, so no input can make the standard fonts throw.
 */
export class PdfFlow {
  readonly contentWidth = PAGE_WIDTH - 2 * MARGIN;
  readonly pageHeight = PAGE_HEIGHT;
  private page!: PDFPage;
  private y = 0;
  private readonly widths = new Map<PDFFont, Map<string, number>>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
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

  /** Width of one character of the font at size 1, cached. */
  private charWidth(font: PDFFont): (ch: string) => number {
    const cache = this.widths.get(font) ?? new Map<string, number>();
    this.widths.set(font, cache);
    return (ch) => {
      const known = cache.get(ch);
      if (known !== undefined) return known;
      const width = font.widthOfTextAtSize(ch, 1);
      cache.set(ch, width);
      return width;
    };
  }

  /** `text`, sanitized and wrapped to `width` points. */
  wrap(text: string, width: number, style: TextStyle = {}): string[] {
    const font = style.bold ? this.fonts.bold : this.fonts.regular;
    const size = style.size ?? 9;
    const measure = this.charWidth(font);
    return wrapText(sanitizePdfText(text), width, (ch) => measure(ch) * size);
  }

  private draw(line: string, x: number, style: TextStyle): void {
    const size = style.size ?? 9;
    if (!line) return;
    this.page.drawText(line, {
      x,
      y: this.y - size,
      size,
      font: style.bold ? this.fonts.bold : this.fonts.regular,
      color: style.color ?? COLORS.text,
    });
  }

  /** A paragraph across the content width, breaking pages between lines. */
  paragraph(text: string, style: TextStyle = {}): void {
    const lineHeight = (style.size ?? 9) * LINE_SPACING;
    for (const line of this.wrap(text, this.contentWidth, style)) {
      this.ensure(lineHeight);
      this.draw(line, MARGIN, style);
      this.y -= lineHeight;
    }
  }

  /** A bold label in a left column and its values wrapped in the right one, row by row. */
  field(label: string, values: string[], labelWidth = 110, valueColor?: RGB): void {
    const size = 9;
    const lineHeight = size * LINE_SPACING;
    const labelLines = this.wrap(label, labelWidth - 8, { bold: true, size });
    const valueLines = (values.length ? values : ['']).flatMap((v) =>
      this.wrap(v, this.contentWidth - labelWidth, { size }),
    );
    const rows = Math.max(labelLines.length, valueLines.length);
    for (let i = 0; i < rows; i++) {
      this.ensure(lineHeight);
      this.draw(labelLines[i] ?? '', MARGIN, { bold: true, size, color: COLORS.muted });
      this.draw(valueLines[i] ?? '', MARGIN + labelWidth, { size, color: valueColor });
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
  footers(left: string): void {
    const pages = this.doc.getPages();
    const size = 7.5;
    const measure = this.charWidth(this.fonts.regular);
    const width = (s: string) => [...s].reduce((w, ch) => w + measure(ch) * size, 0);
    pages.forEach((page, i) => {
      const right = `page ${i + 1} of ${pages.length}`;
      const rightWidth = width(right);
      const leftText = fitText(
        sanitizePdfText(left),
        this.contentWidth - rightWidth - 20,
        (ch) => measure(ch) * size,
      );
      const y = MARGIN - 10;
      const style = { size, font: this.fonts.regular, color: COLORS.muted };
      page.drawText(leftText, { x: MARGIN, y, ...style });
      page.drawText(right, { x: PAGE_WIDTH - MARGIN - rightWidth, y, ...style });
    });
  }
}
