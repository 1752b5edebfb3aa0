import { unzipSync } from 'fflate';
import { expect, it, vi } from 'vitest';
import { BlobSink, type ByteSink } from '../../../lib/bundle/byte-sink';
import { exportBundle } from '../../../lib/bundle/export-bundle';
import { INDEX_PATH } from '../../../lib/formats/bundle-paths';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { freshDb, storeCapture } from '../helpers';

/** Captures written when index.html was made, the first time (undefined: not yet). */
const made: { at?: number; calls: number } = { calls: 0 };
let written = 0;
let reportMade: () => void = () => undefined;
const reportReady = new Promise<void>((resolve) => {
  reportMade = resolve;
});

vi.mock('../../../lib/report/html-report', async (original) => {
  const real = await original<typeof import('../../../lib/report/html-report')>();
  return {
    ...real,
    renderIndexHtml: (...args: Parameters<typeof real.renderIndexHtml>) => {
      made.calls++;
      made.at ??= written;
      reportMade();
      return real.renderIndexHtml(...args);
    },
  };
});

const iso = (id: string) => ({ id, title: `ISO ${id}`, framework: 'ISO/IEC 27001:2022' });
/** Each image fills a write batch (8 MB) by itself, so every capture issues one write. */
const IMAGE_BYTES = (8 << 20) + 4096;
const CAPTURES = 7;

/**
 * A file whose writes finish only once index.html has been made: the exporter queues at most 4
 * writes, so it can finish only if it makes its reports while its image writes are waiting, not
 * after the last capture (that order would never end, and the test would time out).
 */
class WritesWaitForTheReport implements ByteSink {
  readonly inner = new BlobSink();
  async write(chunk: Uint8Array | Blob): Promise<void> {
    await reportReady;
    await this.inner.write(chunk);
  }
  close = () => this.inner.close();
  abort = () => this.inner.abort();
}

it('makes the reports while the images are being written, and appends the same bytes after them', async () => {
  const db = freshDb();
  for (let i = 0; i < CAPTURES; i++) {
    const image = new Uint8Array(IMAGE_BYTES);
    for (let k = 0; k < image.length; k += 4096) image[k] = (i * 31 + k) & 0xff;
    await storeCapture(
      db,
      {
        controlIds: ['A.5.18'],
        controls: [iso('A.5.18')],
        capturedAt: `2026-11-2${i}T10:00:00.000Z`,
        pageTitle: `Review ${i}`,
      },
      image,
    );
  }
  const sink = new WritesWaitForTheReport();
  const result = await exportBundle(db, {
    scope: { kind: 'selection' },
    extensionVersion: '0.3.0',
    sink,
    onProgress: (p) => {
      written = p.done;
    },
  });
  expect(made.calls).toBe(1);
  // Made before the last capture was written: in the pauses while the first writes waited.
  expect(made.at).toBeLessThan(CAPTURES);
  const bytes = new Uint8Array(await sink.inner.blob().arrayBuffer());
  const files = unzipSync(bytes, { filter: (f) => !f.name.endsWith('.png') });
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  expect(manifest).toEqual(result.manifest);
  // The report lists every capture and links each one's files by the names they were written under.
  const html = new TextDecoder().decode(files[INDEX_PATH]);
  const images = manifest.files.filter((f: { role: string }) => f.role === 'image');
  expect(images).toHaveLength(CAPTURES);
  for (const f of images) expect(html).toContain(f.path);
  expect((await verifyBundle(await readZip(bytes))).problems).toEqual([]);
}, 60_000);
