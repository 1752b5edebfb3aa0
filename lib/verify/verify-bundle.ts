import { MANIFEST_PATH } from '../formats/manifest';
import { LEDGER_PATH, ledgerEntryPath } from '../formats/public-key';
import type { BundleArchive } from './archive';
import { checkBindings, type ScopedLedger } from './check-bindings';
import { checkExportEntry } from './check-export';
import { checkFiles } from './check-files';
import { checkSha256Sums } from './check-sha256sums';
import { checkPinnedSigners, claimedIdentity } from './check-signers';
import { readLedgers } from './read-ledgers';
import { readManifest } from './read-manifest';
import { readCaptures, readDeletions } from './read-records';
import type { VerifyReport } from './report';
import { verifyLegacy } from './verify-legacy';
import type { Findings, VerifyOptions } from './verify-options';
import { verifyTimestamps } from './verify-timestamps';

/**
 * Verifies a bundle, the checks in the order docs/bundle-format.md lists them. Pure: runs in Node,
 * extension pages and the bundle's own verify.html alike, over an archive read on demand.
 */
export async function verifyBundle(
  archive: BundleArchive,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const report: VerifyReport = {
    ok: false,
    problems: [],
    warnings: [],
    notes: [],
    summary: { files: 0, captures: 0 },
  };
  const f: Findings = {
    add: (path, message) => report.problems.push({ path, message }),
    warn: (path, message) => report.warnings.push({ path, message }),
  };
  const finish = () => ({ ...report, ok: report.problems.length === 0 });

  const read = await readManifest(archive, options, f); // 1
  if (!read) return finish();
  if (read.kind === 'legacy') {
    await verifyLegacy(archive, read.manifest, report.summary, f, options);
    return finish();
  }
  const { manifest } = read;
  const ledgers = await readLedgers(archive, manifest, f); // 2
  const root = ledgers?.find((l) => l.folder === '');
  const files = await checkFiles(archive, manifest, signedByExportEntry(root), f); // 3
  await checkSha256Sums(manifest, f);
  const exportEntry = root && checkExportEntry(root, read.sha256, manifest.signers[0]?.throughSeq ?? 0, f); // 4
  const captures = await readCaptures(manifest, files.parsed, f); // 5
  const deletions = readDeletions(files.parsed.get('deletions.json'), f);
  const bindings = ledgers ? await checkBindings(ledgers, captures, deletions, f) : undefined; // 6
  const signedBy = bindings?.signedBy ?? new Map();
  for (const [folder, n] of bindings?.sealedOut ?? [])
    report.notes.push({ path: `${folder}${LEDGER_PATH}`, message: sealedNote(n) });
  if (captures.size !== manifest.captureCount)
    f.add(
      MANIFEST_PATH,
      `captureCount is ${manifest.captureCount} but the bundle holds ${captures.size} captures`,
    );
  if (deletions.length !== manifest.deletionCount)
    f.add(
      MANIFEST_PATH,
      `deletionCount is ${manifest.deletionCount} but deletions.json holds ${deletions.length}`,
    );
  const stamped = new Map<string, number>();
  for (const l of ledgers ?? []) {
    const t = await verifyTimestamps(l, options, f.add, f.warn); // 7
    stamped.set(l.folder, t.stamped);
    report.notes.push(...t.notes.map((message) => ({ path: `${l.folder}ledger.jsonl`, message })));
  }
  checkPinnedSigners(ledgers ?? [], options.pinnedSigners, f); // 8

  Object.assign(report.summary, {
    formatVersion: manifest.formatVersion,
    ...(manifest.formatVersion >= 8 && 'layout' in manifest ? { layout: manifest.layout } : {}),
    exportedAt: manifest.exportedAt,
    exportedBy: manifest.exportedBy
      ? `${manifest.exportedBy.name} <${manifest.exportedBy.email}>`
      : undefined,
    files: manifest.files.length,
    captures: captures.size,
    deletions: deletions.length,
    pinned: options.pinnedSigners !== undefined,
    signers: (ledgers ?? []).map((l) => ({
      fingerprint: l.publicKey.fingerprint,
      folder: l.folder,
      claims: claimedIdentity(l.records),
      entries: l.records.length,
      stamped: stamped.get(l.folder) ?? 0,
    })),
  });
  if (report.problems.length || !ledgers || !exportEntry) return finish();
  report.bundle = {
    manifest,
    manifestSha256: read.sha256,
    captures: [...captures.values()].flatMap((c) => {
      const by = signedBy.get(c.record.id);
      return by ? [{ ...c, ...by }] : [];
    }),
    deletions,
    ledgers: ledgers.map(({ mustAccountFor: _, ...l }) => l),
    exportEntry,
  };
  return finish();
}

/** manifest.json and the exporter's files written after the export entry was signed. */
function signedByExportEntry(root: ScopedLedger | undefined): Set<string> {
  const names = new Set([MANIFEST_PATH, LEDGER_PATH]);
  const last = root?.records[root.records.length - 1];
  if (!root || !last) return names;
  names.add(ledgerEntryPath(last.entry.seq));
  for (const t of root.tokens) if (t.seq === last.entry.seq) names.add(t.path);
  return names;
}

/** The note for version-2 entries a controls scope leaves out (docs/ledger-format.md). */
function sealedNote(n: number): string {
  const entries = n === 1 ? '1 capture or deletion entry' : `${n} capture or deletion entries`;
  return `${entries} within the scope's period and capturers ${n === 1 ? 'is' : 'are'} not in this bundle: version-2 entries do not name their controls, and the exporter's signed export says none is filed under the scope's controls`;
}
