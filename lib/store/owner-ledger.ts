import type { LedgerRecord } from '../formats/ledger-entry';
import { readCanonicalJson } from '../integrity/canonical-bytes';
import { entryBytes } from '../ledger/entry-bytes';
import { memoryArchive } from '../verify/memory-archive';
import type { VerifiedLedger } from '../verify/verified-bundle';
import { readLedger } from '../verify/verify-ledger';
import type { Findings } from '../verify/verify-options';
import { parseOwnerPath, storePaths } from './store-paths';

/**
 * An owner's ledger from its folder's small objects (key, ledger lines, timestamp replies, by path
 * inside the folder), checked as the bundle verifier checks a bundle's ledger
 * (lib/verify/verify-ledger.ts): the lines in order are laid out as a ledger.jsonl, each entry's
 * exact bytes beside it, so a gap, an edit, a reordering or a bad signature shows. Problems are
 * reported against the store's own keys (`folder` + path). Undefined when there is no ledger to read.
 */
export async function verifyOwnerLedger(
  fingerprint: string,
  folder: string,
  small: ReadonlyMap<string, Uint8Array>,
  f: Findings,
): Promise<Omit<VerifiedLedger, 'coverage'> | undefined> {
  const lines = new Map<number, { path: string; bytes: Uint8Array }>();
  const tokens = new Map<number, Uint8Array[]>();
  for (const [path, bytes] of small) {
    const parsed = parseOwnerPath(path);
    if (parsed?.kind === 'ledger-record') lines.set(parsed.seq, { path, bytes });
    else if (parsed?.kind === 'timestamp') tokens.set(parsed.seq, [...(tokens.get(parsed.seq) ?? []), bytes]);
  }
  const key = small.get(storePaths.publicKey());
  if (!key) {
    f.add(`${folder}public-key.json`, 'missing: every owner folder starts with its public key');
    return undefined;
  }
  const files = new Map<string, Uint8Array>([['public-key.json', key]]);
  const ordered: Uint8Array[] = [];
  for (const seq of [...lines.keys()].sort((a, b) => a - b)) {
    const { path, bytes } = lines.get(seq)!;
    ordered.push(bytes);
    const last = bytes.indexOf(0x0a);
    if (last !== bytes.byteLength - 1) {
      f.add(folder + path, 'must hold exactly one ledger line ended by a line feed');
      continue;
    }
    const read = readCanonicalJson(bytes.subarray(0, last));
    if (!read.ok) continue; // readLedger reports the line
    const record = read.value as LedgerRecord;
    if (record?.entry?.seq !== seq)
      f.add(folder + path, `holds entry ${String(record?.entry?.seq)}, not ${seq}`);
    try {
      files.set(`ledger/${String(seq).padStart(6, '0')}.json`, entryBytes(record.entry));
    } catch {
      // not an entry: readLedger reports the line
    }
  }
  const all = new Uint8Array(ordered.reduce((n, l) => n + l.byteLength, 0));
  let at = 0;
  for (const l of ordered) {
    all.set(l, at);
    at += l.byteLength;
  }
  files.set('ledger.jsonl', all);
  for (const [seq, list] of tokens)
    for (const [i, der] of list.entries())
      files.set(`ledger/${String(seq).padStart(6, '0')}${i ? `.${i + 1}` : ''}.tsr`, der);
  const ledger = await readLedger(memoryArchive(files), '', {
    add: (path, message) => f.add(folder + storeKeyOf(path), message),
    warn: (path, message) => f.warn(folder + storeKeyOf(path), message),
  });
  if (ledger && ledger.publicKey.fingerprint !== fingerprint) {
    f.add(
      `${folder}public-key.json`,
      `is the key ${ledger.publicKey.fingerprint}, not the folder's ${fingerprint}`,
    );
    return undefined;
  }
  return ledger;
}

/** readLedger's virtual paths back to the store's keys. */
function storeKeyOf(path: string): string {
  if (path === 'ledger.jsonl') return 'ledger/';
  const m = /^ledger\/(\d{6})\.json$/.exec(path);
  return m ? `ledger/${m[1]}.jsonl` : path;
}
