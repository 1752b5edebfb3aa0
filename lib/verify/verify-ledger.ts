import { GENESIS_PREV, type LedgerRecord, ledgerRecordSchema } from '../formats/ledger-entry';
import {
  LEDGER_PATH,
  ledgerEntryPath,
  PUBLIC_KEY_PATH,
  type PublicKeyFile,
  publicKeyFileSchema,
} from '../formats/public-key';
import { sameBytes } from '../integrity/bytes';
import { readCanonicalJson } from '../integrity/canonical-bytes';
import { signatureVerifier, thumbprint } from '../integrity/signing';
import { entryBytes, entryHash } from '../ledger/entry-bytes';
import { type BundleArchive, BundleReadError } from './archive';
import type { BundleToken, VerifiedLedger } from './verified-bundle';
import type { Findings } from './verify-options';

const LEDGER_LIMIT = 256 << 20;
const ENTRY_LIMIT = 1 << 20;
const TOKEN_LIMIT = 256 << 10;
const KEY_LIMIT = 64 << 10;
// ignoreBOM keeps a byte-order mark in the text, so the canonical check of line 1 refuses it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Step 3, for one signed ledger: the public key file is canonical and its fingerprint is its
 * RFC 7638 thumbprint; every line of ledger.jsonl is a canonical record whose entry follows the one
 * before (sequence, prev hash), hashes to its recorded hash, names the ledger's key and carries a
 * valid signature; `ledger/NNNNNN.json` holds exactly each entry's bytes; no other file sits in
 * the ledger folder but its timestamp replies. Returns undefined when the ledger cannot be read.
 */
export async function readLedger(
  archive: BundleArchive,
  folder: string,
  f: Findings,
): Promise<Omit<VerifiedLedger, 'coverage'> | undefined> {
  const keyPath = `${folder}${PUBLIC_KEY_PATH}`;
  const ledgerPath = `${folder}${LEDGER_PATH}`;
  const publicKey = await readPublicKey(archive, keyPath, f);
  const ledgerBytes = await readFile(archive, ledgerPath, LEDGER_LIMIT, f);
  if (!publicKey || !ledgerBytes) return undefined;
  const records = parseLines(ledgerBytes, ledgerPath, f);
  if (!records) return undefined;
  await checkChain(records, publicKey, ledgerPath, f);
  await checkExactBytes(archive, folder, records, f);
  const tokens = await readTokens(archive, folder, records.length, f);
  return { folder, publicKey, records, tokens };
}

async function readFile(archive: BundleArchive, path: string, limit: number, f: Findings) {
  if (archive.size(path) === undefined) {
    f.add(path, 'missing: a signed ledger must come with its public key and its entries');
    return undefined;
  }
  try {
    return await archive.read(path, limit);
  } catch (e) {
    if (!(e instanceof BundleReadError)) throw e;
    f.add(path, e.message);
    return undefined;
  }
}

async function readPublicKey(archive: BundleArchive, path: string, f: Findings) {
  const bytes = await readFile(archive, path, KEY_LIMIT, f);
  if (!bytes) return undefined;
  const read = readCanonicalJson(bytes);
  if (!read.ok) return void f.add(path, read.error);
  const key = publicKeyFileSchema.safeParse(read.value);
  if (!key.success) {
    const issue = key.error.issues[0];
    return void f.add(
      path,
      `not a ProofTrail public key (field ${issue?.path.join('.')}: ${issue?.message})`,
    );
  }
  if ((await thumbprint(key.data.jwk)) !== key.data.fingerprint) {
    f.add(path, 'the fingerprint is not the RFC 7638 thumbprint of the key (key or fingerprint replaced)');
    return undefined;
  }
  return key.data as PublicKeyFile;
}

/** ledger.jsonl: canonical records, one per line, each line ended by a line feed. */
function parseLines(bytes: Uint8Array, path: string, f: Findings): LedgerRecord[] | undefined {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return void f.add(path, 'is not valid UTF-8');
  }
  if (!text.endsWith('\n')) return void f.add(path, 'does not end with a line feed (truncated?)');
  const records: LedgerRecord[] = [];
  for (const [i, line] of text.slice(0, -1).split('\n').entries()) {
    const read = readCanonicalJson(new TextEncoder().encode(line));
    if (!read.ok) {
      f.add(path, `line ${i + 1} ${read.error}`);
      continue;
    }
    const r = ledgerRecordSchema.safeParse(read.value);
    if (!r.success) {
      const issue = r.error.issues[0];
      f.add(path, `line ${i + 1}: not a ledger record (field ${issue?.path.join('.')}: ${issue?.message})`);
    } else records.push(r.data);
  }
  return records;
}

async function checkChain(records: LedgerRecord[], key: PublicKeyFile, path: string, f: Findings) {
  let prev = GENESIS_PREV;
  const verify = await signatureVerifier(key.jwk);
  for (const [i, r] of records.entries()) {
    const seq = r.entry.seq;
    if (seq !== i + 1)
      f.add(
        path,
        `line ${i + 1} holds entry ${seq}, expected ${i + 1} (entries removed, added or reordered)`,
      );
    if (r.entry.prev !== prev)
      f.add(
        path,
        `entry ${seq} does not follow the entry before it (its prev hash is ${r.entry.prev.slice(0, 12)}…, the previous entry hashes to ${prev.slice(0, 12)}…)`,
      );
    const hash = await entryHash(r.entry);
    if (hash !== r.hash)
      f.add(
        path,
        `entry ${seq} was edited: it hashes to ${hash.slice(0, 12)}…, the record says ${r.hash.slice(0, 12)}…`,
      );
    if (r.entry.key !== key.fingerprint)
      f.add(path, `entry ${seq} names key ${r.entry.key}, but the ledger's key is ${key.fingerprint}`);
    if (!(await verify(entryBytes(r.entry), r.signature)))
      f.add(`${path} entry ${seq}`, "the signature does not verify with the ledger's public key");
    prev = hash;
  }
}

async function checkExactBytes(archive: BundleArchive, folder: string, records: LedgerRecord[], f: Findings) {
  for (const r of records) {
    const path = `${folder}${ledgerEntryPath(r.entry.seq)}`;
    const bytes = await readFile(archive, path, ENTRY_LIMIT, f);
    if (bytes && !sameBytes(bytes, entryBytes(r.entry)))
      f.add(path, `differs from entry ${r.entry.seq} in ${folder}${LEDGER_PATH}`);
  }
}

/** The replies in `<folder>ledger/`; any other file there, or a reply for no entry, is a problem. */
async function readTokens(archive: BundleArchive, folder: string, count: number, f: Findings) {
  const tokens: BundleToken[] = [];
  const prefix = `${folder}ledger/`;
  for (const path of archive.names) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const entry = /^(\d{6})\.json$/.exec(rest);
    if (entry && Number(entry[1]) >= 1 && Number(entry[1]) <= count) continue;
    const m = /^(\d{6})(?:\.([2-9]|[1-9]\d+))?\.tsr$/.exec(rest);
    if (!m) {
      f.add(path, 'is not a file a ledger folder holds (ledger/NNNNNN.json or ledger/NNNNNN[.n].tsr)');
      continue;
    }
    const seq = Number(m[1]);
    if (seq < 1 || seq > count) {
      f.add(path, `stamps entry ${seq}, which is not in the ledger`);
      continue;
    }
    const der = await readFile(archive, path, TOKEN_LIMIT, f);
    if (der) tokens.push({ path, seq, n: Number(m[2] ?? 1), der });
  }
  return tokens.sort((a, b) => a.seq - b.seq || a.n - b.n);
}
