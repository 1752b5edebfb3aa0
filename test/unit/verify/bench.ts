import { resolveScope, type ScopeChoice } from '../../../lib/bundle/plan-export';
import { captureTables, saveCapture, saveThumbnail } from '../../../lib/db/captures-repo';
import type { ProofTrailDb } from '../../../lib/db/database';
import { getDeviceKey } from '../../../lib/db/keys-repo';
import type { Identity } from '../../../lib/db/types';
import type { CaptureMetadata } from '../../../lib/formats/capture-metadata';
import { importBundle } from '../../../lib/import/import-bundle';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { commitWithLedger } from '../../../lib/ledger/commit';
import { deleteCaptureWithLedger } from '../../../lib/ledger/delete-with-ledger';
import { captureDraft } from '../../../lib/ledger/drafts';
import { sampleRecord } from '../db/sample-record';
import { exportToBytes, freshDb, PNG_1X1_BASE64 } from '../helpers';

/** Genuine bundles exported by the current code, for the tamper corpus and the mutation test. */

export const dana: Identity = { name: 'Dana', email: 'dana@example.com' };
export const bob: Identity = { name: 'Bob', email: 'bob@example.com' };
export const carol: Identity = { name: 'Carol (compliance)', email: 'carol@example.com' };

const png = Uint8Array.from(atob(PNG_1X1_BASE64), (c) => c.charCodeAt(0));
const encoder = new TextEncoder();
const iso = (id: string) => ({ id, title: `ISO ${id}`, framework: 'ISO/IEC 27001:2022' });

/** A distinct image per capture: the 1×1 PNG with the note appended after IEND. */
const imageFor = (note: string) => {
  const tail = encoder.encode(note);
  const out = new Uint8Array(png.length + tail.length);
  out.set(png);
  out.set(tail, png.length);
  return out;
};

/** What to store with a capture besides its record and image. */
export interface Extras {
  controls?: string[];
  capturer?: Identity;
  pageText?: string;
  snapshot?: string;
  thumbnail?: boolean;
}

/**
 * Stores a sealed capture with its ledger entry, as the capture service would; `note` names it
 * and is its page title (so file names differ). Captured now: the verifier wants capturedAt and
 * the entry's time to agree.
 */
export async function capture(db: ProofTrailDb, note: string, x: Extras = {}): Promise<CaptureMetadata> {
  const image = imageFor(note);
  const controls = x.controls ?? ['A.5.18'];
  const text = x.pageText === undefined ? undefined : encoder.encode(x.pageText);
  const snapshot = x.snapshot === undefined ? undefined : encoder.encode(x.snapshot);
  const at = new Date();
  const record = await sampleRecord(image as Uint8Array<ArrayBuffer>, {
    note,
    pageTitle: note,
    controlIds: controls,
    controls: controls.map(iso),
    capturedAt: at.toISOString(),
    capturer: x.capturer ?? dana,
    ...(text
      ? { pageText: { byteLength: text.byteLength, sha256: await sha256Hex(text as BufferSource) } }
      : {}),
    ...(snapshot
      ? {
          pageSnapshot: {
            format: 'mhtml' as const,
            mediaType: 'multipart/related',
            byteLength: snapshot.byteLength,
            sha256: await sha256Hex(snapshot as BufferSource),
          },
        }
      : {}),
  });
  await commitWithLedger(
    db,
    captureDraft(record, record.capturer),
    captureTables(db),
    () =>
      saveCapture(db, record, new Blob([image], { type: 'image/png' }), {
        ...(text ? { text: new Blob([text as BlobPart], { type: 'text/plain' }) } : {}),
        ...(snapshot ? { snapshot: new Blob([snapshot as BlobPart], { type: 'multipart/related' }) } : {}),
      }),
    () => at,
  );
  if (x.thumbnail)
    await saveThumbnail(db, record.id, new Blob([imageFor(`thumb ${note}`)], { type: 'image/png' }));
  return record;
}

/** The verify.html the exporter puts in the bundle (a stand-in: the verifier checks only its hash). */
export const VIEWER = encoder.encode('<!doctype html><title>Verify this bundle</title><p>verify.html</p>\n');

/** Exports `db` to a ZIP, scope chosen as in the export form. */
export async function exportOf(db: ProofTrailDb, choice: ScopeChoice = {}, exportedBy: Identity = dana) {
  const out = await exportToBytes(db, { scope: await resolveScope(db, choice), viewer: VIEWER, exportedBy });
  return out.bytes;
}

export const fingerprintOf = async (db: ProofTrailDb) => (await getDeviceKey(db)).fingerprint;

/**
 * Dana's library: "first" (A.5.18, with page text, snapshot and preview), "second" (filed under
 * A.5.18 and A.8.2), "third" (deleted, "captured twice"). `before` was exported before the
 * deletion, so it still holds "third"; `narrow` is the A.8.2 export made after it.
 */
export async function danasBundles() {
  const db = freshDb();
  await capture(db, 'first', {
    pageText: 'Access review Q4: 12 accounts reviewed',
    snapshot: 'MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\nsnapshot',
    thumbnail: true,
  });
  await capture(db, 'second', { controls: ['A.5.18', 'A.8.2'] });
  const third = await capture(db, 'third');
  const before = await exportOf(db);
  await deleteCaptureWithLedger(db, third.id, 'captured twice', dana);
  const full = await exportOf(db);
  const narrow = await exportOf(db, { controlIds: ['A.8.2'] });
  return { db, fingerprint: await fingerprintOf(db), before, full, narrow };
}

/**
 * Carol's bundle carrying Bob's ledger: Bob captured "bob A.8.2" and "bob A.5.9" and sent Carol
 * an A.8.2 bundle; Carol imported it, captured "carol", and exported everything. Bob's ledger
 * rides under signers/<id>/ with coverage A.8.2 up to his export entry.
 */
export async function teamBundle() {
  const bobs = freshDb();
  await capture(bobs, 'bob A.8.2', { controls: ['A.8.2'], capturer: bob });
  await capture(bobs, 'bob A.5.9', { controls: ['A.5.9'], capturer: bob });
  const fromBob = await exportOf(bobs, { controlIds: ['A.8.2'] }, bob);
  const carols = freshDb();
  await capture(carols, 'carol', { controls: ['A.8.2'], capturer: carol });
  const bobKey = await fingerprintOf(bobs);
  await importBundle(carols, fromBob, { fileName: 'bob.zip', actor: carol, trust: [bobKey] });
  const bytes = await exportOf(carols, {}, carol);
  return { bytes, carolKey: await fingerprintOf(carols), bobKey };
}
