import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import { DELETION_SCHEMA } from '../formats/schema-ids';
import { updateCaptureKeys } from './capture-keys';
import type { ProofTrailDb } from './database';
import type { ImageSumsRow } from './image-sums';
import { thumbnailRow } from './thumbnail-sums';
import type { Identity } from './types';

/** Page text and snapshot to keep with a capture. */
export interface PageContextBlobs {
  text?: Blob;
  snapshot?: Blob;
}

/** The tables a capture's record, image and page context are written to: a commit's scope. */
export function captureTables(db: ProofTrailDb) {
  return [db.captures, db.captureKeys, db.images, db.imageSums, db.pageContext];
}

/** The tables deleting a capture touches: a deletion's scope. */
export function deletionTables(db: ProofTrailDb) {
  return [db.captures, db.captureKeys, db.images, db.imageSums, db.thumbnails, db.deletions, db.pageContext];
}

/**
 * Stores a capture's record, image, the image's sums (lib/db/image-sums.ts: `sumsOf` over the
 * same bytes) and page context in one transaction: all or nothing.
 */
export async function saveCapture(
  db: ProofTrailDb,
  record: CaptureMetadata,
  image: Blob,
  context?: PageContextBlobs,
  sums?: ImageSumsRow,
): Promise<void> {
  if (
    sums &&
    (sums.captureId !== record.id || sums.size !== image.size || sums.sha256 !== record.image.sha256)
  )
    throw new Error(`The sums given for capture ${record.id} are not those of its image.`);
  await db.transaction('rw', captureTables(db), async () => {
    // Issued together, not one after the other: the transaction is one round trip, and any
    // failure aborts all of them.
    await Promise.all([
      db.captures.add(record),
      updateCaptureKeys(db, { add: [record] }),
      db.images.add({ captureId: record.id, blob: image }),
      sums && db.imageSums.add(sums),
      (context?.text || context?.snapshot) && db.pageContext.add({ captureId: record.id, ...context }),
    ]);
  });
}

/** The page text and snapshot kept with a capture, if any. */
export async function getPageContext(
  db: ProofTrailDb,
  captureId: string,
): Promise<PageContextBlobs | undefined> {
  return db.pageContext.get(captureId);
}

/**
 * Adds a preview, with its sums, for a capture that still exists; silently skips one deleted
 * meanwhile.
 */
export async function saveThumbnail(db: ProofTrailDb, captureId: string, blob: Blob): Promise<void> {
  // Sums first: a transaction cannot wait for a Blob's bytes.
  const row = await thumbnailRow(captureId, blob);
  await db.transaction('rw', db.captures, db.thumbnails, async () => {
    if (await db.captures.get(captureId)) await db.thumbnails.put(row);
  });
}

/** Newest captures first. */
export async function listCaptures(db: ProofTrailDb, limit?: number): Promise<CaptureMetadata[]> {
  const newestFirst = db.captures.orderBy('capturedAt').reverse();
  return limit ? newestFirst.limit(limit).toArray() : newestFirst.toArray();
}

/** Captures tagged to one control, newest first. */
export async function listCapturesForControl(
  db: ProofTrailDb,
  controlId: string,
): Promise<CaptureMetadata[]> {
  const rows = await db.captures.where('controlIds').equals(controlId).toArray();
  return rows.sort((a, b) => b.capturedAt.localeCompare(a.capturedAt));
}

/** The stored PNG of a capture. */
export async function getImage(db: ProofTrailDb, captureId: string): Promise<Blob | undefined> {
  return (await db.images.get(captureId))?.blob;
}

/** The preview if made, else the full image. */
export async function getPreview(db: ProofTrailDb, captureId: string): Promise<Blob | undefined> {
  return (await db.thumbnails.get(captureId))?.blob ?? (await getImage(db, captureId));
}

/** Deletes a capture and its images, leaving a deletion record in the same transaction. */
export async function deleteCapture(
  db: ProofTrailDb,
  captureId: string,
  reason: string,
  by: Identity,
  now: Date = new Date(),
  /** The deletion's id, when its tombstone already names it. */
  id: string = crypto.randomUUID(),
): Promise<DeletionRecord> {
  if (!reason.trim()) throw new Error('A reason is required to delete evidence.');
  return db.transaction('rw', deletionTables(db), async () => {
    const capture = await db.captures.get(captureId);
    if (!capture) throw new Error(`Capture ${captureId} does not exist (already deleted?).`);
    const record = deletionRecordFor(capture, reason, by, now, id);
    await db.deletions.add(record);
    await db.captures.delete(captureId);
    await updateCaptureKeys(db, { remove: [captureId] });
    await db.images.delete(captureId);
    await db.imageSums.delete(captureId);
    await db.thumbnails.delete(captureId);
    await db.pageContext.delete(captureId);
    return record;
  });
}

/** The record a deletion leaves: the capture's controls, page and hashes, when, by whom and why (trimmed). */
export function deletionRecordFor(
  capture: Pick<CaptureMetadata, 'id' | 'controlIds' | 'pageUrl' | 'capturedAt' | 'image' | 'metadataSha256'>,
  reason: string,
  by: Identity,
  now: Date,
  id: string,
): DeletionRecord {
  return {
    schema: DELETION_SCHEMA,
    id,
    captureId: capture.id,
    controlIds: capture.controlIds,
    pageUrl: capture.pageUrl,
    capturedAt: capture.capturedAt,
    imageSha256: capture.image.sha256,
    metadataSha256: capture.metadataSha256,
    deletedAt: now.toISOString(),
    deletedBy: { name: by.name, email: by.email },
    reason: reason.trim(),
  };
}

/** Recorded deletions, newest first; optionally only those touching one control. */
export async function listDeletions(db: ProofTrailDb, controlId?: string): Promise<DeletionRecord[]> {
  const rows = controlId
    ? await db.deletions.where('controlIds').equals(controlId).toArray()
    : await db.deletions.toArray();
  return rows.sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
}
