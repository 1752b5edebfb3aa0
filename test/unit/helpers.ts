import { captureTables } from '../../lib/db/captures-repo';
import { ProofTrailDb } from '../../lib/db/database';

/** A fresh, empty database on fake-indexeddb. */
export function freshDb(): ProofTrailDb {
  return new ProofTrailDb(`test-${crypto.randomUUID()}`);
}

/** A tiny valid PNG (1×1, red) as a data URL and as bytes. */
export const PNG_1X1_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
export const PNG_1X1_DATA_URL = `data:image/png;base64,${PNG_1X1_BASE64}`;

/** Exports a scope (default: everything) into memory and returns the ZIP's bytes and the result. */
export async function exportToBytes(
  db: import('../../lib/db/database').ProofTrailDb,
  options: Partial<import('../../lib/bundle/export-bundle').ExportOptions> = {},
) {
  const { exportBundle } = await import('../../lib/bundle/export-bundle');
  const { BlobSink } = await import('../../lib/bundle/byte-sink');
  const sink = new BlobSink();
  const result = await exportBundle(db, {
    scope: { kind: 'selection' },
    extensionVersion: '0.3.0',
    ...options,
    sink,
  });
  return { ...result, bytes: new Uint8Array(await sink.blob().arrayBuffer()) };
}

/** Stores a sealed capture (image + record + ledger entry) as the capture service would. */
export async function storeCapture(
  db: import('../../lib/db/database').ProofTrailDb,
  patch: Partial<import('../../lib/formats/capture-metadata').UnsealedCaptureMetadata> = {},
  image: Uint8Array<ArrayBuffer> = Uint8Array.from(atob(PNG_1X1_BASE64), (c) => c.charCodeAt(0)),
) {
  const { sampleRecord } = await import('./db/sample-record');
  const { commitWithLedger } = await import('../../lib/ledger/commit');
  const { captureDraft } = await import('../../lib/ledger/drafts');
  const { saveCapture } = await import('../../lib/db/captures-repo');
  const r = await sampleRecord(image, patch);
  // The entry is made when the capture is, as in the product: its time is the capture's.
  await commitWithLedger(
    db,
    captureDraft(r, r.capturer),
    captureTables(db),
    () => saveCapture(db, r, new Blob([image], { type: 'image/png' })),
    () => new Date(r.capturedAt),
  );
  return r;
}
