import type { Identity } from '../db/types';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import { canonicalSha256 } from '../integrity/canonical';
import type { LedgerDraft } from './commit';

// Version-2 entries (docs/ledger-format.md): a capture's controls, page, title and note, a
// deletion's reason, a bundle's or catalog's name are never written into an entry. The entry
// signs the hash of the record holding them, so a bundle that carries the record proves it and a
// bundle that leaves it out reveals nothing of it.

/** The ledger entry of a capture: the hashes of everything stored for it, its time and mode. */
export function captureDraft(
  record: CaptureMetadata,
  actor: Identity,
  o: { backfilled?: true } = {},
): LedgerDraft {
  const v2 = record.schema === 'prooftrail.capture/2' ? record : undefined;
  return {
    type: 'capture',
    subject: record.id,
    artifacts: {
      metadata: record.metadataSha256,
      image: record.image.sha256,
      ...(v2?.pageText ? { pageText: v2.pageText.sha256 } : {}),
      ...(v2?.pageSnapshot ? { pageSnapshot: v2.pageSnapshot.sha256 } : {}),
    },
    content: {
      capturedAt: record.capturedAt,
      captureMode: record.captureMode,
      ...(o.backfilled ? { backfilled: true } : {}),
    },
    actor,
  };
}

/**
 * The tombstone of a deleted capture: it signs the SHA-256 of the deletion record's canonical JSON
 * (`artifacts.deletion`), so deletions.json must hold that record byte for byte.
 */
export async function deletionDraft(
  record: DeletionRecord,
  o: { backfilled?: true } = {},
): Promise<LedgerDraft> {
  return {
    type: 'deletion',
    subject: record.captureId,
    artifacts: {
      metadata: record.metadataSha256,
      image: record.imageSha256,
      deletion: await canonicalSha256(record),
    },
    content: {
      capturedAt: record.capturedAt,
      deletionId: record.id,
      deletedAt: record.deletedAt,
      ...(o.backfilled ? { backfilled: true } : {}),
    },
    actor: record.deletedBy,
  };
}

/** The tombstone of a deletion recorded before the ledger existed. */
export function pastDeletionDraft(d: DeletionRecord): Promise<LedgerDraft> {
  return deletionDraft(d, { backfilled: true });
}

/** The entry that signs an export: it commits to the manifest's exact bytes; its subject is a random ID. */
export function exportDraft(
  manifestSha256: string,
  content: { exportedAt: string; captureCount: number; deletionCount: number; fileCount: number },
  actor: Identity,
): LedgerDraft {
  return {
    type: 'export',
    subject: crypto.randomUUID(),
    artifacts: { manifest: manifestSha256 },
    content,
    actor,
  };
}

/** The entry of an import: the imported catalog's or bundle's hash and how many items came in. */
export function importDraft(
  artifact: { catalog: string } | { manifest: string },
  counts: { count: number; skipped?: number },
  actor: Identity,
): LedgerDraft {
  return { type: 'import', subject: crypto.randomUUID(), artifacts: artifact, content: counts, actor };
}
