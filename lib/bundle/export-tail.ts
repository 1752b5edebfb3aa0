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
import type { BundleLayout, BundleSigner, ManifestFile } from '../formats/manifest';
import { manifestJsonSchema } from '../formats/manifest-json-schema';
import { CHECKSUMS_BUNDLE_VERSION } from '../formats/schema-ids';
import type { SelectionScope } from '../formats/scope-types';
import { canonicalJson } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';
import { coverageCsv } from '../report/coverage-csv';
import { evidenceCsv } from '../report/evidence-csv';
import { renderIndexHtml } from '../report/html-report';
import type { ReportCoverage } from '../report/model';
import { oscalAssessmentResults } from '../report/oscal';
import { REQUESTS_CSV_PATH } from '../requests/request-paths';
import { toPem } from '../tsa/pem';
import { readTimeStampResponse } from '../tsa/response';
import { auditorReadme } from './auditor-readme';
import { ledgerFiles } from './ledger-files';
import type { LedgerSource } from './ledger-sources';
import type { ExportPlan } from './plan-export';
import type { ReportBuilder } from './report-builder';
import type { RequestFiles } from './request-files';
import { type PreparedFile, prepareFile } from './zip-writer';

const encoder = new TextEncoder();
const jsonBytes = (value: unknown) => encoder.encode(canonicalJson(value));
/** Reports people read stay pretty-printed. */
const prettyJson = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);

/** What the files after the captures are made from: all known before the first image is written. */
export interface TailInput {
  fileName: string;
  exportedAt: string;
  exportedBy?: Identity;
  extensionVersion: string;
  scope: SelectionScope;
  layout: BundleLayout;
  plan: ExportPlan;
  /** Every capture in the plan added, under its planned paths, once `planned` resolves. */
  report: ReportBuilder;
  planned: Promise<unknown>;
  local?: LedgerSource;
  throughSeq: number;
  foreign: Map<string, LedgerSource>;
  /** The exporting device's key fingerprint. */
  fingerprint: string;
  requestFiles?: RequestFiles;
  viewer?: Uint8Array;
  /** The coverage the bundle states (read from the library while the images are written). */
  coverage: () => Promise<ReportCoverage | undefined>;
}

/** The files after the captures, hashed and compressed, in ZIP order, and the manifest's signers. */
export interface PreparedTail {
  files: { role: ManifestFile['role']; file: PreparedFile }[];
  signers: BundleSigner[];
  /** Certificates of every timestamp reply carried so far (tsa-chain.pem), by SHA-256. */
  certs: Map<string, Uint8Array>;
}

/** Work done before pausing (ms), so that the writer's next batch is not held up for long. */
const SLICE_MS = 8;

/**
 * Lets the writer run once this piece of work has had its slice: the images' next writes are
 * issued in the pause. `scheduler.yield()` where the browser has it (not clamped or throttled like
 * a chain of timers in a page in the background), a timer elsewhere (Node).
 */
function slicer(): () => Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  const yieldNow = scheduler?.yield
    ? () => scheduler.yield!()
    : () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await yieldNow();
    since = performance.now();
  };
}

/**
 * Makes every file that follows the captures and does not depend on their writes: deletions.json,
 * teammates' ledgers, tsa-chain.pem, the reports (index.html, evidence.csv, coverage.csv,
 * requests.csv, OSCAL), the manifest's schema, the auditor's README and the viewer. The exporter
 * starts this before its first image and appends the bytes after its last, in this order: it runs
 * in the pauses while the browser writes the images, a piece at a time, so its CPU work is off the
 * export's critical path. What is written is exactly what adding each file after the captures
 * wrote (same bytes, same order); only the exporter's own ledger and the manifest are made after
 * the images, where the signature needs them.
 */
export async function prepareTail(t: TailInput): Promise<PreparedTail> {
  const files: PreparedTail['files'] = [];
  const pause = slicer();
  const add = async (path: string, role: ManifestFile['role'], data: Uint8Array, compress = true) => {
    files.push({ role, file: await prepareFile(path, data, compress) });
    await pause();
  };
  // The exporter's first writes go out before any of this runs.
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  await t.planned;
  if (t.plan.deletions.length) await add('deletions.json', 'deletions', jsonBytes(t.plan.deletions));

  const certs = new Map<string, Uint8Array>();
  const signers: BundleSigner[] = [{ fingerprint: t.fingerprint, folder: '', throughSeq: t.throughSeq }];
  for (const tokens of t.local?.tokens.values() ?? [])
    for (const token of tokens)
      for (const c of readTimeStampResponse(token.token.slice().buffer).certificates)
        certs.set(await sha256Hex(c as BufferSource), c);
  for (const d of t.plan.deletions) t.report.addDeletion(d.captureId);
  for (const fingerprint of t.report.foreignSignersUsed()) {
    const source = t.foreign.get(fingerprint)!;
    for (const f of await ledgerFiles(source, certs)) await add(f.path, f.role, f.data, f.compress);
    signers.push({ fingerprint, folder: source.folder, coverage: source.coverage });
  }
  if (certs.size) await add(TSA_CHAIN_PATH, 'tsa-chain', encoder.encode(toPem([...certs.values()])));

  const model = t.report.model({
    bundleName: t.fileName,
    exportedAt: t.exportedAt,
    exportedBy: t.exportedBy,
    extensionVersion: t.extensionVersion,
    scope: t.scope,
    deletions: t.plan.deletions,
    coverage: await t.coverage(),
  });
  await pause();
  await add(INDEX_PATH, 'report', encoder.encode(renderIndexHtml(model)));
  await add(CSV_PATH, 'csv', encoder.encode(evidenceCsv(model)));
  if (model.coverage) await add(COVERAGE_CSV_PATH, 'coverage', encoder.encode(coverageCsv(model.coverage)));
  if (t.requestFiles) await add(REQUESTS_CSV_PATH, 'csv', encoder.encode(t.requestFiles.csv()));
  await add(OSCAL_PATH, 'oscal', prettyJson(oscalAssessmentResults(model)));
  await add(MANIFEST_SCHEMA_PATH, 'schema', prettyJson(manifestJsonSchema(CHECKSUMS_BUNDLE_VERSION)));
  await add(
    AUDITOR_README_PATH,
    'readme',
    encoder.encode(
      auditorReadme({
        fileName: t.fileName,
        entries: t.throughSeq + 1,
        stamped: t.local?.tokens.size ?? 0,
        fingerprint: t.fingerprint,
        signers: signers.length,
        layout: t.layout,
      }),
    ),
  );
  if (t.viewer) await add(VIEWER_PATH, 'viewer', t.viewer);
  return { files, signers, certs };
}
