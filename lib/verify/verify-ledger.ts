import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import {
  GENESIS_PREV,
  type LedgerEntry,
  type LedgerRecord,
  ledgerRecordSchema,
} from '../formats/ledger-entry';
import { LEDGER_PATH, ledgerEntryPath, PUBLIC_KEY_PATH, publicKeyFileSchema } from '../formats/public-key';
import { thumbprint, verifySignature } from '../integrity/signing';
import { entryBytes, entryHash } from '../ledger/entry-bytes';
import type { ZipContents } from './read-zip';

type Add = (path: string, message: string) => void;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** One signed ledger of a bundle, read and checked. */
export interface CheckedLedger {
  /** `""` for the exporter's ledger at the root, `signers/<id>/` for a teammate's. */
  folder: string;
  fingerprint: string;
  records: LedgerRecord[];
  /** Whether the bundle must hold the evidence of an entry (the bundle's scope and the ledger's coverage). */
  inScope: (entry: LedgerEntry) => boolean;
}

/**
 * Checks one signed ledger: the public key and its thumbprint, every entry's sequence, link to the
 * previous entry, hash, key and signature, and the exact-bytes files. Returns undefined when the
 * ledger or its key cannot be read (the problem is reported).
 */
export async function verifyChain(
  zip: ZipContents,
  folder: string,
  add: Add,
): Promise<{ fingerprint: string; records: LedgerRecord[] } | undefined> {
  const keyPath = `${folder}${PUBLIC_KEY_PATH}`;
  const ledgerPath = `${folder}${LEDGER_PATH}`;
  const keyBytes = zip.files.get(keyPath);
  const ledgerBytes = zip.files.get(ledgerPath);
  if (!ledgerBytes || !keyBytes) {
    add(ledgerBytes ? keyPath : ledgerPath, 'missing: a signed ledger must come with its public key');
    return undefined;
  }
  const key = publicKeyFileSchema.safeParse(parse(keyBytes));
  if (!key.success) {
    add(
      keyPath,
      `not a ProofTrail public key (${key.error.issues[0]?.path.join('.')}: ${key.error.issues[0]?.message})`,
    );
    return undefined;
  }
  const { jwk, fingerprint } = key.data;
  if ((await thumbprint(jwk)) !== fingerprint)
    add(keyPath, 'the fingerprint does not match the key (key or fingerprint replaced)');

  const records: LedgerRecord[] = [];
  safeDecode(ledgerBytes)
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const r = ledgerRecordSchema.safeParse(parse(new TextEncoder().encode(line)));
      if (!r.success)
        add(
          ledgerPath,
          `line ${i + 1}: not a ledger record (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`,
        );
      else records.push(r.data);
    });

  let prev = GENESIS_PREV;
  for (const [i, r] of records.entries()) {
    const seq = r.entry.seq;
    if (seq !== i + 1)
      add(
        ledgerPath,
        `line ${i + 1} holds entry ${seq}, expected ${i + 1} (entries removed, added or reordered)`,
      );
    if (r.entry.prev !== prev)
      add(
        ledgerPath,
        `entry ${seq} does not follow the entry before it (its prev hash is ${r.entry.prev.slice(0, 12)}…, the previous entry hashes to ${prev.slice(0, 12)}…)`,
      );
    const hash = await entryHash(r.entry);
    if (hash !== r.hash)
      add(
        ledgerPath,
        `entry ${seq} was edited: it hashes to ${hash.slice(0, 12)}…, the record says ${r.hash.slice(0, 12)}…`,
      );
    if (r.entry.key !== fingerprint)
      add(ledgerPath, `entry ${seq} names key ${r.entry.key}, but the ledger's key is ${fingerprint}`);
    if (!(await verifySignature(jwk, entryBytes(r.entry), r.signature)))
      add(`${ledgerPath} entry ${seq}`, "the signature does not verify with the ledger's public key");
    const exactPath = `${folder}${ledgerEntryPath(seq)}`;
    const exact = zip.files.get(exactPath);
    if (!exact) add(exactPath, `the exact bytes of entry ${seq} are missing`);
    else if (!sameBytes(exact, entryBytes(r.entry)))
      add(exactPath, `differs from entry ${seq} in ${ledgerPath}`);
    prev = hash;
  }
  return { fingerprint, records };
}

/**
 * Binds evidence to ledgers: every capture in the bundle matches a capture entry (same metadata
 * and image hashes) and was not deleted; every capture entry in scope has its capture in the
 * bundle; every deletion entry in scope is listed in deletions.json.
 */
export function verifyBindings(
  ledgers: CheckedLedger[],
  captures: Map<string, CaptureMetadata>,
  deletions: DeletionRecord[],
  add: Add,
): void {
  const captureEntries = new Map<string, { entry: LedgerEntry; ledger: CheckedLedger }>();
  const deletedIds = new Set<string>();
  for (const ledger of ledgers)
    for (const { entry } of ledger.records) {
      if (entry.type === 'capture' && !captureEntries.has(entry.subject))
        captureEntries.set(entry.subject, { entry, ledger });
      if (entry.type === 'deletion') deletedIds.add(entry.subject);
    }
  for (const [id, c] of captures) {
    const found = captureEntries.get(id);
    if (!found) add(LEDGER_PATH, `capture ${id} has no ledger entry (added to the bundle?)`);
    else if (
      found.entry.artifacts.metadata !== c.metadataSha256 ||
      found.entry.artifacts.image !== c.image.sha256
    )
      add(
        `${found.ledger.folder}${LEDGER_PATH}`,
        `capture ${id} differs from its ledger entry ${found.entry.seq} (metadata or image replaced)`,
      );
    if (deletedIds.has(id))
      add(LEDGER_PATH, `capture ${id} is in the bundle but a ledger records its deletion`);
  }
  const listedDeletions = new Set(deletions.map((d) => d.captureId));
  for (const ledger of ledgers) {
    const where = `${ledger.folder}${LEDGER_PATH}`;
    for (const { entry } of ledger.records) {
      if (!ledger.inScope(entry)) continue;
      if (entry.type === 'capture' && !captures.has(entry.subject) && !deletedIds.has(entry.subject))
        add(
          where,
          `capture ${entry.subject} (ledger entry ${entry.seq}) is missing from the bundle (removed?)`,
        );
      if (entry.type === 'deletion' && !listedDeletions.has(entry.subject))
        add(
          'deletions.json',
          `the deletion of capture ${entry.subject} (${where} entry ${entry.seq}) is not listed`,
        );
    }
  }
}

/** What a scope is matched against, from a capture or deletion entry's content. */
export function entrySubject(entry: LedgerEntry) {
  const ids = entry.content.controlIds;
  const at = entry.content.capturedAt;
  return {
    controlIds: Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [],
    capturedAt: typeof at === 'string' ? at : entry.at,
    capturerEmail: entry.actor.email,
  };
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
