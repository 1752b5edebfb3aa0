import type { LedgerRecord } from '../formats/ledger-entry';
import { entryBytes } from '../ledger/entry-bytes';
import { readTimeStampResponse, verifyTimeStamp } from '../tsa/response';
import type { ZipContents } from './read-zip';

type Note = (path: string, message: string) => void;

/** How to judge timestamp tokens. */
export interface TimestampCheckOptions {
  /** TSA root certificates (DER) the auditor trusts; without them tokens are checked against the certificates they carry. */
  trustedTsaRoots?: Uint8Array[];
  /** Flag entries whose local time differs from the TSA's by more than this (default 2 minutes). */
  maxSkewMs?: number;
}

/**
 * Checks every `ledger/NNNNNN.tsr`: it stamps exactly that entry's bytes, its signature verifies,
 * its signer chains to a trusted root; and flags clock skews over the threshold.
 */
export async function verifyTimestamps(
  zip: ZipContents,
  ledger: { folder: string; records: LedgerRecord[] },
  options: TimestampCheckOptions,
  add: Note,
  warn: Note,
): Promise<{ stamped: number; selfChecked: boolean }> {
  const { folder, records } = ledger;
  const bySeq = new Map(records.map((r) => [r.entry.seq, r]));
  const stamped = new Set<number>();
  const maxSkew = options.maxSkewMs ?? 120_000;
  let selfChecked = false;
  for (const [path, der] of zip.files) {
    if (!path.startsWith(folder)) continue;
    const m = /^ledger\/(\d{6})(?:\.\d+)?\.tsr$/.exec(path.slice(folder.length));
    if (!m) continue;
    const seq = Number(m[1]);
    const record = bySeq.get(seq);
    if (!record) {
      add(path, `stamps entry ${seq}, which is not in the ledger`);
      continue;
    }
    const roots = options.trustedTsaRoots;
    let carried: Uint8Array[] = [];
    try {
      carried = readTimeStampResponse(der.slice().buffer).certificates;
    } catch (e) {
      add(path, `is not a valid timestamp reply (${(e as Error).message})`);
      continue;
    }
    const result = await verifyTimeStamp(
      der.slice().buffer,
      entryBytes(record.entry),
      roots?.length ? roots : carried,
    );
    if (!result.ok) {
      add(path, `does not verify for ledger entry ${seq}: ${result.error}`);
      continue;
    }
    if (!roots?.length) selfChecked = true;
    stamped.add(seq);
    const skew = new Date(result.info.genTime).getTime() - new Date(record.entry.at).getTime();
    if (Math.abs(skew) > maxSkew)
      warn(
        path,
        `entry ${seq}: the local clock said ${record.entry.at}, the TSA ${result.info.genTime} (${Math.round(skew / 1000)} s apart, over ${Math.round(maxSkew / 1000)} s)`,
      );
  }
  if (stamped.size && stamped.size < records.length)
    warn(
      `${folder}ledger`,
      `${records.length - stamped.size} of ${records.length} ledger entries have no timestamp token yet`,
    );
  return { stamped: stamped.size, selfChecked };
}
