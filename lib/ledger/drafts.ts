import type { Identity } from '../db/types';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import type { LedgerDraft } from './commit';

/** The ledger entry of a capture: the hashes of everything stored for it. */
export function captureDraft(
  record: CaptureMetadata,
  actor: Identity,
  extra: Record<string, unknown> = {},
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
      controlIds: record.controlIds,
      pageUrl: record.pageUrl,
      capturedAt: record.capturedAt,
      captureMode: record.captureMode,
      ...extra,
    },
    actor,
  };
}

/** The tombstone of a deleted capture; `extra` carries `deletionId` and `deletedAt` of its record. */
export function deletionDraft(
  capture: Pick<CaptureMetadata, 'id' | 'metadataSha256' | 'image' | 'controlIds' | 'pageUrl' | 'capturedAt'>,
  reason: string,
  actor: Identity,
  extra: Record<string, unknown> = {},
): LedgerDraft {
  return {
    type: 'deletion',
    subject: capture.id,
    artifacts: { metadata: capture.metadataSha256, image: capture.image.sha256 },
    content: {
      reason,
      controlIds: capture.controlIds,
      pageUrl: capture.pageUrl,
      capturedAt: capture.capturedAt,
      ...extra,
    },
    actor,
  };
}

/** The tombstone of a deletion recorded before the ledger existed. */
export function pastDeletionDraft(d: DeletionRecord): LedgerDraft {
  return deletionDraft(
    {
      id: d.captureId,
      metadataSha256: d.metadataSha256,
      image: { sha256: d.imageSha256 } as CaptureMetadata['image'],
      controlIds: d.controlIds,
      pageUrl: d.pageUrl,
      capturedAt: d.capturedAt,
    },
    d.reason,
    d.deletedBy,
    { backfilled: true, deletionId: d.id, deletedAt: d.deletedAt },
  );
}

/** The entry that signs an export: it commits to the manifest's exact bytes. */
export function exportDraft(
  bundle: string,
  manifestSha256: string,
  content: {
    exportedAt: string;
    captureCount: number;
    deletionCount: number;
    fileCount: number;
    scope: unknown;
  },
  actor: Identity,
): LedgerDraft {
  return {
    type: 'export',
    subject: bundle,
    artifacts: { manifest: manifestSha256 },
    content: { bundle, ...content },
    actor,
  };
}
