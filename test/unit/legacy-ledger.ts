import { saveCapture } from '../../lib/db/captures-repo';
import type { ProofTrailDb } from '../../lib/db/database';
import { getDeviceKey } from '../../lib/db/keys-repo';
import { lastLedgerRecord } from '../../lib/db/ledger-repo';
import type { Identity } from '../../lib/db/types';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { DeletionRecord } from '../../lib/formats/deletion-record';
import type { LedgerEntry, LedgerRecord } from '../../lib/formats/ledger-entry';
import { signBytes } from '../../lib/integrity/signing';
import { entryBytes, entryHash } from '../../lib/ledger/entry-bytes';
import { sampleRecord } from './db/sample-record';

// Entries as ProofTrail 0.4 and older wrote them (ledger entry version 1), for tests of ledgers
// that began before version 2: the product no longer writes them.

type V1Draft = Pick<LedgerEntry, 'type' | 'subject' | 'artifacts' | 'content' | 'actor'>;

/** Appends a version-1 entry, signed with the profile's key, at time `at`. */
export async function appendV1(db: ProofTrailDb, draft: V1Draft, at = new Date()): Promise<LedgerRecord> {
  const key = await getDeviceKey(db);
  const last = await lastLedgerRecord(db);
  const entry: LedgerEntry = {
    v: 1,
    seq: (last?.entry.seq ?? 0) + 1,
    prev: last?.hash ?? '0'.repeat(64),
    at: at.toISOString(),
    ...draft,
    key: key.fingerprint,
  };
  const record = {
    entry,
    hash: await entryHash(entry),
    signature: await signBytes(key.privateKey, entryBytes(entry)),
  };
  await db.ledger.add(record);
  return record;
}

/** A version-1 capture entry: it names the capture's controls and page. */
export function v1CaptureDraft(r: CaptureMetadata): V1Draft {
  return {
    type: 'capture',
    subject: r.id,
    artifacts: { metadata: r.metadataSha256, image: r.image.sha256 },
    content: {
      controlIds: r.controlIds,
      pageUrl: r.pageUrl,
      capturedAt: r.capturedAt,
      captureMode: r.captureMode,
    },
    actor: r.capturer,
  };
}

/** A version-1 tombstone; ProofTrail 0.3 wrote it without `deletionId` and `deletedAt` (`o.v03`). */
export function v1DeletionDraft(d: DeletionRecord, o: { v03?: boolean } = {}): V1Draft {
  return {
    type: 'deletion',
    subject: d.captureId,
    artifacts: { metadata: d.metadataSha256, image: d.imageSha256 },
    content: {
      reason: d.reason,
      controlIds: d.controlIds,
      pageUrl: d.pageUrl,
      capturedAt: d.capturedAt,
      ...(o.v03 ? {} : { deletionId: d.id, deletedAt: d.deletedAt }),
    },
    actor: d.deletedBy,
  };
}

/** Stores a capture with a version-1 entry, as ProofTrail 0.4 did. */
export async function storeV1Capture(
  db: ProofTrailDb,
  patch: Parameters<typeof sampleRecord>[1] = {},
  by?: Identity,
): Promise<CaptureMetadata> {
  const image = new Uint8Array([1, 2, 3]);
  const r = await sampleRecord(image, { ...patch, ...(by ? { capturer: by } : {}) });
  await saveCapture(db, r, new Blob([image], { type: 'image/png' }));
  await appendV1(db, v1CaptureDraft(r), new Date(r.capturedAt));
  return r;
}
