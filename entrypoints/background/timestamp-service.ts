import { browser } from 'wxt/browser';
import { getDb } from '../../lib/db/database';
import type { Result } from '../../lib/messaging/protocol';
import { drainTimestampQueue } from '../../lib/tsa/queue';

const ALARM = 'prooftrail-timestamps';
let draining: Promise<number> | undefined;

/** Sends due timestamp requests; one drain at a time. Never awaited by a capture. */
export function drainTimestamps(): Promise<number> {
  draining ??= drainTimestampQueue(getDb()).finally(() => {
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
export async function handleDrainTimestamps(): Promise<Result<{ stamped: number }>> {
  try {
    return { ok: true, value: { stamped: await drainTimestamps() } };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
