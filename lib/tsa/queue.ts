import type { ProofTrailDb } from '../db/database';
import { dueTimestamps, updateTimestamp } from '../db/timestamps-repo';
import type { TimestampRow } from '../db/types';
import { entryBytes } from '../ledger/entry-bytes';
import { buildTimeStampRequest } from './request';
import { readTimeStampResponse } from './response';

/** Waits before the next try: 30 s, 1, 2, 5, 15 min, then hourly. */
export function backoffMs(attempts: number): number {
  return [30_000, 60_000, 120_000, 300_000, 900_000][attempts - 1] ?? 3_600_000;
}

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Sends every due request (only the SHA-256 of an entry's bytes leaves the device), stores each
 * token after checking it stamps that entry, and reschedules failures with backoff. A TSA that is
 * down never loses a request; captures never wait for this.
 */
export async function drainTimestampQueue(
  db: ProofTrailDb,
  fetcher: Fetcher = fetch,
  now: () => Date = () => new Date(),
  /** Retry everything pending now, backoff or not (the user asked: an export is waiting). */
  force = false,
): Promise<number> {
  let stamped = 0;
  for (const row of await dueTimestamps(db, force ? new Date(8.64e15) : now())) {
    const record = await db.ledger.get(row.seq);
    if (!record) continue;
    try {
      const bytes = entryBytes(record.entry);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      const res = await fetcher(row.tsaUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query' },
        body: buildTimeStampRequest(digest),
        signal: AbortSignal.timeout(20_000),
      });
      if (!res.ok) throw new Error(`the TSA answered HTTP ${res.status}`);
      const der = await res.arrayBuffer();
      const info = readTimeStampResponse(der);
      const expected = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
      if (info.imprint !== expected) throw new Error('the TSA stamped a different hash');
      const done: TimestampRow = {
        ...row,
        status: 'stamped',
        attempts: row.attempts + 1,
        token: new Uint8Array(der),
        genTime: info.genTime,
        tsaName: info.tsaName,
        skewMs: new Date(info.genTime).getTime() - new Date(record.entry.at).getTime(),
        lastError: undefined,
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
