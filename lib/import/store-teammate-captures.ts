import { updateCaptureKeys } from '../db/capture-keys';
import type { ProofTrailDb } from '../db/database';
import type { ImageSumsRow } from '../db/image-sums';
import type { ThumbnailRow } from '../db/types';
import type { CaptureMetadata } from '../formats/capture-metadata';

/** A teammate's capture, checked, as it is stored: its files and the ledger entry that signs it. */
export interface TeammateCapture {
  record: CaptureMetadata;
  /** The key whose ledger signs it, and its entry there. */
  signer: string;
  seq: number;
  image: Uint8Array;
  text?: Uint8Array;
  snapshot?: Uint8Array;
}

/**
 * Stores teammates' captures inside the caller's transaction (an import of a bundle, or a read
 * from the team store): record, image with its kept sums, page context, preview, and where it came
 * from (`origins`), then the capture keys the library opens on.
 */
export async function storeTeammateCaptures(
  db: ProofTrailDb,
  captures: readonly TeammateCapture[],
  o: {
    sums: (c: TeammateCapture) => ImageSumsRow;
    previews: ReadonlyMap<string, ThumbnailRow>;
    importedAt: string;
    /** The bundle's file name, or the store's `s3://bucket/prefix`. */
    from: string;
  },
): Promise<void> {
  for (const c of captures) {
    const r = c.record;
    await db.captures.add(r);
    await db.images.add({ captureId: r.id, blob: new Blob([c.image as BlobPart], { type: 'image/png' }) });
    await db.imageSums.add(o.sums(c));
    if (c.text || c.snapshot)
      await db.pageContext.add({
        captureId: r.id,
        ...(c.text ? { text: new Blob([c.text as BlobPart], { type: 'text/plain;charset=utf-8' }) } : {}),
        ...(c.snapshot ? { snapshot: new Blob([c.snapshot as BlobPart]) } : {}),
      });
    const preview = o.previews.get(r.id);
    if (preview) await db.thumbnails.put(preview);
    await db.origins.put({
      captureId: r.id,
      key: c.signer,
      seq: c.seq,
      importedAt: o.importedAt,
      bundle: o.from,
    });
  }
  await updateCaptureKeys(db, { add: captures.map((c) => c.record) });
}

/** The tables storing teammates' evidence writes (captures, their files, ledgers, deletions). */
export function teammateTables(db: ProofTrailDb) {
  return [
    db.captures,
    db.captureKeys,
    db.images,
    db.imageSums,
    db.pageContext,
    db.thumbnails,
    db.signers,
    db.foreignLedger,
    db.foreignTokens,
    db.origins,
    db.deletions,
  ];
}
