import { LEDGER_PATH, ledgerEntryPath, PUBLIC_KEY_PATH, timestampPath } from '../formats/bundle-paths';
import type { ManifestFile } from '../formats/manifest';
import { canonicalJson } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';
import { entryBytes } from '../ledger/entry-bytes';
import { readTimeStampResponse } from '../tsa/response';
import type { LedgerSource } from './ledger-sources';
import type { ZipWriter } from './zip-writer';

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * Adds one signed ledger under its folder: the whole chain as canonical lines (a gap, a reordering
 * or a removed entry must show), each entry's exact bytes, its timestamp replies and the public
 * key, all canonical. The exporter's own ledger.jsonl is written after its export entry is signed
 * (sign-export.ts), so it passes `withJsonl: false` and, on a second pass, the first entry not yet
 * written (`from`). Certificates the replies carry are collected into `certs` for tsa-chain.pem.
 */
export async function addLedgerFiles(
  zip: ZipWriter,
  source: LedgerSource & { from?: number },
  certs: Map<string, Uint8Array>,
  o: { withJsonl: boolean } = { withJsonl: true },
): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  const dir = source.folder;
  const from = source.from ?? 1;
  const add = async (path: string, role: ManifestFile['role'], data: Uint8Array, compress = true) =>
    files.push({ path, role, ...(await zip.add(path, data, compress)) });

  if (o.withJsonl)
    await add(
      `${dir}${LEDGER_PATH}`,
      'ledger',
      encode(source.records.map((r) => `${canonicalJson(r)}\n`).join('')),
    );
  for (const r of source.records)
    if (r.entry.seq >= from)
      await add(`${dir}${ledgerEntryPath(r.entry.seq)}`, 'ledger-entry', entryBytes(r.entry));
  for (const [seq, tokens] of [...source.tokens].sort(([a], [b]) => a - b)) {
    if (seq < from) continue;
    for (const [i, t] of tokens.entries()) {
      await add(`${dir}${timestampPath(seq, i + 1)}`, 'timestamp', t.token, false);
      for (const c of readTimeStampResponse(t.token.slice().buffer).certificates)
        certs.set(await sha256Hex(c as BufferSource), c);
    }
  }
  if (from === 1)
    await add(`${dir}${PUBLIC_KEY_PATH}`, 'public-key', encode(canonicalJson(source.publicKey)));
  return files;
}
