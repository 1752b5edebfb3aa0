import { readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { modelFromBundle } from '../../../lib/report/model-from-bundle';
import { pdfFromBundle, ReportRefused } from '../../../lib/report/pdf-from-bundle';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { exportToBytes, freshDb, storeCapture } from '../helpers';

describe('PDF report of a bundle', () => {
  it('rebuilds the same report model the exporter had, and makes a PDF with every capture', async () => {
    const db = freshDb();
    await storeCapture(db, {
      controlIds: ['A.5.18', 'CC6.1'],
      controls: [
        { id: 'A.5.18', title: 'Access rights', framework: 'ISO/IEC 27001:2022' },
        { id: 'CC6.1', title: 'Logical access', framework: 'SOC 2 (TSC 2017)' },
      ],
      pageTitle: 'Okta access review',
    });
    await storeCapture(db, { capturedAt: '2026-11-28T11:00:00.000Z', pageTitle: 'Second' });
    const out = await exportToBytes(db);
    const archive = await readZip(out.bytes);
    const verified = (await verifyBundle(archive)).bundle!;
    const model = await modelFromBundle(archive, verified, out.fileName);
    const listed = new Set(verified.manifest.files.map((f) => f.path));
    expect(model.controls.map((c) => [c.id, c.captures.length])).toEqual([
      ['A.5.18', 2],
      ['CC6.1', 1],
    ]);
    const csv = new TextDecoder().decode(await archive.read('evidence.csv', 1 << 20));
    for (const c of model.controls.flatMap((x) => x.captures)) {
      expect(listed.has(c.paths.image)).toBe(true);
      expect(csv).toContain(c.paths.image);
    }
    const pdf = await pdfFromBundle(out.bytes, out.fileName);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3);
    // Both captures hold the same 1×1 PNG: the report embeds identical images once.
    expect(new TextDecoder('latin1').decode(pdf).match(/\/Subtype \/Image/g)).toHaveLength(1);
  });

  it('makes no report of a format-1 bundle: nothing signs its export', async () => {
    const bytes = new Uint8Array(readFileSync('test/fixtures/bundles/v1-demo-bundle.zip'));
    const err = await pdfFromBundle(bytes, 'v1-demo-bundle.zip').catch((e) => e);
    expect(err).toBeInstanceOf(ReportRefused);
    expect(err.lines.join('\n')).toMatch(/FAIL manifest\.json: format 1 is not signed/);
  });

  it('refuses a bundle that does not verify', async () => {
    const db = freshDb();
    await storeCapture(db);
    const files = unzipSync((await exportToBytes(db)).bytes);
    const json = Object.keys(files).find((p) => p.startsWith('controls/') && p.endsWith('.json'))!;
    files[json] = new TextEncoder().encode(new TextDecoder().decode(files[json]).replace('Review', 'Edited'));
    const err = await pdfFromBundle(zipSync(files), 'x.zip').catch((e) => e);
    expect(err).toBeInstanceOf(ReportRefused);
    expect(err.lines.join('\n')).toMatch(/FAIL controls\//);
  });
});
