import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import { GENESIS_PREV, type LedgerRecord, ledgerRecordSchema } from '../formats/ledger-entry';
import type { BundleManifest } from '../formats/manifest';
import { LEDGER_PATH, ledgerEntryPath, PUBLIC_KEY_PATH, publicKeyFileSchema } from '../formats/public-key';
import { thumbprint, verifySignature } from '../integrity/signing';
import { entryBytes, entryHash } from '../ledger/entry-bytes';
import type { ZipContents } from './read-zip';

type Add = (path: string, message: string) => void;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks the signed ledger of a bundle: the public key and its thumbprint, every entry's sequence,
 * link to the previous entry, hash and signature, the exact-bytes files, and that every capture and
 * deletion in the bundle matches an entry and every entry in scope has its evidence in the bundle.
 */
export async function verifyLedger(
  zip: ZipContents,
  manifest: BundleManifest,
  captures: Map<string, CaptureMetadata>,
  deletions: DeletionRecord[],
  add: Add,
): Promise<{ entries: number; fingerprint?: string; records: LedgerRecord[] }> {
  const keyBytes = zip.files.get(PUBLIC_KEY_PATH);
  const ledgerBytes = zip.files.get(LEDGER_PATH);
  if (!ledgerBytes || !keyBytes) {
    if (captures.size || deletions.length)
      add(
        ledgerBytes ? PUBLIC_KEY_PATH : LEDGER_PATH,
        'missing: a format-3 bundle with evidence must carry its signed ledger and public key',
      );
    return { entries: 0, records: [] };
  }
  const key = publicKeyFileSchema.safeParse(parse(keyBytes));
  if (!key.success) {
    add(
      PUBLIC_KEY_PATH,
      `not a ProofTrail public key (${key.error.issues[0]?.path.join('.')}: ${key.error.issues[0]?.message})`,
    );
    return { entries: 0, records: [] };
  }
  const { jwk, fingerprint } = key.data;
  if ((await thumbprint(jwk)) !== fingerprint)
    add(PUBLIC_KEY_PATH, 'the fingerprint does not match the key (key or fingerprint replaced)');

  const records: LedgerRecord[] = [];
  const text = safeDecode(ledgerBytes);
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const r = ledgerRecordSchema.safeParse(parse(new TextEncoder().encode(line)));
    if (!r.success)
      add(
        LEDGER_PATH,
        `line ${i + 1}: not a ledger record (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`,
      );
    else records.push(r.data);
  });

  let prev = GENESIS_PREV;
  for (const [i, r] of records.entries()) {
    const where = `${LEDGER_PATH} entry ${r.entry.seq}`;
    if (r.entry.seq !== i + 1)
      add(
        LEDGER_PATH,
        `line ${i + 1} holds entry ${r.entry.seq}, expected ${i + 1} (entries removed, added or reordered)`,
      );
    if (r.entry.prev !== prev)
      add(
        LEDGER_PATH,
        `entry ${r.entry.seq} does not follow the entry before it (its prev hash is ${r.entry.prev.slice(0, 12)}…, the previous entry hashes to ${prev.slice(0, 12)}…)`,
      );
    const hash = await entryHash(r.entry);
    if (hash !== r.hash)
      add(
        LEDGER_PATH,
        `entry ${r.entry.seq} was edited: it hashes to ${hash.slice(0, 12)}…, the record says ${r.hash.slice(0, 12)}…`,
      );
    if (r.entry.key !== fingerprint)
      add(
        LEDGER_PATH,
        `entry ${r.entry.seq} names key ${r.entry.key}, but the bundle's key is ${fingerprint}`,
      );
    if (!(await verifySignature(jwk, entryBytes(r.entry), r.signature)))
      add(where, "the signature does not verify with the bundle's public key");
    const exact = zip.files.get(ledgerEntryPath(r.entry.seq));
    if (!exact) add(ledgerEntryPath(r.entry.seq), `the exact bytes of entry ${r.entry.seq} are missing`);
    else if (!sameBytes(exact, entryBytes(r.entry)))
      add(ledgerEntryPath(r.entry.seq), `differs from entry ${r.entry.seq} in ${LEDGER_PATH}`);
    prev = hash;
  }

  const captureEntries = new Map(
    records.filter((r) => r.entry.type === 'capture').map((r) => [r.entry.subject, r.entry]),
  );
  const deletedIds = new Set(records.filter((r) => r.entry.type === 'deletion').map((r) => r.entry.subject));
  for (const [id, c] of captures) {
    const e = captureEntries.get(id);
    if (!e) add(LEDGER_PATH, `capture ${id} has no ledger entry (added to the bundle?)`);
    else if (e.artifacts.metadata !== c.metadataSha256 || e.artifacts.image !== c.image.sha256)
      add(LEDGER_PATH, `capture ${id} differs from its ledger entry ${e.seq} (metadata or image replaced)`);
    if (deletedIds.has(id))
      add(LEDGER_PATH, `capture ${id} is in the bundle but the ledger records its deletion`);
  }
  const inScope = (controlIds: unknown) =>
    manifest.scope.kind === 'all' ||
    (Array.isArray(controlIds) && controlIds.includes(manifest.scope.controlId));
  for (const [id, e] of captureEntries) {
    if (!captures.has(id) && !deletedIds.has(id) && inScope(e.content.controlIds))
      add(LEDGER_PATH, `capture ${id} (ledger entry ${e.seq}) is missing from the bundle (removed?)`);
  }
  const recordedDeletions = new Set(deletions.map((d) => d.captureId));
  for (const r of records)
    if (
      r.entry.type === 'deletion' &&
      inScope(r.entry.content.controlIds) &&
      !recordedDeletions.has(r.entry.subject)
    )
      add(
        'deletions.json',
        `the deletion of capture ${r.entry.subject} (ledger entry ${r.entry.seq}) is not listed`,
      );
  return { entries: records.length, fingerprint, records };
}

function parse(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

function safeDecode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    return '';
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
