import type { PageContextBlobs } from '../db/captures-repo';
import type { ProofTrailDb } from '../db/database';
import { type ImageSumsRow, sumsForExport } from '../db/image-sums';
import { fileSumsOf } from '../db/thumbnail-sums';
import { CAPTURES_DIR, CONTROL_INDEX_NAME } from '../formats/bundle-paths';
import type { CaptureMetadata } from '../formats/capture-metadata';
import { type ControlIndexRow, controlIndexCsv } from '../formats/control-index';
import type { BundleLayout, ManifestFile } from '../formats/manifest';
import { canonicalJson } from '../integrity/canonical';
import type { ReportCapture } from '../report/model';
import { captureBaseName, controlFolder } from './paths';
import type { StoredSums, ZipWriter } from './zip-writer';

/** A capture record's file is its RFC 8785 bytes: exactly what its hash and ledger entry cover. */
const jsonBytes = (value: unknown) => new TextEncoder().encode(canonicalJson(value));
const thumbExtension: Record<string, string> = {
  'image/webp': 'webp',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** What is stored for one capture besides its record, gathered ahead of writing it. */
export interface StoredCaptureFiles {
  /** The stored PNG, never read here: it goes to the ZIP as it is. */
  image: Blob;
  /** Its size, CRC-32 and SHA-256, kept with it and checked against the record. */
  sums: ImageSumsRow;
  context?: PageContextBlobs;
  /** The preview, with the sums kept in its row: written from its Blob like the image. */
  thumb?: { blob: Blob; sums: StoredSums };
}

/** Captures gathered ahead in one go: a few IndexedDB requests (bulk gets) rather than four per capture. */
const READ_AHEAD = 64;

/**
 * Gathers the stored files of `captures`, in order, a batch ahead of the writer. Image Blobs are
 * handles to what IndexedDB stores, not their bytes: only an image stored before its sums were
 * kept is read (once, lib/db/image-sums.ts). Yields each capture's files.
 */
export async function* readCapturesAhead(
  db: ProofTrailDb,
  captures: readonly CaptureMetadata[],
): AsyncGenerator<StoredCaptureFiles> {
  const load = async (start: number): Promise<StoredCaptureFiles[]> => {
    const batch = captures.slice(start, start + READ_AHEAD);
    const ids = batch.map((c) => c.id);
    const [images, sums, contexts, thumbs] = await Promise.all([
      db.images.bulkGet(ids),
      db.imageSums.bulkGet(ids),
      db.pageContext.bulkGet(ids),
      db.thumbnails.bulkGet(ids),
    ]);
    // A preview's sums are kept in its row (Dexie version 11): its Blob is opened only to be
    // written. Only one the upgrade could not read is read here.
    const thumbSums = await Promise.all(
      thumbs.map((t) => (t?.blob ? (t.sums ?? sumsOfBlob(t.blob)) : undefined)),
    );
    const out: StoredCaptureFiles[] = [];
    for (const [i, capture] of batch.entries()) {
      const image = images[i]?.blob;
      if (!image) throw new Error(`The image of capture ${capture.id} is missing from the database.`);
      const context = contexts[i];
      out.push({
        image,
        sums: await sumsForExport(db, capture, image, sums[i]),
        context: context ? { text: context.text, snapshot: context.snapshot } : undefined,
        thumb: thumbSums[i] && { blob: thumbs[i]!.blob, sums: thumbSums[i] },
      });
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
 * Writes one capture's files: into the folder of each control it is filed under (per-control
 * layout), or once under captures/ (write-once layout, which also lists it in `indexes`): image,
 * metadata, page text and snapshot, and its preview. Returns the manifest entries and the paths
 * per control. `used` keeps the names taken in each folder.
 */
export async function addCaptureFiles(
  zip: ZipWriter,
  capture: CaptureMetadata,
  stored: StoredCaptureFiles,
  controlIds: string[],
  used: Map<string, Set<string>>,
  layout: BundleLayout = 'per-control',
  indexes?: ControlIndexes,
): Promise<{ files: ManifestFile[]; paths: Map<string, ReportCapture['paths']> }> {
  const files: ManifestFile[] = [];
  const paths = new Map<string, ReportCapture['paths']>();
  if (layout === 'write-once') {
    const once = await addCaptureFilesIn(zip, capture, stored, CAPTURES_DIR, used);
    indexes?.add(capture, once.files, controlIds);
    for (const controlId of controlIds) paths.set(controlId, once.paths);
    return { files: once.files, paths };
  }
  for (const controlId of controlIds) {
    const filed = await addCaptureFilesIn(zip, capture, stored, controlFolder(controlId), used);
    files.push(...filed.files);
    paths.set(controlId, filed.paths);
  }
  return { files, paths };
}

/**
 * Writes one capture's files into one folder (a control's, or a request's sample folder):
 * image, metadata, page text and snapshot, and its preview.
 */
export async function addCaptureFilesIn(
  zip: ZipWriter,
  capture: CaptureMetadata,
  stored: StoredCaptureFiles,
  folder: string,
  used: Map<string, Set<string>>,
): Promise<{ files: ManifestFile[]; paths: ReportCapture['paths'] }> {
  const { image, sums, context, thumb } = stored;
  const v2 = capture.schema === 'prooftrail.capture/2' ? capture : undefined;
  const files: ManifestFile[] = [];
  const add = async (path: string, role: ManifestFile['role'], data: Blob | Uint8Array, compress: boolean) =>
    files.push({ path, role, captureId: capture.id, ...(await zip.add(path, data, compress)) });
  {
    const taken = used.get(folder) ?? new Set<string>();
    used.set(folder, taken);
    const base = `${folder}/${captureBaseName(capture, taken)}`;
    const p: ReportCapture['paths'] = { image: `${base}.png`, metadata: `${base}.json` };
    files.push({
      path: p.image,
      role: 'image',
      captureId: capture.id,
      ...(await zip.addBlob(p.image, image, sums)),
    });
    await add(p.metadata, 'metadata', jsonBytes(capture), true);
    if (context?.text && v2?.pageText) {
      p.pageText = `${base}.txt`;
      await add(p.pageText, 'page-text', context.text, true);
    }
    if (context?.snapshot && v2?.pageSnapshot) {
      p.pageSnapshot = `${base}.${v2.pageSnapshot.format}`;
      await add(p.pageSnapshot, 'page-snapshot', context.snapshot, true);
    }
    const ext = thumb && thumbExtension[thumb.blob.type];
    if (thumb && ext) {
      p.thumbnail = `${base}.thumb.${ext}`;
      files.push({
        path: p.thumbnail,
        role: 'thumbnail',
        captureId: capture.id,
        ...(await zip.addBlob(p.thumbnail, thumb.blob, thumb.sums)),
      });
    }
    return { files, paths: p };
  }
}
