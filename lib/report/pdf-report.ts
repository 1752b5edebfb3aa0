import { PDFDocument, type PDFImage } from 'pdf-lib';
import { extensionFontSource, type FontSource } from '../fonts/catalog';
import { sameBytes } from '../integrity/bytes';
import type { ReportModel } from './model';
import { type ReportBlock, reportBlocks } from './pdf-content';
import { PdfFonts } from './pdf-fonts';
import { COLORS, PdfFlow } from './pdf-layout';

/** Reads a file of the bundle by its path; undefined when it is not there. */
export type ReadImage = (path: string) => Promise<Uint8Array | undefined>;

type ImageResult = { image: PDFImage } | { problem: string };

/**
 * Embeds each capture image once: a capture filed under two controls has two paths but one
 * SHA-256, so the second reuses the first embedding when the bytes really are the same.
 */
class ImageCache {
  private readonly seen = new Map<string, { bytes: Uint8Array; image: PDFImage }>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly readImage: ReadImage,
  ) {}

  async get(path: string, sha256: string): Promise<ImageResult> {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.readImage(path);
    } catch {
      return { problem: `image missing: ${path} could not be read from the bundle` };
    }
    if (!bytes?.length) return { problem: `image missing: ${path} is not in the bundle` };
    const known = this.seen.get(sha256);
    if (known && sameBytes(known.bytes, bytes)) return { image: known.image };
    try {
      const image = await this.doc.embedPng(bytes);
      if (!known) this.seen.set(sha256, { bytes, image });
      return { image };
    } catch {
      return { problem: `image missing: ${path} is not a readable PNG image` };
    }
  }
}

async function drawBlock(flow: PdfFlow, block: ReportBlock, images: ImageCache): Promise<void> {
  switch (block.kind) {
    case 'page':
      if (!flow.atTop) flow.newPage();
      return;
    case 'title':
      await flow.paragraph(block.text, { bold: true, size: 26 });
      flow.gap(8);
      return;
    case 'heading':
      flow.ensure(80);
      await flow.paragraph(block.text, { bold: true, size: 16 });
      flow.gap(2);
      return;
    case 'subheading':
      // Keep a subheading with what follows it (usually an image).
      flow.ensure(120);
      flow.gap(8);
      await flow.paragraph(block.text, { bold: true, size: 11 });
      flow.gap(4);
      return;
    case 'text':
      if (block.style === 'lead') await flow.paragraph(block.text, { size: 13 });
      else
        await flow.paragraph(block.text, {
          size: 9,
          color: block.style === 'muted' ? COLORS.muted : undefined,
        });
      flow.gap(4);
      return;
    case 'field':
      await flow.field(block.label, block.values, undefined, block.tone ? COLORS[block.tone] : undefined);
      return;
    case 'image': {
      const result = await images.get(block.path, block.sha256);
      if ('image' in result) flow.image(result.image);
      else await flow.paragraph(result.problem, { bold: true, size: 10, color: COLORS.alert });
      flow.gap(4);
      return;
    }
    case 'rule':
      flow.rule();
      return;
  }
}

/** Every string the blocks draw, and whether bold: what the fonts must cover. */
function* blockTexts(blocks: ReportBlock[], footer: string): Generator<{ text: string; bold: boolean }> {
  yield { text: footer, bold: false };
  for (const b of blocks) {
    if (b.kind === 'title' || b.kind === 'heading' || b.kind === 'subheading')
      yield { text: b.text, bold: true };
    else if (b.kind === 'text') yield { text: b.text, bold: false };
    else if (b.kind === 'field') {
      yield { text: b.label, bold: true };
      for (const value of b.values) yield { text: value, bold: false };
    }
  }
}

function validDate(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Document properties, fixed by the model alone so the same model gives the same bytes. */
function setMetadata(doc: PDFDocument, model: ReportModel): void {
  const plain = (s: string) => String(s ?? '').replace(/\p{Cc}/gu, ' ');
  doc.setTitle(plain(`Evidence report: ${model.scopeLabel}`));
  doc.setSubject(plain(model.bundleName));
  doc.setCreator('ProofTrail');
  doc.setProducer(plain(`ProofTrail ${model.extensionVersion} (pdf-lib)`));
  const exported = validDate(model.exportedAt);
  if (exported) {
    doc.setCreationDate(exported);
    doc.setModificationDate(exported);
  }
}

/**
 * The bundle's PDF report: a cover page (scope, period, export, counts, capturers, signing keys,
 * how to verify), then each control with its captures (image scaled to the page, and metadata),
 * then deletions. A4 portrait, "page N of M" footers. Text in Helvetica where WinAnsi encodes it,
 * else in the Noto font that has it, from `fonts` (the extension's own files by default; Node passes
 * its own), subset and embedded (docs/fonts.md). Runs in Node and in extension pages. Images come
 * from `readImage` by bundle path; a missing or unreadable one is reported on the page instead of
 * failing the report.
 */
export async function pdfReport(
  model: ReportModel,
  readImage: ReadImage,
  fonts: FontSource = extensionFontSource(),
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  setMetadata(doc, model);
  const blocks = reportBlocks(model);
  const flow = new PdfFlow(doc, await PdfFonts.create(doc, fonts, blockTexts(blocks, model.bundleName)));
  const images = new ImageCache(doc, readImage);
  for (const block of blocks) await drawBlock(flow, block, images);
  await flow.footers(model.bundleName);
  return doc.save();
}
