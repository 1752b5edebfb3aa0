// Reads text back out of a PDF the way a viewer does (pdf.js, legacy build for Node), for the
// report tests: one string per drawn line, runs joined in drawing (left-to-right) order.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** pdf.js's metrics for the 14 standard fonts (Helvetica), shipped in its package. */
const standardFontDataUrl = `${dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))}/standard_fonts/`;

/** One run pdf.js found: its text (pdf.js turns a right-to-left run back into logical order), where it starts and how wide it is. */
export interface ExtractedRun {
  str: string;
  dir: string;
  x: number;
  y: number;
  width: number;
}

/** The runs of every page, page by page. */
export async function extractRuns(bytes: Uint8Array): Promise<ExtractedRun[][]> {
  const pdf = await getDocument({
    data: bytes.slice(),
    useSystemFonts: false,
    isEvalSupported: false,
    standardFontDataUrl,
  }).promise;
  const pages: ExtractedRun[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const runs: ExtractedRun[] = [];
    for (const item of content.items)
      if ('str' in item && item.str)
        runs.push({
          str: item.str,
          dir: item.dir,
          x: item.transform[4],
          y: item.transform[5],
          width: item.width,
        });
    pages.push(runs);
  }
  await pdf.destroy();
  return pages;
}

/**
 * Each page's lines, top to bottom: the runs on one baseline joined left to right, or, with
 * 'rtl', right to left, the order a reader of a right-to-left line takes them in.
 */
export function pageLines(pages: ExtractedRun[][], order: 'ltr' | 'rtl' = 'ltr'): string[][] {
  return pages.map((runs) => {
    const byY = new Map<number, ExtractedRun[]>();
    for (const r of runs) {
      const y = Math.round(r.y * 10) / 10;
      byY.set(y, [...(byY.get(y) ?? []), r]);
    }
    return [...byY.entries()]
      .sort(([a], [b]) => b - a)
      .map(([, line]) =>
        line
          .sort((a, b) => (order === 'ltr' ? a.x - b.x : b.x - a.x))
          .map((r) => r.str)
          .join(''),
      );
  });
}
