import { asSelection } from '../bundle/scope';
import { signerFolder } from '../formats/bundle-paths';
import type { LedgerRecord } from '../formats/ledger-entry';
import type { BundleManifest } from '../formats/manifest';
import { MANIFEST_PATH } from '../formats/manifest';
import { LEDGER_PATH, PUBLIC_KEY_PATH } from '../formats/public-key';
import type { BundleArchive } from './archive';
import { entryVerdict, type ScopedLedger } from './check-bindings';
import { signerFolderOf } from './file-roles';
import { readLedger } from './verify-ledger';
import type { Findings } from './verify-options';

/**
 * Step 3: the manifest lists the exporter's ledger first, at the root, then each teammate's under
 * `signers/<first 16 characters of its fingerprint>/`; no other ledger folder exists; each listed
 * ledger reads and chains (verify-ledger.ts) under the key the manifest names. Each comes with
 * the rule saying which of its entries the bundle must account for: the exporter's up to
 * `throughSeq`, a teammate's within the coverage it came with, both within the bundle's scope.
 */
export async function readLedgers(
  archive: BundleArchive,
  manifest: BundleManifest,
  f: Findings,
): Promise<ScopedLedger[] | undefined> {
  const [root] = manifest.signers;
  if (root?.folder !== '' || root.throughSeq === undefined || root.coverage) {
    f.add(
      MANIFEST_PATH,
      'signers must start with the exporter\'s ledger (folder "", with throughSeq and no coverage)',
    );
    return undefined;
  }
  const listed = new Set(manifest.signers.map((s) => s.folder));
  for (const path of archive.names) {
    const folder = signerFolderOf(path);
    if (path.startsWith('signers/') && !listed.has(folder)) {
      f.add(path, `belongs to no ledger that manifest.json lists among its signers`);
      listed.add(folder || path);
    }
  }
  const out: ScopedLedger[] = [];
  const seen = new Set<string>();
  for (const signer of manifest.signers) {
    const where = `${signer.folder}${PUBLIC_KEY_PATH}`;
    if (seen.has(signer.folder)) f.add(MANIFEST_PATH, `lists the ledger in "${signer.folder}" twice`);
    seen.add(signer.folder);
    if (signer !== root && (signer.folder === '' || signer.throughSeq !== undefined || !signer.coverage))
      f.add(
        MANIFEST_PATH,
        `signer ${signer.fingerprint}: a teammate's ledger sits under signers/ and has coverage`,
      );
    if (signer.folder && signer.folder !== signerFolder(signer.fingerprint))
      f.add(where, `key ${signer.fingerprint} is filed under another key's folder`);
    const ledger = await readLedger(archive, signer.folder, f);
    if (!ledger) continue;
    if (ledger.publicKey.fingerprint !== signer.fingerprint)
      f.add(where, `holds key ${ledger.publicKey.fingerprint}, manifest.json says ${signer.fingerprint}`);
    checkEntryVersions(ledger.records, manifest.formatVersion, `${signer.folder}${LEDGER_PATH}`, f);
    const coverage = signer.coverage;
    const throughSeq = signer.throughSeq ?? 0;
    out.push({
      ...ledger,
      ...(coverage ? { coverage } : {}),
      mustAccountFor: (entry) => {
        const inBundle = entryVerdict(entry, manifest.scope);
        if (inBundle === 'out') return 'out';
        if (!coverage) return entry.seq <= throughSeq ? inBundle : 'out';
        const covered = coverage
          .filter((c) => entry.seq <= c.throughSeq)
          .map((c) => entryVerdict(entry, asSelection(c)));
        if (covered.includes('in')) return inBundle;
        return covered.includes('sealed') ? 'sealed' : 'out';
      },
    });
  }
  const keys = out.map((l) => l.publicKey.fingerprint);
  for (const [i, k] of keys.entries())
    if (keys.indexOf(k) !== i)
      f.add(`${out[i]!.folder}${LEDGER_PATH}`, `key ${k} has two ledgers in this bundle`);
  return out;
}

/**
 * Version-2 entries exist from bundle format 6 on, and a ledger never goes back: once an entry is
 * version 2, every later one is too.
 */
function checkEntryVersions(records: LedgerRecord[], formatVersion: number, path: string, f: Findings) {
  const first = records.find((r) => r.entry.v === 2);
  if (!first) return;
  if (formatVersion < 6)
    f.add(path, `entry ${first.entry.seq} is version 2, which a format ${formatVersion} bundle cannot hold`);
  const back = records.find((r) => r.entry.seq > first.entry.seq && r.entry.v !== 2);
  if (back)
    f.add(
      path,
      `entry ${back.entry.seq} is version ${back.entry.v} after version-2 entry ${first.entry.seq}`,
    );
}
