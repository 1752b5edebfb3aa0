import { createHash } from 'node:crypto';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { VERIFIER_PACKAGE } from '../../../lib/bundle/verifier-package';
import type { ReportCapture, ReportModel } from '../../../lib/report/model';
import { formatUtc, reportBlocks } from '../../../lib/report/pdf-content';
import { PdfFonts } from '../../../lib/report/pdf-fonts';
import { pdfReport } from '../../../lib/report/pdf-report';
import { canEncodeWinAnsi, fitText, wrapText } from '../../../lib/report/pdf-text';
import { diskFontSource } from '../../../node/cli/font-files';
import { rgbPng } from '../../../node/fixtures/noise-png';
import { extractRuns, pageLines } from './pdf-text-extract';

const fonts = diskFontSource();

// RGB, 8 bits, no alpha, so pdf-lib adds no soft mask.
const solidPng = (width: number, height: number, rgb: [number, number, number]) =>
  rgbPng(width, height, () => rgb);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// --- reading text back out of the PDF ---

const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

/** WinAnsi byte to character, as the standard fonts encode them. */
const fromWinAnsi = new Map<number, string>();

beforeAll(async () => {
  const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
  for (let cp = 0x20; cp < 0x2200; cp++) {
    const ch = String.fromCodePoint(cp);
    try {
      fromWinAnsi.set(Number.parseInt(font.encodeText(ch).asString(), 16), ch);
    } catch {
      // not in WinAnsi
    }
  }
});

interface DrawnText {
  text: string;
  bold: boolean;
  size: number;
  x: number;
  y: number;
}

/** Every text line a page draws (pdf-lib writes `/Font size Tf … 1 0 0 1 x y Tm <hex> Tj`). */
function drawnTexts(doc: PDFDocument, pageIndex: number): DrawnText[] {
  const contents = doc.getPage(pageIndex).node.Contents();
  const streams =
    contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
  const out: DrawnText[] = [];
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) continue;
    const ops = latin1(decodePDFRawStream(stream).decode());
    const draw = /\/(\S+) ([\d.]+) Tf\s+[\d.]+ TL\s+1 0 0 1 ([\d.-]+) ([\d.-]+) Tm\s+<([0-9A-Fa-f]*)> Tj/g;
    for (const m of ops.matchAll(draw)) {
      const text = (m[5]!.match(/../g) ?? []).map((h) => fromWinAnsi.get(Number.parseInt(h, 16)) ?? '\ufffd');
      out.push({ text: text.join(''), bold: m[1]!.includes('Bold'), size: +m[2]!, x: +m[3]!, y: +m[4]! });
    }
  }
  return out;
}

/** The text each page draws, one line each. */
function pageTexts(doc: PDFDocument): string[] {
  return doc.getPages().map((_, i) =>
    drawnTexts(doc, i)
      .map((t) => t.text)
      .join('\n'),
  );
}

// --- the model ---

const pngA = solidPng(1600, 900, [200, 30, 30]);
const pngB = solidPng(40, 400, [30, 30, 200]);
const pngC = solidPng(20, 20, [30, 200, 30]);
const FP_DEVICE = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
const FP_TEAMMATE = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c';
const arabic = 'لوحة التحكم';
const hebrew = 'מסוף ניהול';
const longNote = `${Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ')} END-OF-NOTE`.slice(-5000);
const dana = { name: 'Dana Reyes', email: 'dana@example.com' };
const omar = { name: `Omar ${arabic}`, email: 'omar@example.com' };

function capture(id: string, control: string, over: Partial<ReportCapture> = {}): ReportCapture {
  return {
    id,
    capturedAt: '2026-11-28T10:00:00.000Z',
    pageUrl: `https://console.example.com/${id}?q=${'x'.repeat(300)}`,
    pageTitle: `Console ${id}`,
    capturer: dana,
    note: '',
    controlIds: [control],
    captureMode: 'visible',
    image: { width: 1600, height: 900, sha256: sha256(pngA) },
    metadataSha256: sha256(new TextEncoder().encode(`meta-${id}`)),
    paths: { image: `${control}/${id}.png`, metadata: `${control}/${id}.json` },
    ledger: { fingerprint: FP_DEVICE, seq: 1 },
    timestamp: { status: 'stamped', genTime: '2026-11-28T10:00:05Z', tsaName: 'CN=Example TSA' },
    imported: false,
    ...over,
  };
}

// c1 is tagged to both controls (filed twice, same image); c3's image is missing from the bundle.
const c1 = (control: string) =>
  capture('c1', control, {
    controlIds: ['A.5.18', 'A.8.2'],
    note: `<script>alert(1)</script> ${hebrew} 🔒🧑‍💻 tab\there\u0000\u0007 bell\u202Eevil`,
    pageTitle: `${arabic} <b>admin</b>`,
  });
const c2 = capture('c2', 'A.5.18', {
  image: { width: 40, height: 400, sha256: sha256(pngB) },
  note: longNote,
  capturer: omar,
  ledger: { fingerprint: FP_TEAMMATE, seq: 7 },
  timestamp: { status: 'pending' },
  imported: true,
});
const c3 = capture('c3', 'A.8.2', {
  image: { width: 20, height: 20, sha256: sha256(pngC) },
  timestamp: { status: 'none' },
  ledger: undefined,
});

const model: ReportModel = {
  bundleName: 'prooftrail-A.5.18-2026-11-28T13-00-00Z.zip',
  exportedAt: '2026-11-28T13:00:00.000Z',
  exportedBy: dana,
  extensionVersion: '0.2.0',
  scopeLabel: 'Controls A.5.18, A.8.2 · 2026-01-01 to 2026-11-30',
  period: { from: '2026-01-01T00:00:00.000Z', to: '2026-11-30T23:59:59.000Z' },
  signers: [
    { fingerprint: FP_DEVICE, actors: [dana], entries: 5, stamped: 4 },
    { fingerprint: FP_TEAMMATE, actors: [omar], entries: 9, stamped: 0 },
  ],
  controls: [
    { id: 'A.5.18', framework: 'ISO/IEC 27001:2022', title: 'Access rights', captures: [c1('A.5.18'), c2] },
    {
      id: 'A.8.2',
      framework: 'ISO/IEC 27001:2022',
      title: 'Privileged access rights',
      captures: [c1('A.8.2'), c3],
    },
  ],
  deletions: [
    {
      captureId: 'gone-1',
      controlIds: ['A.5.18'],
      capturedAt: '2026-11-28T12:00:00.000Z',
      pageUrl: 'https://console.example.com/gone',
      deletedAt: '2026-11-28T12:30:00.000Z',
      deletedBy: dana,
      reason: `duplicate ${arabic}`,
    },
  ],
};

const files: Record<string, Uint8Array> = {
  'A.5.18/c1.png': pngA,
  'A.8.2/c1.png': pngA,
  'A.5.18/c2.png': pngB,
};
const readImage = async (path: string) => files[path];

let bytes: Uint8Array;
let doc: PDFDocument;
let texts: string[];
let all: string;
/** The lines as a PDF viewer reads them (pdf.js): also the text drawn with the Noto fonts. */
let viewed: string[];

beforeAll(async () => {
  bytes = await pdfReport(model, readImage, fonts);
  doc = await PDFDocument.load(bytes, { updateMetadata: false });
  texts = pageTexts(doc);
  all = texts.join('\n');
  viewed = pageLines(await extractRuns(bytes)).flat();
  if (process.env.DUMP_PDF) console.log(viewed.join('\n'));
  if (process.env.DUMP_PDF) console.log(texts.join('\n=====\n'));
});

describe('pdfReport', () => {
  it('writes a PDF that loads back, with a cover, a page or more per control, and deletions', () => {
    expect(latin1(bytes.subarray(0, 5))).toBe('%PDF-');
    const pages = doc.getPageCount();
    expect(pages).toBeGreaterThanOrEqual(1 + model.controls.length + 1);
    expect(pages).toBeLessThanOrEqual(12);
    const [width, height] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    texts.forEach((text, i) => {
      expect(text).toContain(`page ${i + 1} of ${pages}`);
    });
    const headingPages = ['A.5.18 — Access rights', 'A.8.2 — Privileged access rights', 'Deletions'].map(
      (h) => texts.findIndex((t) => t.split('\n').includes(h)),
    );
    expect(headingPages[0]).toBeGreaterThan(0);
    expect(headingPages[1]).toBeGreaterThan(headingPages[0]!);
    expect(headingPages[2]).toBeGreaterThan(headingPages[1]!);
  });

  it('puts the export facts, signers and how to verify on the cover', () => {
    const cover = texts[0]!;
    for (const fact of [
      'Evidence report',
      model.scopeLabel,
      '2026-01-01 00:00:00 UTC to 2026-11-30 23:59:59 UTC',
      '2026-11-28 13:00:00 UTC',
      'Dana Reyes <dana@example.com>',
      'ProofTrail 0.2.0',
      model.bundleName,
      '2 controls, 3 captures, 1 deletion',
      '4 filings: a capture tagged to several controls appears under each',
      FP_DEVICE,
      '5 entries, 4 with an RFC 3161 timestamp',
      FP_TEAMMATE,
      '9 entries, 0 with an RFC 3161 timestamp',
      'verify.html',
      `npx ${VERIFIER_PACKAGE} verify ${model.bundleName}`,
    ])
      expect(cover).toContain(fact);
    // Arabic in Noto Sans Arabic, its words in visual order (read left to right: see pdf-scripts.test.ts).
    expect(viewed).toContain('Omar التحكم لوحة <omar@example.com>');
  });

  it('keeps every line inside the margins', async () => {
    const scratch = await PDFDocument.create();
    const regular = await scratch.embedFont(StandardFonts.Helvetica);
    const bold = await scratch.embedFont(StandardFonts.HelveticaBold);
    let lines = 0;
    for (let i = 0; i < doc.getPageCount(); i++) {
      const { width, height } = doc.getPage(i).getSize();
      for (const t of drawnTexts(doc, i)) {
        const font = t.bold ? bold : regular;
        const w = [...t.text].reduce((sum, ch) => sum + font.widthOfTextAtSize(ch, t.size), 0);
        expect(t.x).toBeGreaterThanOrEqual(50);
        expect(t.x + w, t.text).toBeLessThanOrEqual(width - 50 + 0.01);
        expect(t.y).toBeGreaterThanOrEqual(38);
        expect(t.y).toBeLessThanOrEqual(height - 50);
        lines++;
      }
    }
    expect(lines).toBeGreaterThan(100);
  });

  it("lists every capture's hashes, ledger entry, timestamp and bundle paths", () => {
    for (const control of model.controls)
      for (const c of control.captures) {
        expect(all).toContain(c.image.sha256);
        expect(all).toContain(c.metadataSha256);
        expect(all).toContain(c.paths.image);
        expect(all).toContain(c.paths.metadata);
      }
    expect(all).toContain(`#1, key ${FP_DEVICE}`);
    expect(all).toContain(`#7, key ${FP_TEAMMATE}`);
    expect(all).toContain('none (not in the ledger)');
    expect(all).toContain('stamped (RFC 3161) at 2026-11-28 10:00:05 UTC by CN=Example TSA');
    expect(all).toContain('pending: not yet stamped');
    expect(all).toContain("yes, from a teammate's bundle");
    expect(all).toContain('2026-11-28 10:00:00 UTC');
    expect(all).toContain('A.5.18, A.8.2');
  });

  it('embeds each distinct image once and says so when one is missing, without throwing', () => {
    const images = latin1(bytes).match(/\/Subtype\s*\/Image/g) ?? [];
    expect(images).toHaveLength(2);
    expect(all).toContain('image missing: A.8.2/c3.png is not in the bundle');
    expect(all.match(/image missing/g)).toHaveLength(1);
  });

  it('draws hostile text harmlessly: markup kept, emoji and bidi overrides as placeholders, control characters dropped', () => {
    // The Hebrew words in visual order; the override shown, not obeyed ("evil" is not turned around).
    expect(viewed).toContain(
      'Note <script>alert(1)</script> ניהול מסוף [U+1F512][U+1F9D1][U+1F4BB] tab here bell[U+202E]evil',
    );
    // An Arabic title is a right-to-left paragraph: the markup after it is drawn at its left.
    expect(viewed).toContain('Page title <b>admin</b> التحكم لوحة');
    expect(viewed.join('\n')).not.toMatch(/\?{2}/);
    expect([...all].filter((ch) => ch !== '\n' && /\p{Cc}/u.test(ch))).toEqual([]);
    // The 5,000-character note wraps across lines (and pages) and loses nothing.
    expect(all).toContain('END-OF-NOTE');
    const noteWords = all.match(/\bword\d+\b/g) ?? [];
    expect(noteWords.length).toBe(longNote.match(/\bword\d+\b/g)!.length);
    const longest = Math.max(...all.split('\n').map((l) => l.length));
    expect(longest).toBeLessThan(200);
  });

  it('reports an image it cannot decode, or a reader that throws, as missing', async () => {
    const broken = await pdfReport(
      model,
      async (path) => {
        if (path === 'A.5.18/c2.png') return new Uint8Array([1, 2, 3, 4]);
        if (path.endsWith('c1.png')) throw new Error('zip entry unreadable');
        return files[path];
      },
      fonts,
    );
    const text = pageTexts(await PDFDocument.load(broken)).join('\n');
    expect(text).toContain('image missing: A.5.18/c2.png is not a readable PNG image');
    expect(text).toContain('image missing: A.5.18/c1.png could not be read from the bundle');
    expect(latin1(broken).match(/\/Subtype\s*\/Image/g) ?? []).toHaveLength(0);
  });

  it('sets document properties from the model and gives the same bytes for the same model', async () => {
    expect(doc.getTitle()).toBe(`Evidence report: ${model.scopeLabel}`);
    expect(doc.getCreator()).toBe('ProofTrail');
    expect(doc.getCreationDate()?.toISOString()).toBe(model.exportedAt);
    const again = await pdfReport(model, readImage, fonts);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it('handles an empty scope and missing identities', async () => {
    const empty: ReportModel = {
      ...model,
      exportedBy: undefined,
      exportedAt: 'not a date',
      signers: [],
      controls: [],
      deletions: [],
    };
    const pdf = await PDFDocument.load(await pdfReport(empty, readImage, fonts));
    expect(pdf.getPageCount()).toBe(1);
    const cover = pageTexts(pdf)[0]!;
    expect(cover).toContain('No captures in scope.');
    expect(cover).toContain('No signing key: this bundle has no ledger.');
    expect(cover).toContain('(not recorded)');
  });
});

describe('reportBlocks', () => {
  it('lays out a cover, then each control with its captures (image first), then deletions', () => {
    const blocks = reportBlocks(model);
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => b.text);
    expect(headings).toEqual(['A.5.18 — Access rights', 'A.8.2 — Privileged access rights', 'Deletions']);
    const images = blocks.filter((b) => b.kind === 'image');
    expect(images.map((b) => b.path)).toEqual([
      'A.5.18/c1.png',
      'A.5.18/c2.png',
      'A.8.2/c1.png',
      'A.8.2/c3.png',
    ]);
    expect(blocks.filter((b) => b.kind === 'page')).toHaveLength(3);
    expect(blocks[0]).toEqual({ kind: 'title', text: 'Evidence report' });
  });

  it('formats UTC times and keeps what does not parse', () => {
    expect(formatUtc('2026-11-28T10:00:00Z')).toBe('2026-11-28 10:00:00 UTC');
    expect(formatUtc('2026-11-28T10:00:00.250Z')).toBe('2026-11-28 10:00:00.250 UTC');
    expect(formatUtc('yesterday')).toBe('yesterday');
    expect(formatUtc(undefined)).toBe('(not recorded)');
  });
});

describe('PDF text helpers', () => {
  it('accepts exactly what the standard fonts can encode', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    for (let cp = 0; cp < 0x3000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      let encodable = true;
      try {
        font.encodeText(String.fromCodePoint(cp));
      } catch {
        encodable = false;
      }
      expect(canEncodeWinAnsi(cp), `U+${cp.toString(16)}`).toBe(encodable);
    }
  });

  it('prepares any string into drawable text', async () => {
    const scratch = await PDFDocument.create();
    const inputs = [
      'a\tb\r\nc\u0000\u001b\u007f\u0085d',
      'Café € “quoted” — ok',
      '😀\ufe0f \ud800 x',
      arabic,
    ];
    const pdfFonts = await PdfFonts.create(
      scratch,
      fonts,
      inputs.map((text) => ({ text, bold: false })),
    );
    const prepare = (t: string) => pdfFonts.prepare(t, false);
    expect(prepare(inputs[0]!).text).toBe('a b  c d');
    expect(prepare(inputs[1]!).text).toBe('Café € “quoted” — ok');
    expect(prepare(inputs[2]!).text).toBe('[U+1F600] [U+D800] x');
    expect(prepare(arabic)).toEqual({ text: arabic, cjk: 'sc', direction: 'rtl' });
  });

  it('wraps to a width, breaking long words, losing no character', () => {
    const measure = () => 1;
    expect(wrapText('aa bb cc', 5, measure)).toEqual(['aa bb', 'cc']);
    expect(wrapText('', 5, measure)).toEqual(['']);
    const url = 'see https://console.example.com/a/very/long/path end';
    const lines = wrapText(url, 10, measure);
    expect(lines.every((l) => l.length <= 10)).toBe(true);
    expect(lines.join('').replace(/ /g, '')).toBe(url.replace(/ /g, ''));
    expect(wrapText('x'.repeat(50_000), 100, measure)).toHaveLength(500);
    expect(fitText('abcdefghij', 6, measure)).toBe('abc...');
    expect(fitText('abc', 6, measure)).toBe('abc');
  });
});
