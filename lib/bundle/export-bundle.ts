import type { ProofTrailDb } from '../db/database';
import { getDeviceKey } from '../db/keys-repo';
import type { Identity } from '../db/types';
import {
  AUDITOR_README_PATH,
  COVERAGE_CSV_PATH,
  CSV_PATH,
  INDEX_PATH,
  MANIFEST_SCHEMA_PATH,
  OSCAL_PATH,
  TSA_CHAIN_PATH,
  VIEWER_PATH,
} from '../formats/bundle-paths';
import type {
  BundleLayout,
  BundleManifest,
  BundleSigner,
  ManifestFile,
  ManifestWithoutFiles,
} from '../formats/manifest';
import { manifestJsonSchema } from '../formats/manifest-json-schema';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, WRITE_ONCE_BUNDLE_VERSION } from '../formats/schema-ids';
import type { SelectionScope } from '../formats/scope-types';
import { canonicalJson } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';
import { startLedger } from '../ledger/commit';
import { coverageCsv } from '../report/coverage-csv';
import { evidenceCsv } from '../report/evidence-csv';
import { renderIndexHtml } from '../report/html-report';
import { oscalAssessmentResults } from '../report/oscal';
import { REQUESTS_CSV_PATH } from '../requests/request-paths';
import { toPem } from '../tsa/pem';
import { readTimeStampResponse } from '../tsa/response';
import { auditorReadme } from './auditor-readme';
import type { ByteSink } from './byte-sink';
import { addCaptureFiles, ControlIndexes, readCapturesAhead } from './capture-files';
import { coverageForExport } from './coverage-source';
import { ExportStepTimer } from './export-steps';
import { ImageCheck } from './image-check';
import { addLedgerFiles } from './ledger-files';
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

const encoder = new TextEncoder();
/** Records are written as their RFC 8785 bytes: what is hashed is exactly what is in the file. */
const jsonBytes = (value: unknown) => encoder.encode(canonicalJson(value));
/** Reports people read stay pretty-printed. */
const prettyJson = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);

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
    await startLedger(db, options.now ? () => options.now! : undefined);
    const local = await localLedgerSource(db);
    const throughSeq = local?.records.length ?? 0;
    const foreign = await foreignLedgerSources(db);
    const report = new ReportBuilder({ local, foreign });
    const files: ManifestFile[] = [];
    const used = new Map<string, Set<string>>();
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
    // Captures are read from IndexedDB a batch ahead while the previous batch is hashed and
    // written: at most two batches of images are in memory at once.
    const reader = readCapturesAhead(
      db,
      plan.captures.map((c) => c.capture),
    );
    for (const [i, { capture, controlIds }] of plan.captures.entries()) {
      signal?.throwIfAborted();
      const next = await steps.time('captures: read ahead', reader.next());
      if (next.done) throw new Error('The export read fewer captures than it planned.');
      const stored = next.value;
      const filed = await steps.time(
        'captures: files to ZIP',
        addCaptureFiles(zip, capture, stored, controlIds, used, layout, indexes),
      );
      files.push(...filed.files);
      if (requestFiles) files.push(...(await requestFiles.add(zip, capture, stored, used)));
      report.addCapture(capture, filed.paths);
      await steps.time('captures: image check queue', checks.add(capture.id, stored.image, stored.sums));
      progress(i + 1);
    }
    signal?.throwIfAborted();
    if (indexes) files.push(...(await indexes.write(zip)));
    steps.step("deletions, certificates, teammates' ledgers");
    if (plan.deletions.length)
      files.push({
        path: 'deletions.json',
        role: 'deletions',
        ...(await zip.add('deletions.json', jsonBytes(plan.deletions), true)),
      });

    const certs = new Map<string, Uint8Array>();
    const key = await getDeviceKey(db);
    const signers: BundleSigner[] = [{ fingerprint: key.fingerprint, folder: '', throughSeq }];
    for (const tokens of local?.tokens.values() ?? [])
      for (const t of tokens)
        for (const c of readTimeStampResponse(t.token.slice().buffer).certificates)
          certs.set(await sha256Hex(c as BufferSource), c);
    for (const d of plan.deletions) report.addDeletion(d.captureId);
    for (const fingerprint of report.foreignSignersUsed()) {
      const source = foreign.get(fingerprint)!;
      files.push(...(await addLedgerFiles(zip, source, certs)));
      signers.push({ fingerprint, folder: source.folder, coverage: source.coverage });
    }
    const add = async (path: string, role: ManifestFile['role'], data: Uint8Array) =>
      files.push({ path, role, ...(await zip.add(path, data, true)) });
    if (certs.size) await add(TSA_CHAIN_PATH, 'tsa-chain', encoder.encode(toPem([...certs.values()])));

    steps.step('coverage');
    const coverage = await coverageForExport(db, scope, plan, exportedAt);
    const model = report.model({
      bundleName: fileName,
      exportedAt,
      exportedBy: options.exportedBy,
      extensionVersion: options.extensionVersion,
      scope,
      deletions: plan.deletions,
      coverage,
    });
    steps.step('reports, schema, readme, viewer');
    await add(INDEX_PATH, 'report', encoder.encode(renderIndexHtml(model)));
    await add(CSV_PATH, 'csv', encoder.encode(evidenceCsv(model)));
    if (model.coverage) await add(COVERAGE_CSV_PATH, 'coverage', encoder.encode(coverageCsv(model.coverage)));
    if (requestFiles) await add(REQUESTS_CSV_PATH, 'csv', encoder.encode(requestFiles.csv()));
    await add(OSCAL_PATH, 'oscal', prettyJson(oscalAssessmentResults(model)));
    await add(
      MANIFEST_SCHEMA_PATH,
      'schema',
      prettyJson(manifestJsonSchema(indexes ? WRITE_ONCE_BUNDLE_VERSION : undefined)),
    );
    await add(
      AUDITOR_README_PATH,
      'readme',
      encoder.encode(
        auditorReadme({
          fileName,
          entries: throughSeq + 1,
          stamped: local?.tokens.size ?? 0,
          fingerprint: key.fingerprint,
          signers: signers.length,
          layout,
        }),
      ),
    );
    if (options.viewer) await add(VIEWER_PATH, 'viewer', options.viewer);
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
          // A per-control bundle is format 7, as before; write-once is format 8 and says so.
          ...(indexes
            ? { formatVersion: WRITE_ONCE_BUNDLE_VERSION, layout: 'write-once' as const }
            : { formatVersion: BUNDLE_FORMAT_VERSION }),
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
