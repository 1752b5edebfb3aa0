import { captureTables, type PageContextBlobs, saveCapture } from '../db/captures-repo';
import type { ProofTrailDb } from '../db/database';
import { sumsOf } from '../db/image-sums';
import type { CaptureMetadataV2 } from '../formats/capture-metadata';
import { commitWithLedger, type PreparedLedger } from '../ledger/commit';
import { captureDraft } from '../ledger/drafts';
import type { Taken } from './acquire-page';
import type { Composed } from './compose';

/** Stores image, record and page context together with the capture's signed ledger entry. */
export async function commitCapture(
  db: ProofTrailDb,
  record: CaptureMetadataV2,
  image: Composed,
  textBytes: Uint8Array<ArrayBuffer>,
  snapshot: Taken['snapshot'],
  o: { now?: () => Date; ledger?: Promise<PreparedLedger>; mark?: (step: string) => void } = {},
): Promise<void> {
  const context: PageContextBlobs = {
    text: new Blob([textBytes], { type: 'text/plain;charset=utf-8' }),
    ...(snapshot ? { snapshot: new Blob([snapshot.blob], { type: snapshot.mediaType }) } : {}),
  };
  // The image's sums are kept with it, so an export writes it without reading it again.
  const sums = sumsOf(record.id, image.png, record.image.sha256);
  await commitWithLedger(
    db,
    captureDraft(record, record.capturer),
    captureTables(db),
    () => saveCapture(db, record, new Blob([image.png], { type: 'image/png' }), context, sums),
    o.now,
    { prepared: o.ledger, mark: o.mark },
  );
}
