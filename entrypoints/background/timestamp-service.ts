import { browser } from 'wxt/browser';
import { getDb } from '../../lib/db/database';
import type { Result } from '../../lib/messaging/protocol';
import { drainTimestampQueue } from '../../lib/tsa/queue';

const ALARM = 'prooftrail-timestamps';
let draining: Promise<number> | undefined;

/** Sends due timestamp requests; one drain at a time. Never awaited by a capture. */
export function drainTimestamps(force = false): Promise<number> {
  draining ??= drainTimestampQueue(getDb(), fetch, () => new Date(), force).finally(() => {
    draining = undefined;
  });
  return draining;
}

/** Retries queued requests every minute, also after the worker was stopped. */
export function registerTimestampRetries(): void {
  void browser.alarms.create(ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void drainTimestamps().catch(() => undefined);
  });
}

/** Message handler: pages ask for a drain after they added ledger entries (deletions, imports). */
export async function handleDrainTimestamps(data: { force?: boolean }): Promise<Result<{ stamped: number }>> {
  try {
    // A drain already running may predate the request; run one more after it when forced.
    if (draining && data.force) await draining.catch(() => 0);
    return { ok: true, value: { stamped: await drainTimestamps(data.force === true) } };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
