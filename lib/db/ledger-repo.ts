import type { LedgerRecord } from '../formats/ledger-entry';
import type { ProofTrailDb } from './database';

/** The newest ledger record, if any. */
export function lastLedgerRecord(db: ProofTrailDb): Promise<LedgerRecord | undefined> {
  return db.ledger.orderBy('entry.seq').last();
}

/** The whole chain, oldest first. */
export function listLedger(db: ProofTrailDb): Promise<LedgerRecord[]> {
  return db.ledger.orderBy('entry.seq').toArray();
}
