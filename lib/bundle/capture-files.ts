import type { ProofTrailDb } from '../db/database';
import { type ImageSumsRow, sumsForExport } from '../db/image-sums';
import { fileSumsOf } from '../db/thumbnail-sums';
import { CONTROL_INDEX_NAME } from '../formats/bundle-paths';
import type { CaptureMetadata } from '../formats/capture-metadata';
import { type ControlIndexRow, controlIndexCsv } from '../formats/control-index';
import type { ManifestFile } from '../formats/manifest';
import { canonicalJson } from '../integrity/canonical';
import type { CaptureFiling, CapturePaths, StoredExtras } from './capture-paths';
import { controlFolder } from './paths';
import type { StoredSums, ZipWriter } from './zip-writer';

/** A capture record's file is its RFC 8785 bytes: exactly what its hash and ledger entry cover. */
const jsonBytes = (value: unknown) => new TextEncoder().encode(canonicalJson(value));

/** What is stored for one capture besides its record, gathered ahead of writing it. */
export interface StoredCaptureFiles extends StoredExtras {
  /** The stored PNG, never read here: it goes to the ZIP as it is. */
  image: Blob;
  /** Its size, CRC-32 and SHA-256, kept with it and checked against the record. */
  sums: ImageSumsRow;
  /** The preview, with the sums kept in its row: written from its Blob like the image. */
  thumb?: { blob: Blob; sums: StoredSums };
}

/** A capture's page context and preview, read before anything is written (they decide its files' names). */
export type CaptureExtras = Pick<StoredCaptureFiles, 'context' | 'thumb'>;

/**
 * Reads captures' page context and preview rows ahead of the writer, one request per table: Blob
 * handles and the preview's kept sums, not their bytes (only a preview the upgrade to version 11
 * could not read is read here, for its sums). The same handles are written later, so the names
 * planned from them (capture-paths.ts) are those of the files written.
 */
export async function readCaptureExtras(
  db: ProofTrailDb,
  captures: readonly CaptureMetadata[],
): Promise<CaptureExtras[]> {
  const ids = captures.map((c) => c.id);
  const [contexts, thumbs] = await Promise.all([db.pageContext.bulkGet(ids), db.thumbnails.bulkGet(ids)]);
  const thumbSums = await Promise.all(
    thumbs.map((t) => (t?.blob ? (t.sums ?? sumsOfBlob(t.blob)) : undefined)),
  );
  return captures.map((_, i) => {
    const context = contexts[i];
    const sums = thumbSums[i];
    return {
      context: context ? { text: context.text, snapshot: context.snapshot } : undefined,
      thumb: sums && { blob: thumbs[i]!.blob, sums },
    };
  });
}

/** Captures gathered ahead in one go: a few IndexedDB requests (bulk gets) rather than two per capture. */
const READ_AHEAD = 64;

/**
 * Gathers the stored images of `captures`, in order, a batch ahead of the writer, joined with
 * their extras read up front. Image Blobs are handles to what IndexedDB stores, not their bytes:
 * only an image stored before its sums were kept is read (once, lib/db/image-sums.ts). Yields each
 * capture's files.
 */
export async function* readCapturesAhead(
  db: ProofTrailDb,
  captures: readonly CaptureMetadata[],
  extrasOf: (index: number) => Promise<CaptureExtras>,
): AsyncGenerator<StoredCaptureFiles> {
  const load = async (start: number): Promise<StoredCaptureFiles[]> => {
    const batch = captures.slice(start, start + READ_AHEAD);
    const ids = batch.map((c) => c.id);
    const [images, sums, extras] = await Promise.all([
      db.images.bulkGet(ids),
      db.imageSums.bulkGet(ids),
      Promise.all(batch.map((_, i) => extrasOf(start + i))),
    ]);
    const out: StoredCaptureFiles[] = [];
    for (const [i, capture] of batch.entries()) {
      const image = images[i]?.blob;
      if (!image) throw new Error(`The image of capture ${capture.id} is missing from the database.`);
      out.push({ ...extras[i], image, sums: await sumsForExport(db, capture, image, sums[i]) });
    }
    return out;
  };
  let start = 0;
  let pending = captures.length ? load(0) : undefined;
  while (pending) {
    const batch = await pending;
    start += READ_AHEAD;
    pending = start < captures.length ? load(start) : undefined;
    pending?.catch(() => undefined);
    yield* batch;
  }
}

/** A small stored file's size, CRC-32 and SHA-256, from its bytes. */
async function sumsOfBlob(blob: Blob): Promise<StoredSums> {
  return fileSumsOf(new Uint8Array(await blob.arrayBuffer()));
}

/**
 * Write-once layout (format 8): the rows of each control folder's `captures.csv`, gathered while
 * captures are written once under captures/, and written after them.
 */
export class ControlIndexes {
  private readonly rows = new Map<string, ControlIndexRow[]>();

  /** Lists a capture written once (its files' manifest entries) under each of its controls. */
  add(capture: CaptureMetadata, files: readonly ManifestFile[], controlIds: readonly string[]): void {
    const record = files.find((x) => x.role === 'metadata')!;
    const image = files.find((x) => x.role === 'image')!;
    const row = {
      captureId: capture.id,
      capturedAt: capture.capturedAt,
      record: record.path,
      recordSha256: record.sha256,
      image: image.path,
      imageSha256: image.sha256,
    };
    // Two control IDs may share a folder (`A 1` and `A_1` both give `A_1`): one row there.
    for (const folder of new Set(controlIds.map(controlFolder))) {
      const rows = this.rows.get(folder) ?? [];
      rows.push(row);
      this.rows.set(folder, rows);
    }
  }

  /** Writes every control folder's index, folders in order; returns their manifest entries. */
  async write(zip: ZipWriter): Promise<ManifestFile[]> {
    const files: ManifestFile[] = [];
    for (const folder of [...this.rows.keys()].sort()) {
      const path = `${folder}/${CONTROL_INDEX_NAME}`;
      const bytes = new TextEncoder().encode(controlIndexCsv(this.rows.get(folder)!));
      files.push({ path, role: 'control-index', ...(await zip.add(path, bytes, true)) });
    }
    return files;
  }
}

/**
 * Writes one capture's files where its filing (capture-paths.ts) put them: into the folder of each
 * control it is filed under (per-control layout), or once under captures/ (write-once layout,
 * which also lists it in `indexes`). Returns the manifest entries.
 */
export async function addCaptureFiles(
  zip: ZipWriter,
  capture: CaptureMetadata,
  stored: StoredCaptureFiles,
  filing: CaptureFiling,
  controlIds: readonly string[],
  indexes?: ControlIndexes,
): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const { paths } of filing.folders)
    files.push(...(await addCaptureFilesIn(zip, capture, stored, paths)));
  indexes?.add(capture, files, controlIds);
  return files;
}

/**
 * Writes one capture's files under the names planned for them (a control's folder, captures/, or
 * a request's sample folder): image, metadata, page text and snapshot, and its preview.
 */
export async function addCaptureFilesIn(
  zip: ZipWriter,
  capture: CaptureMetadata,
  stored: StoredCaptureFiles,
  p: CapturePaths,
): Promise<ManifestFile[]> {
  const { image, sums, context, thumb } = stored;
  const files: ManifestFile[] = [];
  const add = async (path: string, role: ManifestFile['role'], data: Blob | Uint8Array, compress: boolean) =>
    files.push({ path, role, captureId: capture.id, ...(await zip.add(path, data, compress)) });
  const addBlob = async (path: string, role: ManifestFile['role'], blob: Blob, blobSums: StoredSums) =>
    files.push({ path, role, captureId: capture.id, ...(await zip.addBlob(path, blob, blobSums)) });
  await addBlob(p.image, 'image', image, sums);
  await add(p.metadata, 'metadata', jsonBytes(capture), true);
  if (p.pageText) await add(p.pageText, 'page-text', context!.text!, true);
  if (p.pageSnapshot) await add(p.pageSnapshot, 'page-snapshot', context!.snapshot!, true);
  if (p.thumbnail) await addBlob(p.thumbnail, 'thumbnail', thumb!.blob, thumb!.sums);
  return files;
}
