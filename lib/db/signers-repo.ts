import type { LedgerRecord } from '../formats/ledger-entry';
import type { ProofTrailDb } from './database';
import type { CaptureOriginRow, ForeignTokenRow, SignerRow } from './types';

/** Every teammate key learned from imports. */
export function listSigners(db: ProofTrailDb): Promise<SignerRow[]> {
  return db.signers.toArray();
}

/** A teammate's ledger as imported, oldest first. */
export async function foreignLedger(db: ProofTrailDb, key: string): Promise<LedgerRecord[]> {
  const rows = await db.foreignLedger.where('key').equals(key).toArray();
  return rows.sort((a, b) => a.seq - b.seq).map((r) => r.record);
}

/** The timestamp replies imported for a teammate's ledger. */
export function foreignTokens(db: ProofTrailDb, key: string): Promise<ForeignTokenRow[]> {
  return db.foreignTokens.where('key').equals(key).toArray();
}

/** Where each imported capture came from, by capture id. */
export async function captureOrigins(db: ProofTrailDb): Promise<Map<string, CaptureOriginRow>> {
  return new Map((await db.origins.toArray()).map((o) => [o.captureId, o]));
}
