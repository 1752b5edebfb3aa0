import type { ProofTrailDb } from '../db/database';
import { listLedger } from '../db/ledger-repo';
import { enqueueTimestamps, listTimestamps } from '../db/timestamps-repo';
import { getTsaSettings, setTsaSettings } from '../db/tsa-settings-repo';
import type { CheckedTimestampRow } from './queue';

/** Whether new captures are being timestamped, for the popup and Settings. */
export type StampingStatus =
  /** No TSA is set: nothing proves when captures were made. */
  | { kind: 'off' }
  /** The last attempt for some entries failed: they wait, retried with backoff. */
  | { kind: 'failing'; waiting: number; tsaUrl: string; lastError: string; attempts: number }
  /** Stamping works, but the latest stamp chains to a root that is not trusted (verifiers will warn). */
  | { kind: 'untrusted'; tsaName: string; reason?: string }
  | { kind: 'ok'; waiting: number };

/** What the queue and the settings say about timestamping now. */
export async function stampingStatus(db: ProofTrailDb): Promise<StampingStatus> {
  const [settings, rows] = await Promise.all([getTsaSettings(db), listTimestamps(db)]);
  if (!settings.urls.length) return { kind: 'off' };
  const current = rows.filter((r) => settings.urls.includes(r.tsaUrl)) as CheckedTimestampRow[];
  const pending = current.filter((r) => r.status === 'pending');
  const failed = pending.filter((r) => r.lastError).sort((a, b) => b.seq - a.seq);
  const last = failed[0];
  if (last)
    return {
      kind: 'failing',
      waiting: pending.length,
      tsaUrl: last.tsaUrl,
      lastError: last.lastError!,
      attempts: last.attempts,
    };
  const latest = current.filter((r) => r.status === 'stamped').sort((a, b) => b.seq - a.seq)[0];
  if (latest?.rootTrusted === false)
    return { kind: 'untrusted', tsaName: latest.tsaName ?? latest.tsaUrl, reason: latest.untrustedRoot };
  return { kind: 'ok', waiting: pending.length };
}

/** A match pattern for a TSA's origin (no port: `http://127.0.0.1/*` covers every port). */
export function tsaOriginPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

/**
 * Adds a TSA to Settings and queues a request there for every ledger entry that has no timestamp
 * yet, so earlier captures get one too (proving their time only from when it arrives). The caller
 * has the host permission for its origin and asks the background to drain the queue.
 */
export async function chooseTsa(db: ProofTrailDb, url: string, now = new Date()): Promise<void> {
  const settings = await getTsaSettings(db);
  const { urls } = await setTsaSettings(db, {
    ...settings,
    urls: settings.urls.includes(url) ? settings.urls : [...settings.urls, url],
  });
  await queueUnstamped(db, urls, now);
}

/** Queues, at each of `urls`, every ledger entry that has no stamp yet. Returns how many entries. */
export async function queueUnstamped(
  db: ProofTrailDb,
  urls: readonly string[],
  now = new Date(),
): Promise<number> {
  if (!urls.length) return 0;
  const [ledger, rows] = await Promise.all([listLedger(db), listTimestamps(db)]);
  const stamped = new Set(rows.filter((r) => r.status === 'stamped').map((r) => r.seq));
  let queued = 0;
  for (const { entry } of ledger) {
    if (stamped.has(entry.seq)) continue;
    await enqueueTimestamps(db, entry.seq, urls, now);
    queued++;
  }
  return queued;
}
