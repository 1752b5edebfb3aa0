import { deleteCapture } from '../db/captures-repo';
import type { ProofTrailDb } from '../db/database';
import type { Identity } from '../db/types';
import type { DeletionRecord } from '../formats/deletion-record';
import { commitWithLedger } from './commit';
import { deletionDraft } from './drafts';

/** Deletes a capture's image and record, leaving a deletion record and a signed tombstone entry. */
export async function deleteCaptureWithLedger(
  db: ProofTrailDb,
  captureId: string,
  reason: string,
  by: Identity,
): Promise<DeletionRecord> {
  const capture = await db.captures.get(captureId);
  if (!capture) throw new Error(`Capture ${captureId} does not exist (already deleted?).`);
  if (!reason.trim()) throw new Error('A reason is required to delete evidence.');
  // The tombstone names the deletion record and its time, so a bundle's deletions.json can be
  // matched to a signed entry field for field.
  const id = crypto.randomUUID();
  const now = new Date();
  const { result } = await commitWithLedger(
    db,
    deletionDraft(capture, reason.trim(), by, { deletionId: id, deletedAt: now.toISOString() }),
    [db.captures, db.images, db.thumbnails, db.deletions, db.pageContext],
    () => deleteCapture(db, captureId, reason, by, now, id),
  );
  return result;
}
