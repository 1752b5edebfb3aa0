import { LEDGER_PATH, ledgerEntryPath, PUBLIC_KEY_PATH, timestampPath } from '../formats/bundle-paths';
import type { ManifestFile } from '../formats/manifest';
import { sha256Hex } from '../integrity/sha256';
import { entryBytes } from '../ledger/entry-bytes';
import { readTimeStampResponse } from '../tsa/response';
import type { LedgerSource } from './ledger-sources';
import type { ZipWriter } from './zip-writer';

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * Adds one signed ledger under its folder: the whole chain (a gap, a reordering or a removed entry
 * must show), each entry's exact bytes, its timestamp replies and the public key. Certificates the
 * replies carry are collected into `certs` for the bundle's tsa-chain.pem.
 */
export async function addLedgerFiles(
  zip: ZipWriter,
  source: LedgerSource,
  certs: Map<string, Uint8Array>,
): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  const dir = source.folder;
  const add = async (path: string, role: ManifestFile['role'], data: Uint8Array, compress = true) =>
    files.push({ path, role, ...(await zip.add(path, data, compress)) });

  await add(
    `${dir}${LEDGER_PATH}`,
    'ledger',
    encode(`${source.records.map((r) => JSON.stringify(r)).join('\n')}\n`),
  );
  for (const r of source.records)
    await add(`${dir}${ledgerEntryPath(r.entry.seq)}`, 'ledger-entry', entryBytes(r.entry));
  for (const [seq, tokens] of [...source.tokens].sort(([a], [b]) => a - b)) {
    for (const [i, t] of tokens.entries()) {
      await add(`${dir}${timestampPath(seq, i + 1)}`, 'timestamp', t.token, false);
      for (const c of readTimeStampResponse(t.token.slice().buffer).certificates)
        certs.set(await sha256Hex(c as BufferSource), c);
    }
  }
  await add(
    `${dir}${PUBLIC_KEY_PATH}`,
    'public-key',
    encode(`${JSON.stringify(source.publicKey, null, 2)}\n`),
  );
  return files;
}
