import type { ProofTrailDb } from '../db/database';
import { getDeviceKey } from '../db/keys-repo';
import type { Identity } from '../db/types';
import type { BundleLayout, BundleManifest, ManifestFile, ManifestWithoutFiles } from '../formats/manifest';
import { BUNDLE_FORMAT, CHECKSUMS_BUNDLE_VERSION } from '../formats/schema-ids';
import type { SelectionScope } from '../formats/scope-types';
import { startLedger } from '../ledger/commit';
import type { ByteSink } from './byte-sink';
import { addCaptureFiles, ControlIndexes, readCapturesAhead } from './capture-files';
import { planFilings } from './capture-paths-ahead';
import { coverageForExport } from './coverage-source';
import { ExportStepTimer } from './export-steps';
import { prepareTail } from './export-tail';
import { ImageCheck } from './image-check';
import { foreignLedgerSources, localLedgerSource } from './ledger-sources';
import { bundleFileName } from './paths';
import { planExport } from './plan-export';
import { ReportBuilder } from './report-builder';
import { RequestFiles } from './request-files';
import { describeScope, scopeFileTag, scopeProblems } from './scope';
import { signExport } from './sign-export';
import { ZipWriter } from './zip-writer';

/** How far an export has got. */
export interface ExportProgress {
  /** Captures written, of `total`. */
  done: number;
  total: number;
  /** Bytes written so far, and the estimate made before starting. */
  bytes: number;
  estimatedBytes: number;
}

/** What the exporter needs besides the database. */
export interface ExportOptions {
  scope: SelectionScope;
  /** Where the ZIP goes, chunk by chunk. */
  sink: ByteSink;
  extensionVersion: string;
  exportedBy?: Identity;
  now?: Date;
  /** The self-contained verifier page to put in the bundle as verify.html. */
  viewer?: Uint8Array;
  onProgress?: (p: ExportProgress) => void;
  /** Asks a TSA to stamp the export entry before the bundle is closed (the library's queue). */
  timestampNow?: () => Promise<void>;
  /** Cancels the export; the sink is aborted and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Where capture files go: `per-control` (the default, format 7: a copy per control folder) or
   * `write-once` (format 8: once under captures/, each control folder an index).
   */
  layout?: BundleLayout;
}

/** A finished bundle. */
export interface ExportedBundle {
  fileName: string;
  manifest: BundleManifest;
  bytes: number;
}

/** The file name an export of this scope gets. */
export function exportFileName(scope: SelectionScope, exportedAt: string): string {
  return bundleFileName(scopeFileTag(scope), exportedAt);
}

/**
 * Writes the captures in scope as a ZIP streamed to the sink (docs/bundle-format.md, format 4): a
 * folder per control under controls/, the signed ledgers (this device's at the root, teammates'
 * under signers/), their timestamp replies, the reports (index.html, evidence.csv, OSCAL), the
 * manifest's JSON Schema, and manifest.json last. Images are read one at a time and each file
 * reaches the sink before the next is read, so memory stays flat whatever the bundle's size.
 */
export async function exportBundle(db: ProofTrailDb, options: ExportOptions): Promise<ExportedBundle> {
  const { scope, sink, signal } = options;
  const layout = options.layout ?? 'per-control';
  const problems = scopeProblems(scope);
  if (layout === 'write-once' && scope.request)
    problems.push(
      "A request's bundle copies each sample into its request folder, so it is written with the per-control layout only.",
    );
  if (problems.length) throw new Error(problems.join(' '));
  const steps = new ExportStepTimer();
  steps.step('plan');
  const exportedAt = (options.now ?? new Date()).toISOString();
  const fileName = exportFileName(scope, exportedAt);
  const plan = await planExport(db, scope, layout);
  // A request's bundle (format 7) also holds requests/<request>/… copies and requests.csv.
  const requestFiles = scope.request ? await RequestFiles.load(db, scope.request) : undefined;
  if (!plan.captures.length) throw new Error(`No evidence matches this scope (${describeScope(scope)}).`);
  const zip = new ZipWriter(sink, options.now);
  // Images go to the ZIP from their kept sums, unread; each is checked beside the export.
  const checks = new ImageCheck();
  try {
    steps.step('ledger sources');
    const captures = plan.captures.map((c) => c.capture);
    const [local, foreign] = await Promise.all([
      startLedger(db, options.now ? () => options.now! : undefined).then(() => localLedgerSource(db)),
      foreignLedgerSources(db),
    ]);
    const throughSeq = local?.records.length ?? 0;
    // Every file's name is known before it is written: each capture's previews and page context are
    // read (handles, a batch at a time, ahead of the writer) and its files named, in order, so the
    // reports can be made while the images are written.
    const report = new ReportBuilder({ local, foreign });
    const filings = planFilings(db, plan, layout, report, requestFiles);
    const key = await getDeviceKey(db);
    const tail = prepareTail({
      fileName,
      exportedAt,
      exportedBy: options.exportedBy,
      extensionVersion: options.extensionVersion,
      scope,
      layout,
      plan,
      report,
      planned: filings.all,
      local,
      throughSeq,
      foreign,
      fingerprint: key.fingerprint,
      requestFiles,
      viewer: options.viewer,
      coverage: () => coverageForExport(db, scope, plan, exportedAt),
    });
    tail.catch(() => undefined);
    const files: ManifestFile[] = [];
    const indexes = layout === 'write-once' ? new ControlIndexes() : undefined;
    const progress = (done: number) =>
      options.onProgress?.({
        done,
        total: plan.captures.length,
        bytes: zip.written,
        estimatedBytes: plan.estimatedBytes,
      });
    progress(0);
    steps.step('captures loop, in all');
    // Images are read from IndexedDB a batch ahead while the previous batch is written: at most
    // two batches of Blob handles are held at once.
    const reader = readCapturesAhead(db, captures, async (i) => (await filings.at(i)).extras);
    for (const [i, { capture, controlIds }] of plan.captures.entries()) {
      signal?.throwIfAborted();
      const next = await steps.time('captures: read ahead', reader.next());
      if (next.done) throw new Error('The export read fewer captures than it planned.');
      const stored = next.value;
      const { filing } = await filings.at(i);
      files.push(
        ...(await steps.time(
          'captures: files to ZIP',
          addCaptureFiles(zip, capture, stored, filing, controlIds, indexes),
        )),
      );
      if (requestFiles && filing.request)
        files.push(...(await requestFiles.add(zip, capture, stored, filing.request)));
      await steps.time('captures: image check queue', checks.add(capture.id, stored.image, stored.sums));
      progress(i + 1);
    }
    signal?.throwIfAborted();
    if (indexes) files.push(...(await indexes.write(zip)));
    steps.step('files made meanwhile: wait for the last, add to the ZIP');
    const { files: tailFiles, signers, certs } = await tail;
    for (const { role, file } of tailFiles)
      files.push({ path: file.path, role, ...(await zip.addPrepared(file)) });
    // No manifest is signed for bytes that are not those it lists.
    steps.step('image check: wait for the last');
    await checks.done();
    signal?.throwIfAborted();
    steps.step('sign: ledger files, export entry, manifest');
    const { manifest } = await signExport(
      db,
      zip,
      {
        fileName,
        manifest: {
          format: BUNDLE_FORMAT,
          // Format 9 (SHA256SUMS, added when signing), either layout, which it names.
          formatVersion: CHECKSUMS_BUNDLE_VERSION,
          layout,
          exportedAt,
          extensionVersion: options.extensionVersion,
          ...(options.exportedBy ? { exportedBy: options.exportedBy } : {}),
          scope,
          captureCount: plan.captures.length,
          deletionCount: plan.deletions.length,
          signers,
        } as ManifestWithoutFiles,
        files,
        actor: options.exportedBy ?? { name: 'ProofTrail user', email: 'unknown' },
        timestampNow: options.timestampNow,
        now: options.now ? () => options.now! : undefined,
      },
      certs,
    );
    steps.step('central directory, last writes, close');
    await zip.end(signal);
    steps.add('(zip: waiting for the sink, inside the steps above)', zip.waitedMs);
    steps.done();
    progress(plan.captures.length);
    return { fileName, manifest, bytes: zip.written };
  } catch (e) {
    checks.close();
    await sink.abort();
    throw e;
  }
}
