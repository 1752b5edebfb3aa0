import {
  getImage,
  getPageContext,
  listCaptures,
  listCapturesForControl,
  listDeletions,
} from '../db/captures-repo';
import type { ProofTrailDb } from '../db/database';
import type { Identity } from '../db/types';
import { VIEWER_PATH } from '../formats/bundle-paths';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { BundleManifest, BundleScope, ManifestFile } from '../formats/manifest';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, MANIFEST_PATH } from '../formats/schema-ids';
import { addLedgerFiles } from './ledger-files';
import { bundleFileName, captureBaseName, controlFolder } from './paths';
import { ZipWriter } from './zip-writer';

/** What the exporter needs besides the database. */
export interface ExportOptions {
  scope: BundleScope;
  extensionVersion: string;
  exportedBy?: Identity;
  now?: Date;
  /** The self-contained verifier page to put in the bundle as verify.html. */
  viewer?: Uint8Array;
}

/** A finished bundle. */
export interface ExportedBundle {
  blob: Blob;
  fileName: string;
  manifest: BundleManifest;
}

const encoder = new TextEncoder();
const jsonBytes = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * Writes the captures in scope as a ZIP: a folder per control holding each capture's PNG and
 * metadata JSON, `deletions.json` when evidence in scope was deleted, and `manifest.json` last.
 * Images are read one at a time, so memory does not grow with the bundle.
 */
export async function exportBundle(db: ProofTrailDb, options: ExportOptions): Promise<ExportedBundle> {
  const { scope } = options;
  const exportedAt = (options.now ?? new Date()).toISOString();
  const captures =
    scope.kind === 'all' ? await listCaptures(db) : await listCapturesForControl(db, scope.controlId);
  if (!captures.length)
    throw new Error(
      scope.kind === 'all'
        ? 'There is no evidence to export yet.'
        : `No captures are tagged to ${scope.controlId}.`,
    );
  const zip = new ZipWriter();
  const files: ManifestFile[] = [];
  for (const capture of captures.slice().sort((a, b) => a.capturedAt.localeCompare(b.capturedAt))) {
    const image = await getImage(db, capture.id);
    if (!image) throw new Error(`The image of capture ${capture.id} is missing from the database.`);
    const context =
      capture.schema === 'prooftrail.capture/2' ? await getPageContext(db, capture.id) : undefined;
    for (const controlId of controlsInScope(capture, scope)) {
      const base = `${controlFolder(controlId)}/${captureBaseName(capture.capturedAt, capture.id)}`;
      files.push({
        path: `${base}.png`,
        role: 'image',
        captureId: capture.id,
        ...(await zip.add(`${base}.png`, image, false)),
      });
      files.push({
        path: `${base}.json`,
        role: 'metadata',
        captureId: capture.id,
        ...(await zip.add(`${base}.json`, jsonBytes(capture), true)),
      });
      if (context?.text)
        files.push({
          path: `${base}.txt`,
          role: 'page-text',
          captureId: capture.id,
          ...(await zip.add(`${base}.txt`, context.text, true)),
        });
      if (context?.snapshot && capture.schema === 'prooftrail.capture/2' && capture.pageSnapshot) {
        const name = `${base}.${capture.pageSnapshot.format}`;
        files.push({
          path: name,
          role: 'page-snapshot',
          captureId: capture.id,
          ...(await zip.add(name, context.snapshot, true)),
        });
      }
    }
  }
  const deletions = await listDeletions(db, scope.kind === 'control' ? scope.controlId : undefined);
  if (deletions.length)
    files.push({
      path: 'deletions.json',
      role: 'deletions',
      ...(await zip.add('deletions.json', jsonBytes(deletions), true)),
    });
  files.push(...(await addLedgerFiles(db, zip, bundleFileName(scope, exportedAt))));
  if (options.viewer)
    files.push({ path: VIEWER_PATH, role: 'viewer', ...(await zip.add(VIEWER_PATH, options.viewer, true)) });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    exportedAt,
    extensionVersion: options.extensionVersion,
    ...(options.exportedBy ? { exportedBy: options.exportedBy } : {}),
    scope,
    captureCount: captures.length,
    files,
  };
  await zip.add(MANIFEST_PATH, jsonBytes(manifest), true);
  zip.end();
  return { blob: zip.blob(), fileName: bundleFileName(scope, exportedAt), manifest };
}

function controlsInScope(capture: CaptureMetadata, scope: BundleScope): string[] {
  return scope.kind === 'all'
    ? capture.controlIds
    : capture.controlIds.filter((id) => id === scope.controlId);
}
