import type { LedgerRecord } from '../formats/ledger-entry';
import { MANIFEST_PATH } from '../formats/manifest';
import { LEDGER_PATH } from '../formats/public-key';
import type { VerifiedLedger } from './verified-bundle';
import type { Findings } from './verify-options';

/**
 * Step 5: the exporter's ledger ends with the `export` entry that signs this bundle: its
 * `artifacts.manifest` is the SHA-256 of manifest.json's bytes, so every file's hash, the scope, the
 * counts and the coverage of imported ledgers are signed. `throughSeq` lies before it.
 */
export function checkExportEntry(
  root: VerifiedLedger,
  manifestSha256: string,
  throughSeq: number,
  f: Findings,
): LedgerRecord | undefined {
  const last = root.records[root.records.length - 1];
  if (last?.entry.type !== 'export') {
    f.add(
      LEDGER_PATH,
      `the last entry is ${last ? `a ${last.entry.type} entry` : 'missing'}, not the export entry that signs this bundle`,
    );
    return undefined;
  }
  if (last.entry.artifacts.manifest !== manifestSha256) {
    f.add(
      MANIFEST_PATH,
      `its SHA-256 is ${manifestSha256}, but export entry ${last.entry.seq} signed ${last.entry.artifacts.manifest ?? 'no manifest'} (manifest edited after export)`,
    );
    return undefined;
  }
  if (throughSeq >= last.entry.seq)
    f.add(MANIFEST_PATH, `throughSeq ${throughSeq} is not before the export entry ${last.entry.seq}`);
  return last;
}
