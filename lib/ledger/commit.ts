import type { Table } from 'dexie';
import type { ProofTrailDb } from '../db/database';
import { getDeviceKey } from '../db/keys-repo';
import { lastLedgerRecord } from '../db/ledger-repo';
import { enqueueTimestamps } from '../db/timestamps-repo';
import { getTsaSettings } from '../db/tsa-settings-repo';
import type { Identity } from '../db/types';
import type { LedgerEntry, LedgerRecord } from '../formats/ledger-entry';
import { GENESIS_PREV, LEDGER_ENTRY_VERSION } from '../formats/schema-ids';
import { signBytes } from '../integrity/signing';
import { captureDraft, pastDeletionDraft } from './drafts';
import { entryBytes, entryHash } from './entry-bytes';

/** What the caller says about an event; the ledger adds sequence, chain link, time and key. */
export type LedgerDraft = Pick<LedgerEntry, 'type' | 'subject' | 'artifacts' | 'content'> & {
  actor: Identity;
};

class ChainMoved extends Error {}

/** The ledger grew after the caller read it: what it signed no longer covers the last entry. */
export class LedgerMoved extends Error {}

/**
 * Appends a signed entry and runs `write` in the same transaction, so the event and its entry are
 * stored together or not at all. Signing is asynchronous and cannot run inside an IndexedDB
 * transaction, so the entry is built against the current last entry and the transaction checks
 * that nothing was appended meanwhile (another page, another capture); if something was, it
 * starts again.
 */
export async function commitWithLedger<T>(
  db: ProofTrailDb,
  draft: LedgerDraft,
  tables: Table[],
  write: () => Promise<T>,
  now: () => Date = () => new Date(),
): Promise<{ result: T; record: LedgerRecord }> {
  if (!(await lastLedgerRecord(db))) await backfillLedger(db, now);
  return appendEntry(db, draft, tables, write, now);
}

/**
 * Appends a signed entry only if the ledger's last entry is still `lastSeq` (an export signs a
 * manifest listing the entries up to it); throws LedgerMoved otherwise, so the caller can re-read.
 */
export async function appendIfLast(
  db: ProofTrailDb,
  draft: LedgerDraft,
  lastSeq: number,
  now: () => Date = () => new Date(),
): Promise<LedgerRecord> {
  const { record } = await appendEntry(db, draft, [], async () => undefined, now, lastSeq);
  return record;
}

/** Gives evidence stored before the ledger existed its entries, if the ledger is still empty. */
export async function startLedger(db: ProofTrailDb, now: () => Date = () => new Date()): Promise<void> {
  if (!(await lastLedgerRecord(db))) await backfillLedger(db, now);
}

/**
 * Evidence stored before the ledger existed (ProofTrail 0.2 and older) gets entries on first use,
 * marked `backfilled`, so later bundles can still account for it.
 */
async function backfillLedger(db: ProofTrailDb, now: () => Date): Promise<void> {
  const captures = (await db.captures.toArray()).sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
  const deletions = (await db.deletions.toArray()).sort((a, b) => a.deletedAt.localeCompare(b.deletedAt));
  for (const c of captures)
    await appendEntry(db, captureDraft(c, c.capturer, { backfilled: true }), [], async () => undefined, now);
  for (const d of deletions)
    await appendEntry(db, await pastDeletionDraft(d), [], async () => undefined, now);
}

async function appendEntry<T>(
  db: ProofTrailDb,
  draft: LedgerDraft,
  tables: Table[],
  write: () => Promise<T>,
  now: () => Date = () => new Date(),
  expectLastSeq?: number,
): Promise<{ result: T; record: LedgerRecord }> {
  const key = await getDeviceKey(db);
  const { urls: tsaUrls } = await getTsaSettings(db);
  for (let attempt = 0; attempt < 20; attempt++) {
    const last = await lastLedgerRecord(db);
    if (expectLastSeq !== undefined && (last?.entry.seq ?? 0) !== expectLastSeq) throw new LedgerMoved();
    const entry: LedgerEntry = {
      v: LEDGER_ENTRY_VERSION,
      seq: (last?.entry.seq ?? 0) + 1,
      prev: last?.hash ?? GENESIS_PREV,
      at: now().toISOString(),
      type: draft.type,
      subject: draft.subject,
      artifacts: draft.artifacts,
      content: draft.content,
      actor: { name: draft.actor.name, email: draft.actor.email },
      key: key.fingerprint,
    };
    const record: LedgerRecord = {
      entry,
      hash: await entryHash(entry),
      signature: await signBytes(key.privateKey, entryBytes(entry)),
    };
    try {
      const result = await db.transaction('rw', [db.ledger, db.timestamps, ...tables], async () => {
        const current = await lastLedgerRecord(db);
        if ((current?.entry.seq ?? 0) !== (last?.entry.seq ?? 0))
          throw expectLastSeq === undefined ? new ChainMoved() : new LedgerMoved();
        await db.ledger.add(record);
        // Queued with the entry itself, so no entry is ever left without its timestamp requests.
        await enqueueTimestamps(db, entry.seq, tsaUrls, now());
        return write();
      });
      return { result, record };
    } catch (e) {
      if (!(e instanceof ChainMoved)) throw e;
    }
  }
  throw new Error('The evidence ledger is busy; try again.');
}
