import type { ProofTrailDb } from './database';
import type { TimestampRow } from './types';

/** Queues a timestamp request for a ledger entry at each TSA (once per entry and TSA). */
export async function enqueueTimestamps(
  db: ProofTrailDb,
  seq: number,
  tsaUrls: readonly string[],
  now: Date,
): Promise<void> {
  await db.transaction('rw', db.timestamps, async () => {
    for (const tsaUrl of tsaUrls) {
      if (await db.timestamps.get([seq, tsaUrl])) continue;
      await db.timestamps.add({
        seq,
        tsaUrl,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now.toISOString(),
      });
    }
  });
}

/** Requests due now, oldest entry first. */
export async function dueTimestamps(db: ProofTrailDb, now: Date): Promise<TimestampRow[]> {
  const rows = await db.timestamps.where('status').equals('pending').toArray();
  return rows
    .filter((r) => new Date(r.nextAttemptAt).getTime() <= now.getTime())
    .sort((a, b) => a.seq - b.seq);
}

/** Saves the outcome of one attempt. */
export async function updateTimestamp(db: ProofTrailDb, row: TimestampRow): Promise<void> {
  await db.timestamps.put(row);
}

/** Every timestamp row of an entry. */
export function timestampsOf(db: ProofTrailDb, seq: number): Promise<TimestampRow[]> {
  return db.timestamps.where('seq').equals(seq).toArray();
}

/** All timestamp rows, for export and status. */
export function listTimestamps(db: ProofTrailDb): Promise<TimestampRow[]> {
  return db.timestamps.toArray();
}
