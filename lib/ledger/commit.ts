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
  o: { prepared?: Promise<PreparedLedger>; mark?: (step: string) => void } = {},
): Promise<{ result: T; record: LedgerRecord }> {
  let ready = await (o.prepared ?? prepareLedger(db));
  // An empty ledger is started first (evidence stored before it existed gets its entries).
  if (!ready.last) {
    await startLedger(db, now);
    ready = { ...ready, last: await lastLedgerRecord(db) };
  }
  o.mark?.('commit: wait for the ledger read ahead');
  return appendEntry(db, draft, tables, write, now, undefined, ready, o.mark);
}

/**
 * What an append reads before it can sign: the device key, the timestamp authorities and the last
 * entry. Read ahead of time, beside other work (a capture reads it while the browser takes the
 * screenshot); the append's transaction still checks that the last entry has not moved
 * meanwhile, and reads again if it has. Writes nothing but the device key on its first use.
 */
export interface PreparedLedger {
  key: Awaited<ReturnType<typeof getDeviceKey>>;
  tsaUrls: string[];
  last: LedgerRecord | undefined;
}

/** Reads what an append needs (see PreparedLedger). */
export async function prepareLedger(db: ProofTrailDb): Promise<PreparedLedger> {
  const [key, tsa, last] = await Promise.all([getDeviceKey(db), getTsaSettings(db), lastLedgerRecord(db)]);
  return { key, tsaUrls: tsa.urls, last };
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
  prepared?: PreparedLedger,
  mark?: (step: string) => void,
): Promise<{ result: T; record: LedgerRecord }> {
  const key = prepared?.key ?? (await getDeviceKey(db));
  const tsaUrls = prepared?.tsaUrls ?? (await getTsaSettings(db)).urls;
  for (let attempt = 0; attempt < 20; attempt++) {
    // The last entry read ahead serves the first attempt only; the transaction checks it.
    const last = attempt === 0 && prepared ? prepared.last : await lastLedgerRecord(db);
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
    mark?.('commit: hash + sign the entry');
    try {
      const result = await db.transaction('rw', [db.ledger, db.timestamps, ...tables], async () => {
        const current = await lastLedgerRecord(db);
        if ((current?.entry.seq ?? 0) !== (last?.entry.seq ?? 0))
          throw expectLastSeq === undefined ? new ChainMoved() : new LedgerMoved();
        // Issued in this order without waiting for each other (one round trip, not three): any
        // failure aborts the whole transaction. The timestamp requests are queued with the entry
        // itself, so no entry is ever left without them.
        const [, , result] = await Promise.all([
          db.ledger.add(record),
          enqueueTimestamps(db, entry.seq, tsaUrls, now()),
          write(),
        ]);
        return result;
      });
      mark?.('commit: transaction (ledger + capture tables)');
      return { result, record };
    } catch (e) {
      if (!(e instanceof ChainMoved)) throw e;
    }
  }
  throw new Error('The evidence ledger is busy; try again.');
}
