import { LEDGER_PATH, ledgerEntryPath, PUBLIC_KEY_PATH, timestampPath } from '../formats/bundle-paths';
import type { ManifestFile } from '../formats/manifest';
import { canonicalJson } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';
import { entryBytes } from '../ledger/entry-bytes';
import { readTimeStampResponse } from '../tsa/response';
import type { LedgerSource } from './ledger-sources';
import type { ZipWriter } from './zip-writer';

const encode = (text: string) => new TextEncoder().encode(text);

/** One file of a ledger's folder, not yet hashed or compressed. */
export interface LedgerFile {
  path: string;
  role: ManifestFile['role'];
  data: Uint8Array;
  compress: boolean;
}

/**
 * The files of one signed ledger under its folder, in the order they go into the ZIP: the whole
 * chain as canonical lines (a gap, a reordering or a removed entry must show), each entry's exact
 * bytes, its timestamp replies and the public key, all canonical. The exporter's own ledger.jsonl
 * is written after its export entry is signed (sign-export.ts), so it passes `withJsonl: false`
 * and, on a second pass, the first entry not yet written (`from`). Certificates the replies carry
 * are collected into `certs` for tsa-chain.pem.
 */
export async function ledgerFiles(
  source: LedgerSource & { from?: number },
  certs: Map<string, Uint8Array>,
  o: { withJsonl: boolean } = { withJsonl: true },
): Promise<LedgerFile[]> {
  const files: LedgerFile[] = [];
  const dir = source.folder;
  const from = source.from ?? 1;
  const add = (path: string, role: ManifestFile['role'], data: Uint8Array, compress = true) =>
    files.push({ path, role, data, compress });

  if (o.withJsonl)
    add(
      `${dir}${LEDGER_PATH}`,
      'ledger',
      encode(source.records.map((r) => `${canonicalJson(r)}\n`).join('')),
    );
  for (const r of source.records)
    if (r.entry.seq >= from)
      add(`${dir}${ledgerEntryPath(r.entry.seq)}`, 'ledger-entry', entryBytes(r.entry));
  for (const [seq, tokens] of [...source.tokens].sort(([a], [b]) => a - b)) {
    if (seq < from) continue;
    for (const [i, t] of tokens.entries()) {
      add(`${dir}${timestampPath(seq, i + 1)}`, 'timestamp', t.token, false);
      for (const c of readTimeStampResponse(t.token.slice().buffer).certificates)
        certs.set(await sha256Hex(c as BufferSource), c);
    }
  }
  if (from === 1) add(`${dir}${PUBLIC_KEY_PATH}`, 'public-key', encode(canonicalJson(source.publicKey)));
  return files;
}

/** Adds one signed ledger's files (ledgerFiles) to the ZIP; returns their manifest entries. */
export async function addLedgerFiles(
  zip: ZipWriter,
  source: LedgerSource & { from?: number },
  certs: Map<string, Uint8Array>,
  o: { withJsonl: boolean } = { withJsonl: true },
): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const f of await ledgerFiles(source, certs, o))
    files.push({ path: f.path, role: f.role, ...(await zip.add(f.path, f.data, f.compress)) });
  return files;
}
