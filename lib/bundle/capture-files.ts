import { getImage, getPageContext } from '../db/captures-repo';
import type { ProofTrailDb } from '../db/database';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { ManifestFile } from '../formats/manifest';
import type { ReportCapture } from '../report/model';
import { captureBaseName, controlFolder } from './paths';
import type { ZipWriter } from './zip-writer';

const jsonBytes = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
const thumbExtension: Record<string, string> = {
  'image/webp': 'webp',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/**
 * Writes one capture into the folder of each control it is filed under: image, metadata, page
 * text and snapshot, and its preview. Returns the manifest entries and the paths per control.
 * `used` keeps the names taken in each folder.
 */
export async function addCaptureFiles(
  db: ProofTrailDb,
  zip: ZipWriter,
  capture: CaptureMetadata,
  controlIds: string[],
  used: Map<string, Set<string>>,
): Promise<{ files: ManifestFile[]; paths: Map<string, ReportCapture['paths']> }> {
  const image = await getImage(db, capture.id);
  if (!image) throw new Error(`The image of capture ${capture.id} is missing from the database.`);
  const imageBytes = new Uint8Array(await image.arrayBuffer());
  const v2 = capture.schema === 'prooftrail.capture/2' ? capture : undefined;
  const context = v2 ? await getPageContext(db, capture.id) : undefined;
  const thumb = (await db.thumbnails.get(capture.id))?.blob;
  const files: ManifestFile[] = [];
  const paths = new Map<string, ReportCapture['paths']>();
  const add = async (path: string, role: ManifestFile['role'], data: Blob | Uint8Array, compress: boolean) =>
    files.push({ path, role, captureId: capture.id, ...(await zip.add(path, data, compress)) });

  for (const controlId of controlIds) {
    const folder = controlFolder(controlId);
    const taken = used.get(folder) ?? new Set<string>();
    used.set(folder, taken);
    const base = `${folder}/${captureBaseName(capture, taken)}`;
    const p: ReportCapture['paths'] = { image: `${base}.png`, metadata: `${base}.json` };
    await add(p.image, 'image', imageBytes, false);
    await add(p.metadata, 'metadata', jsonBytes(capture), true);
    if (context?.text && v2?.pageText) {
      p.pageText = `${base}.txt`;
      await add(p.pageText, 'page-text', context.text, true);
    }
    if (context?.snapshot && v2?.pageSnapshot) {
      p.pageSnapshot = `${base}.${v2.pageSnapshot.format}`;
      await add(p.pageSnapshot, 'page-snapshot', context.snapshot, true);
    }
    const ext = thumb && thumbExtension[thumb.type];
    if (thumb && ext) {
      p.thumbnail = `${base}.thumb.${ext}`;
      await add(p.thumbnail, 'thumbnail', thumb, false);
    }
    paths.set(controlId, p);
  }
  return { files, paths };
}
