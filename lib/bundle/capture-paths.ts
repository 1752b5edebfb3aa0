import type { PageContextBlobs } from '../db/captures-repo';
import { CAPTURES_DIR } from '../formats/bundle-paths';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { BundleLayout } from '../formats/manifest';
import type { ReportCapture } from '../report/model';
import { captureBaseName, controlFolder } from './paths';

/** A capture's files in one folder: the reports' links and the ZIP's names. */
export type CapturePaths = ReportCapture['paths'];

const thumbExtension: Record<string, string> = {
  'image/webp': 'webp',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** What is stored beside a capture's record and image that decides its files' names. */
export interface StoredExtras {
  context?: PageContextBlobs;
  /** The preview's Blob (its type gives the extension). */
  thumb?: { blob: Blob };
}

/**
 * The names of one capture's files in one folder: image and metadata always; page text, snapshot
 * and preview when they are stored (and, for text and snapshot, hashed in the record). `taken`
 * holds the names already used in the folder, in the order the captures are written.
 */
export function capturePathsIn(
  capture: CaptureMetadata,
  extras: StoredExtras,
  folder: string,
  taken: Set<string>,
): CapturePaths {
  const v2 = capture.schema === 'prooftrail.capture/2' ? capture : undefined;
  const base = `${folder}/${captureBaseName(capture, taken)}`;
  const p: CapturePaths = { image: `${base}.png`, metadata: `${base}.json` };
  if (extras.context?.text && v2?.pageText) p.pageText = `${base}.txt`;
  if (extras.context?.snapshot && v2?.pageSnapshot) p.pageSnapshot = `${base}.${v2.pageSnapshot.format}`;
  const ext = extras.thumb && thumbExtension[extras.thumb.blob.type];
  if (ext) p.thumbnail = `${base}.thumb.${ext}`;
  return p;
}

/** Where one capture's files go: per control it is filed under, and its request copy if any. */
export interface CaptureFiling {
  /** Paths by control ID (in write-once, every control names the same single copy). */
  byControl: Map<string, CapturePaths>;
  /** The folders written, in order, each with its paths (one in write-once). */
  folders: { folder: string; paths: CapturePaths }[];
  /** The request's copy, when the capture is linked to the request exported. */
  request?: CapturePaths;
}

/**
 * Names every capture's files before anything is written, in the order they will be written, so
 * the reports (which link every file) can be built while the images are being written. The names
 * are exactly those the writer uses: it writes from this plan.
 */
export class FilingPlanner {
  private readonly used = new Map<string, Set<string>>();

  constructor(private readonly layout: BundleLayout) {}

  /** Plans one capture; call in the order the captures are written. */
  plan(
    capture: CaptureMetadata,
    controlIds: readonly string[],
    extras: StoredExtras,
    requestFolder?: string,
  ): CaptureFiling {
    const byControl = new Map<string, CapturePaths>();
    const folders: CaptureFiling['folders'] = [];
    if (this.layout === 'write-once') {
      const paths = capturePathsIn(capture, extras, CAPTURES_DIR, this.taken(CAPTURES_DIR));
      folders.push({ folder: CAPTURES_DIR, paths });
      for (const controlId of controlIds) byControl.set(controlId, paths);
    } else
      for (const controlId of controlIds) {
        const folder = controlFolder(controlId);
        const paths = capturePathsIn(capture, extras, folder, this.taken(folder));
        folders.push({ folder, paths });
        byControl.set(controlId, paths);
      }
    const request = requestFolder
      ? capturePathsIn(capture, extras, requestFolder, this.taken(requestFolder))
      : undefined;
    return { byControl, folders, ...(request ? { request } : {}) };
  }

  private taken(folder: string): Set<string> {
    const taken = this.used.get(folder) ?? new Set<string>();
    this.used.set(folder, taken);
    return taken;
  }
}
