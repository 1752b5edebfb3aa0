import type { LedgerSource, StoredToken } from '../bundle/ledger-sources';
import { controlFolder } from '../bundle/paths';
import { ReportBuilder } from '../bundle/report-builder';
import { asSelection, controlsInScope } from '../bundle/scope';
import { COVERAGE_CSV_PATH } from '../formats/bundle-paths';
import { layoutOf } from '../formats/manifest';
import { type BundleLedger, readBundleEvidence } from '../import/read-bundle-evidence';
import type { BundleArchive } from '../verify/archive';
import type { VerifiedBundle } from '../verify/verified-bundle';
import { CoverageSheetError, parseCoverageCsv } from './coverage-csv';
import type { ReportCapture, ReportCoverage, ReportModel } from './model';

/**
 * Rebuilds a bundle's report model from what the verifier vouched for (for the PDF report of a
 * bundle). A capture's paths are found per control folder it is filed in; in a write-once bundle
 * (format 8) every control the scope selects of it points to its single copy under captures/ (the
 * verifier checked that each control's index lists exactly those).
 */
export async function modelFromBundle(
  archive: BundleArchive,
  bundle: VerifiedBundle,
  bundleName: string,
): Promise<ReportModel> {
  const { manifest } = bundle;
  const evidence = await readBundleEvidence(archive, bundle);
  const [root, ...others] = evidence.ledgers;
  const sources = {
    local: root ? toSource(root, '') : undefined,
    foreign: new Map(
      others.map((l) => [
        l.publicKey.fingerprint,
        toSource(
          l,
          manifest.signers.find((s) => s.fingerprint === l.publicKey.fingerprint)?.folder ?? 'signers/',
        ),
      ]),
    ),
  };
  const builder = new ReportBuilder(sources);
  const has = (p: string) => listed.has(p);
  const listed = new Set(manifest.files.map((f) => f.path));
  const writeOnce = layoutOf(manifest) === 'write-once';
  for (const { record, bases } of bundle.captures) {
    const paths = new Map<string, ReportCapture['paths']>();
    const filed = writeOnce
      ? controlsInScope(
          { ...record, capturerEmail: record.capturer.email, captureId: record.id },
          manifest.scope,
        )
      : [];
    for (const controlId of record.controlIds) {
      const base = writeOnce
        ? filed.includes(controlId)
          ? bases[0]
          : undefined
        : bases.find((b) => b.startsWith(`${controlFolder(controlId)}/`));
      if (!base) continue;
      const thumb = ['webp', 'png', 'jpg'].map((x) => `${base}.thumb.${x}`).find(has);
      const snapshot = ['mhtml', 'html'].map((x) => `${base}.${x}`).find(has);
      paths.set(controlId, {
        image: `${base}.png`,
        metadata: `${base}.json`,
        ...(thumb ? { thumbnail: thumb } : {}),
        ...(has(`${base}.txt`) ? { pageText: `${base}.txt` } : {}),
        ...(snapshot ? { pageSnapshot: snapshot } : {}),
      });
    }
    builder.addCapture(record, paths);
  }
  return builder.model({
    coverage: await readCoverage(archive, bundle),
    bundleName,
    exportedAt: manifest.exportedAt,
    exportedBy: manifest.exportedBy,
    extensionVersion: manifest.extensionVersion,
    scope: asSelection(manifest.scope),
    deletions: evidence.deletions,
  });
}

/**
 * The bundle's coverage.csv, read back strictly (parseCoverageCsv): every capture it counts must be
 * one of the bundle's, tagged to that control. Undefined when the bundle has none.
 */
async function readCoverage(
  archive: BundleArchive,
  bundle: VerifiedBundle,
): Promise<ReportCoverage | undefined> {
  const file = bundle.manifest.files.find((f) => f.path === COVERAGE_CSV_PATH && f.role === 'coverage');
  if (!file) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await archive.read(file.path, file.size));
  } catch (e) {
    if (e instanceof TypeError) throw new CoverageSheetError(['it is not UTF-8 text']);
    throw e;
  }
  return parseCoverageCsv(text, new Map(bundle.captures.map((c) => [c.record.id, c.record.controlIds])));
}

function toSource(l: BundleLedger, folder: string): LedgerSource {
  const tokens = new Map<number, StoredToken[]>();
  for (const t of [...l.tokens].sort((a, b) => a.seq - b.seq || a.n - b.n))
    tokens.set(t.seq, [...(tokens.get(t.seq) ?? []), t]);
  return {
    folder,
    publicKey: l.publicKey,
    records: l.records,
    tokens,
    pending: new Set(),
    coverage: l.coverage,
  };
}
