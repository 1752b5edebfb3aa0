import { browser } from 'wxt/browser';
import { getDb } from '../../lib/db/database';
import { getDeviceKey } from '../../lib/db/keys-repo';
import { getStoreSettings } from '../../lib/db/store-settings-repo';
import type { Result } from '../../lib/messaging/protocol';
import { STORE_INPUTS_CHANGED_KEY } from '../../lib/reminders/input-signal';
import { planPush } from '../../lib/store/plan-push';
import { type PushOutcome, pushDue } from '../../lib/store/push-objects';
import { S3Client } from '../../lib/store/s3-client';
import { ownerPrefix, retentionLock } from '../../lib/store/store-settings';

const ALARM = 'prooftrail-store';
let pushing: Promise<PushOutcome | undefined> | undefined;
let again = false;

/**
 * Plans what the ledger added since the last push and sends what is due, when this browser is an
 * owner of a team store; one push at a time (a request meanwhile runs one more after it).
 */
export function pushToStore(force = false): Promise<PushOutcome | undefined> {
  if (pushing) {
    again = true;
    return pushing;
  }
  pushing = (async () => {
    const db = getDb();
    const settings = await getStoreSettings(db);
    if (settings?.mode !== 'owner') return undefined;
    const key = await getDeviceKey(db);
    await planPush(db, ownerPrefix(settings, key.fingerprint), key);
    if (force) {
      const now = new Date().toISOString();
      await db.storeObjects.where('state').equals('waiting').modify({ nextAttemptAt: now });
    }
    return pushDue(db, new S3Client(settings, settings), key, { lock: retentionLock(settings) });
  })().finally(() => {
    pushing = undefined;
    if (again) {
      again = false;
      void pushToStore().catch(() => undefined);
    }
  });
  return pushing;
}

/**
 * Wiring: a push shortly after every committed ledger or timestamp change (from any extension
 * context, through the `storage.session` signal), and every minute for retries, also after the
 * worker was stopped.
 */
export function registerStorePush(): void {
  void browser.alarms.create(ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void pushToStore().catch(() => undefined);
  });
  browser.storage.onChanged.addListener((changes, area) => {
    // A moment later: the capture that committed is still sending its reply.
    if (area === 'session' && STORE_INPUTS_CHANGED_KEY in changes)
      setTimeout(() => void pushToStore().catch(() => undefined), 200);
  });
}

/** Message handler: Settings and the library ask for a push now; `force` retries those backing off. */
export async function handlePushToStore(data: { force?: boolean }): Promise<Result<PushOutcome | null>> {
  try {
    if (pushing && data.force) await pushing.catch(() => undefined);
    return { ok: true, value: (await pushToStore(data.force === true)) ?? null };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
