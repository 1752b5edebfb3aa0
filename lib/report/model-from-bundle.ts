import type { LedgerSource, StoredToken } from '../bundle/ledger-sources';
import { controlFolder } from '../bundle/paths';
import { ReportBuilder } from '../bundle/report-builder';
import { asSelection } from '../bundle/scope';
import type { BundleManifest } from '../formats/manifest';
import { type BundleLedger, readBundleEvidence } from '../import/read-bundle-evidence';
import { roleOfPath } from '../verify/file-roles';
import type { ZipContents } from '../verify/read-zip';
import type { ReportCapture, ReportModel } from './model';

/**
 * Rebuilds a bundle's report model from its files (for the PDF report of a bundle). Call it on a
 * bundle that verified. A capture's paths are found per control folder it is filed in.
 */
export function modelFromBundle(zip: ZipContents, manifest: BundleManifest, bundleName: string): ReportModel {
  const evidence = readBundleEvidence(zip, manifest);
  const [root, ...others] = evidence.ledgers;
  const sources = {
    local: root ? toSource(root, '') : undefined,
    foreign: new Map(
      others.map((l) => [
        l.publicKey.fingerprint,
        toSource(
          l,
          manifest.signers?.find((s) => s.fingerprint === l.publicKey.fingerprint)?.folder ?? 'signers/',
        ),
      ]),
    ),
  };
  const builder = new ReportBuilder(sources);
  // Where each capture's record sits in each folder: `<folder>/<id>` → path.
  const recordAt = new Map<string, string>();
  for (const f of manifest.files)
    if (roleOfPath(f.path) === 'metadata') {
      const id = recordId(zip, f.path);
      if (id) recordAt.set(`${f.path.slice(0, f.path.lastIndexOf('/'))}/${id}`, f.path);
    }
  for (const { record } of evidence.captures) {
    const paths = new Map<string, ReportCapture['paths']>();
    for (const controlId of record.controlIds) {
      const folder =
        manifest.formatVersion >= 4
          ? controlFolder(controlId)
          : controlFolder(controlId).slice('controls/'.length);
      const metadata = recordAt.get(`${folder}/${record.id}`);
      if (!metadata) continue;
      const base = metadata.replace(/\.json$/, '');
      const has = (p: string) => zip.files.has(p);
      const thumb = ['webp', 'png', 'jpg'].map((x) => `${base}.thumb.${x}`).find(has);
      const snapshot = ['mhtml', 'html'].map((x) => `${base}.${x}`).find(has);
      paths.set(controlId, {
        image: `${base}.png`,
        metadata,
        ...(thumb ? { thumbnail: thumb } : {}),
        ...(has(`${base}.txt`) ? { pageText: `${base}.txt` } : {}),
        ...(snapshot ? { pageSnapshot: snapshot } : {}),
      });
    }
    builder.addCapture(record, paths);
  }
  return builder.model({
    bundleName,
    exportedAt: manifest.exportedAt,
    exportedBy: manifest.exportedBy,
    extensionVersion: manifest.extensionVersion,
    scope: asSelection(manifest.scope),
    deletions: evidence.deletions,
  });
}

const decoder = new TextDecoder();
function recordId(zip: ZipContents, path: string): string | undefined {
  try {
    return (JSON.parse(decoder.decode(zip.files.get(path)!)) as { id?: string }).id;
  } catch {
    return undefined;
  }
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
