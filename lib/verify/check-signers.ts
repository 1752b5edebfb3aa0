import type { LedgerRecord } from '../formats/ledger-entry';
import { PUBLIC_KEY_PATH } from '../formats/public-key';
import type { VerifiedLedger } from './verified-bundle';
import type { Findings } from './verify-options';

/**
 * Who a key's entries say acted: the identity written most often in its capture, deletion and
 * import entries (exports may be made by a profile with no identity set), else in any entry.
 */
export function claimedActor(records: readonly LedgerRecord[]): { name: string; email: string } {
  const counts = new Map<string, { actor: { name: string; email: string }; n: number }>();
  const evidence = records.filter((r) => r.entry.type !== 'export');
  for (const { entry } of evidence.length ? evidence : records) {
    const key = `${entry.actor.name}\n${entry.actor.email}`;
    const seen = counts.get(key) ?? { actor: entry.actor, n: 0 };
    seen.n++;
    counts.set(key, seen);
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.actor ?? { name: 'nobody', email: '' };
}

/** The claimed identity as `NAME <EMAIL>`. */
export function claimedIdentity(records: readonly LedgerRecord[]): string {
  const { name, email } = claimedActor(records);
  return `${name} <${email}>`;
}

/**
 * Step 8: pinning. A signature proves only that the holder of a key signed; the auditor ties keys
 * to people by listing the fingerprints they expect (obtained out of band). Every key whose
 * entries the bundle carries must be among them.
 */
export function checkPinnedSigners(
  ledgers: readonly VerifiedLedger[],
  pinned: readonly string[] | undefined,
  f: Findings,
): void {
  if (!pinned) return;
  const expected = new Set(pinned);
  for (const l of ledgers)
    if (!expected.has(l.publicKey.fingerprint))
      f.add(
        `${l.folder}${PUBLIC_KEY_PATH}`,
        `key ${l.publicKey.fingerprint} (claims to be ${claimedIdentity(l.records)}) is not among the signers you pinned`,
      );
}
