import type { ProofTrailDb } from '../db/database';
import { dueTimestamps, updateTimestamp } from '../db/timestamps-repo';
import { settingsTsaRoots } from '../db/tsa-settings-repo';
import type { TimestampRow } from '../db/types';
import { entryBytes } from '../ledger/entry-bytes';
import { trustedRootsWith } from './default-roots';
import { buildTimeStampRequest, newNonce } from './request';
import { verifyTimeStamp } from './response';

/** Waits before the next try: 30 s, 1, 2, 5, 15 min, then hourly. */
export function backoffMs(attempts: number): number {
  return [30_000, 60_000, 120_000, 300_000, 900_000][attempts - 1] ?? 3_600_000;
}

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

/** A stored row with what the queue learnt of the TSA's root. */
export type CheckedTimestampRow = TimestampRow;

export interface DrainOptions {
  /** Roots to trust (DER); by default the default set plus the roots added in Settings. */
  trustedRoots?: readonly Uint8Array[];
}

/**
 * Sends every due request (only the SHA-256 of an entry's bytes leaves the device, with a fresh
 * nonce) and checks each reply in full when it arrives: the nonce sent, the imprint of that entry,
 * the TSA certificate's critical timeStamping purpose, the CMS signature, every certificate valid
 * at the TSA's time and the chain to a trusted root. Only a reply that passes is stored as stamped
 * (one chaining to an unknown root is kept, marked `rootTrusted: false`); a failure or a bad reply
 * is retried with backoff, its reason in `lastError`, and never kept. A TSA that is down never loses
 * a request; captures never wait for this.
 */
export async function drainTimestampQueue(
  db: ProofTrailDb,
  fetcher: Fetcher = fetch,
  now: () => Date = () => new Date(),
  /** Retry everything pending now, backoff or not (the user asked: an export is waiting). */
  force = false,
  options: DrainOptions = {},
): Promise<number> {
  const due = await dueTimestamps(db, force ? new Date(8.64e15) : now());
  if (!due.length) return 0;
  const trustedRoots = options.trustedRoots ?? trustedRootsWith(await settingsTsaRoots(db));
  let stamped = 0;
  for (const row of due) {
    const record = await db.ledger.get(row.seq);
    if (!record) continue;
    try {
      const bytes = entryBytes(record.entry);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice()));
      const nonce = newNonce();
      const res = await fetcher(row.tsaUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query' },
        body: buildTimeStampRequest(digest, nonce),
        signal: AbortSignal.timeout(20_000),
      });
      if (!res.ok) throw new Error(`the TSA answered HTTP ${res.status}`);
      const der = new Uint8Array(await res.arrayBuffer());
      const verdict = await verifyTimeStamp(der, bytes, { trustedRoots, nonce });
      if (!verdict.ok) throw new Error(`the TSA's reply was refused: ${verdict.error}`);
      const done: CheckedTimestampRow = {
        ...row,
        status: 'stamped',
        attempts: row.attempts + 1,
        token: der,
        genTime: verdict.info.genTime,
        tsaName: verdict.info.tsaName,
        skewMs: new Date(verdict.info.genTime).getTime() - new Date(record.entry.at).getTime(),
        lastError: undefined,
        rootTrusted: verdict.rootTrusted,
        untrustedRoot: verdict.rootTrusted ? undefined : verdict.reason,
      };
      await updateTimestamp(db, done);
      stamped++;
    } catch (e) {
      const attempts = row.attempts + 1;
      await updateTimestamp(db, {
        ...row,
        attempts,
        lastError: e instanceof Error ? e.message : String(e),
        nextAttemptAt: new Date(now().getTime() + backoffMs(attempts)).toISOString(),
      });
    }
  }
  return stamped;
}
