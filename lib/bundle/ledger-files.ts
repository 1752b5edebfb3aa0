import type { ProofTrailDb } from '../db/database';
import { peekDeviceKey } from '../db/keys-repo';
import { listLedger } from '../db/ledger-repo';
import { listTimestamps } from '../db/timestamps-repo';
import type { TimestampRow } from '../db/types';
import {
  AUDITOR_README_PATH,
  LEDGER_PATH,
  ledgerEntryPath,
  PUBLIC_KEY_FORMAT,
  PUBLIC_KEY_PATH,
  TSA_CHAIN_PATH,
  timestampPath,
} from '../formats/bundle-paths';
import type { ManifestFile } from '../formats/manifest';
import type { PublicKeyFile } from '../formats/public-key';
import { sha256Hex } from '../integrity/sha256';
import { entryBytes } from '../ledger/entry-bytes';
import { toPem } from '../tsa/pem';
import { readTimeStampResponse } from '../tsa/response';
import { auditorReadme } from './auditor-readme';
import type { ZipWriter } from './zip-writer';

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * Adds the signed ledger (whole: a gap, a reordering or a removed entry must show), each entry's
 * exact bytes and timestamp replies, the TSA certificates, the public key and the auditors' guide.
 */
export async function addLedgerFiles(
  db: ProofTrailDb,
  zip: ZipWriter,
  bundleName: string,
): Promise<ManifestFile[]> {
  const ledger = await listLedger(db);
  const key = await peekDeviceKey(db);
  if (!ledger.length || !key) return [];
  const files: ManifestFile[] = [];
  const add = async (path: string, role: ManifestFile['role'], data: Uint8Array, compress = true) =>
    files.push({ path, role, ...(await zip.add(path, data, compress)) });

  await add(LEDGER_PATH, 'ledger', encode(`${ledger.map((r) => JSON.stringify(r)).join('\n')}\n`));
  for (const r of ledger) await add(ledgerEntryPath(r.entry.seq), 'ledger-entry', entryBytes(r.entry));

  const bySeq = new Map<number, TimestampRow[]>();
  const stamped = (await listTimestamps(db)).filter((t) => t.status === 'stamped' && t.token);
  for (const t of stamped.sort((a, b) => a.tsaUrl.localeCompare(b.tsaUrl)))
    bySeq.set(t.seq, [...(bySeq.get(t.seq) ?? []), t]);
  const certs = new Map<string, Uint8Array>();
  for (const [seq, rows] of [...bySeq].sort(([a], [b]) => a - b)) {
    for (const [i, t] of rows.entries()) {
      await add(timestampPath(seq, i + 1), 'timestamp', t.token!, false);
      for (const c of readTimeStampResponse(t.token!.slice().buffer).certificates)
        certs.set(await sha256Hex(c as BufferSource), c);
    }
  }
  if (certs.size) await add(TSA_CHAIN_PATH, 'tsa-chain', encode(toPem([...certs.values()])));

  const publicKey: PublicKeyFile = {
    format: PUBLIC_KEY_FORMAT,
    jwk: key.publicJwk,
    fingerprint: key.fingerprint,
    createdAt: key.createdAt,
  };
  await add(PUBLIC_KEY_PATH, 'public-key', encode(`${JSON.stringify(publicKey, null, 2)}\n`));
  const readme = auditorReadme({
    fileName: bundleName,
    entries: ledger.length,
    stamped: bySeq.size,
    fingerprint: key.fingerprint,
  });
  await add(AUDITOR_README_PATH, 'readme', encode(readme));
  return files;
}
