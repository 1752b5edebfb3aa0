import { fingerprintProblem } from '../formats/signers-file';
import type { UntrustedSigner } from '../import/signers-not-trusted';
import type { ProofTrailDb } from './database';
import type { TrustedSignerRow } from './types';

/** What trustSigners changed. */
export interface TrustOutcome {
  /** Rows written: keys newly trusted, or trusted again under another identity. */
  added: TrustedSignerRow[];
  /** Rows removed because another key is now trusted for their e-mail. */
  replaced: TrustedSignerRow[];
  /** Keys already trusted for the same e-mail, left as they were (their "since" stays). */
  unchanged: TrustedSignerRow[];
}

/** Every trusted key, by e-mail then name. */
export async function listTrustedSigners(db: ProofTrailDb): Promise<TrustedSignerRow[]> {
  const rows = await db.trustedSigners.toArray();
  return rows.sort(
    (a, b) => a.email.toLowerCase().localeCompare(b.email.toLowerCase()) || a.name.localeCompare(b.name),
  );
}

/** The trusted row of a key, if it is trusted (the device's own key has none). */
export function getTrustedSigner(
  db: ProofTrailDb,
  fingerprint: string,
): Promise<TrustedSignerRow | undefined> {
  return db.trustedSigners.get(fingerprint);
}

/** The key trusted for an e-mail address (compared without case), if any. */
export function trustedSignerForEmail(
  db: ProofTrailDb,
  email: string,
): Promise<TrustedSignerRow | undefined> {
  return db.trustedSigners.where('email').equalsIgnoreCase(email.trim()).first();
}

/**
 * Trusts keys. A key trusted for an e-mail that already has another trusted key replaces that
 * row (one key per e-mail: a changed key must be trusted again, explicitly). All or nothing; runs
 * inside the caller's transaction when it includes db.trustedSigners (Dexie refuses otherwise).
 * Throws, writing nothing, on a malformed fingerprint, an empty e-mail, or two rows for one
 * e-mail or one key.
 */
export async function trustSigners(
  db: ProofTrailDb,
  rows: readonly TrustedSignerRow[],
): Promise<TrustOutcome> {
  const clean = rows.map((r) => ({ ...r, name: r.name.trim(), email: r.email.trim() }));
  const emails = new Map<string, string>();
  const keys = new Set<string>();
  for (const r of clean) {
    const problem = fingerprintProblem(r.fingerprint);
    if (problem) throw new Error(`"${r.fingerprint}" ${problem}`);
    if (!r.email) throw new Error(`key ${r.fingerprint}: an e-mail address is required to trust it`);
    if (keys.has(r.fingerprint)) throw new Error(`key ${r.fingerprint} is listed twice`);
    keys.add(r.fingerprint);
    const other = emails.get(r.email.toLowerCase());
    if (other)
      throw new Error(
        `${r.email} comes with two keys (${other} and ${r.fingerprint}); only one key per e-mail can be trusted`,
      );
    emails.set(r.email.toLowerCase(), r.fingerprint);
  }
  return db.transaction('rw', db.trustedSigners, async () => {
    const outcome: TrustOutcome = { added: [], replaced: [], unchanged: [] };
    for (const row of clean) {
      const sameEmail = await db.trustedSigners.where('email').equalsIgnoreCase(row.email).toArray();
      const current = await db.trustedSigners.get(row.fingerprint);
      if (current && current.email.toLowerCase() === row.email.toLowerCase()) {
        outcome.unchanged.push(current);
        continue;
      }
      const old = sameEmail.filter((r) => r.fingerprint !== row.fingerprint);
      if (old.length) await db.trustedSigners.bulkDelete(old.map((r) => r.fingerprint));
      outcome.replaced.push(...old);
      await db.trustedSigners.put(row);
      outcome.added.push(row);
    }
    return outcome;
  });
}

/** Stops trusting a key; true when it was trusted. */
export function untrustSigner(db: ProofTrailDb, fingerprint: string): Promise<boolean> {
  return db.transaction('rw', db.trustedSigners, async () => {
    const had = await db.trustedSigners.get(fingerprint);
    if (had) await db.trustedSigners.delete(fingerprint);
    return had !== undefined;
  });
}

/**
 * The keys among `signers` that are not trusted here, with why: the device's own key and the
 * fingerprints in `trust` count as trusted; a key whose e-mail has another trusted key (or is this
 * device's identity) is `key-changed`, otherwise `unknown`. Import can throw SignersNotTrusted with it.
 */
export async function findUntrustedSigners(
  db: ProofTrailDb,
  signers: readonly { fingerprint: string; name: string; email: string }[],
  o: { device?: { fingerprint: string; email?: string }; trust?: readonly string[] } = {},
): Promise<UntrustedSigner[]> {
  const out: UntrustedSigner[] = [];
  for (const s of signers) {
    if (s.fingerprint === o.device?.fingerprint || o.trust?.includes(s.fingerprint)) continue;
    if (await db.trustedSigners.get(s.fingerprint)) continue;
    const known =
      o.device?.email && o.device.email.toLowerCase() === s.email.trim().toLowerCase()
        ? o.device.fingerprint
        : (await trustedSignerForEmail(db, s.email))?.fingerprint;
    out.push({
      fingerprint: s.fingerprint,
      name: s.name,
      email: s.email,
      ...(known
        ? { reason: 'key-changed' as const, trustedFingerprint: known }
        : { reason: 'unknown' as const }),
    });
  }
  return out;
}
