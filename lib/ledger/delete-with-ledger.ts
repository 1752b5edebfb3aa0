import { deleteCapture, deletionRecordFor, deletionTables } from '../db/captures-repo';
import type { ProofTrailDb } from '../db/database';
import type { Identity } from '../db/types';
import type { DeletionRecord } from '../formats/deletion-record';
import { canonicalJson } from '../integrity/canonical';
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
  // The tombstone signs the deletion record's hash, so the record is made first and the one
  // stored must be that very record.
  const id = crypto.randomUUID();
  const now = new Date();
  const expected = deletionRecordFor(capture, reason, by, now, id);
  const { result } = await commitWithLedger(
    db,
    await deletionDraft(expected),
    deletionTables(db),
    async () => {
      const stored = await deleteCapture(db, captureId, reason, by, now, id);
      if (canonicalJson(stored) !== canonicalJson(expected))
        throw new Error(`Capture ${captureId} changed while it was being deleted; try again.`);
      return stored;
    },
  );
  return result;
}
