import type { ProofTrailDb } from '../db/database';
import { peekDeviceKey } from '../db/keys-repo';
import { listLedger } from '../db/ledger-repo';
import { foreignLedger, foreignTokens, listSigners } from '../db/signers-repo';
import { listTimestamps } from '../db/timestamps-repo';
import { PUBLIC_KEY_FORMAT, signerFolder } from '../formats/bundle-paths';
import type { LedgerRecord } from '../formats/ledger-entry';
import type { PublicKeyFile } from '../formats/public-key';
import type { LedgerCoverage } from '../formats/scope-types';

/** A timestamp reply over one ledger entry. */
export interface StoredToken {
  token: Uint8Array;
  genTime?: string;
  tsaName?: string;
}

/** A signed ledger as a bundle carries it: this device's, or a teammate's learned from imports. */
export interface LedgerSource {
  folder: string;
  publicKey: PublicKeyFile;
  records: LedgerRecord[];
  /** Stamped replies by entry, in a stable order. */
  tokens: Map<number, StoredToken[]>;
  /** Entries still waiting for a TSA (this device only). */
  pending: Set<number>;
  coverage?: LedgerCoverage[];
}

/** This device's ledger, or undefined before anything was ever recorded. */
export async function localLedgerSource(db: ProofTrailDb): Promise<LedgerSource | undefined> {
  const [records, key, stamps] = await Promise.all([listLedger(db), peekDeviceKey(db), listTimestamps(db)]);
  if (!records.length || !key) return undefined;
  const tokens = new Map<number, StoredToken[]>();
  const pending = new Set<number>();
  for (const t of stamps.sort((a, b) => a.tsaUrl.localeCompare(b.tsaUrl))) {
    if (t.status === 'stamped' && t.token)
      tokens.set(t.seq, [
        ...(tokens.get(t.seq) ?? []),
        { token: t.token, genTime: t.genTime, tsaName: t.tsaName },
      ]);
    else pending.add(t.seq);
  }
  return {
    folder: '',
    publicKey: {
      format: PUBLIC_KEY_FORMAT,
      jwk: key.publicJwk,
      fingerprint: key.fingerprint,
      createdAt: key.createdAt,
    },
    records,
    tokens,
    pending,
  };
}

/** Teammates' ledgers, by fingerprint. */
export async function foreignLedgerSources(db: ProofTrailDb): Promise<Map<string, LedgerSource>> {
  const out = new Map<string, LedgerSource>();
  for (const s of await listSigners(db)) {
    const tokens = new Map<number, StoredToken[]>();
    for (const t of (await foreignTokens(db, s.fingerprint)).sort((a, b) => a.seq - b.seq || a.n - b.n))
      tokens.set(t.seq, [...(tokens.get(t.seq) ?? []), t]);
    out.set(s.fingerprint, {
      folder: signerFolder(s.fingerprint),
      publicKey: {
        format: PUBLIC_KEY_FORMAT,
        jwk: s.publicJwk,
        fingerprint: s.fingerprint,
        createdAt: s.createdAt,
      },
      records: await foreignLedger(db, s.fingerprint),
      tokens,
      pending: new Set(),
      coverage: s.coverage,
    });
  }
  return out;
}
