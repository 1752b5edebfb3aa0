import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProofTrailDb } from '../../../lib/db/database';
import {
  INPUTS_CHANGED_KEY,
  STORE_INPUTS_CHANGED_KEY,
  signalReminderInputChanges,
  touchesReminderInputs,
} from '../../../lib/reminders/input-signal';
import { seedAuditYear } from './fixture';

afterEach(() => {
  delete (globalThis as { chrome?: unknown }).chrome;
});

describe('the signal that what is due changed', () => {
  it('names the schedules, audit periods and captures of this database only', () => {
    expect(touchesReminderInputs({ 'idb://prooftrail/schedules/': {} }, 'prooftrail')).toBe(true);
    expect(touchesReminderInputs({ 'idb://prooftrail/captures/controlIds': {} }, 'prooftrail')).toBe(true);
    expect(touchesReminderInputs({ 'idb://prooftrail/auditPeriods/:dels': {} }, 'prooftrail')).toBe(true);
    expect(touchesReminderInputs({ 'idb://prooftrail/settings/': {} }, 'prooftrail')).toBe(false);
    expect(touchesReminderInputs({ 'idb://prooftrail/reminders/': {} }, 'prooftrail')).toBe(false);
    expect(touchesReminderInputs({ 'idb://other/schedules/': {} }, 'prooftrail')).toBe(false);
  });

  it('bumps the session key after a committed write to schedules, not after other writes', async () => {
    const set = vi.fn(async (_items: Record<string, unknown>) => undefined);
    (globalThis as { chrome?: unknown }).chrome = { storage: { session: { set } } };
    const name = `signal-${crypto.randomUUID()}`;
    signalReminderInputChanges(name);
    const db = new ProofTrailDb(name);
    // Creating the database announces every table as changed; start counting after it.
    await db.open();
    set.mockClear();
    await db.settings.put({ key: 'x', value: 1 });
    expect(set).not.toHaveBeenCalled();
    await seedAuditYear(db);
    expect(set).toHaveBeenCalledTimes(1);
    const value = set.mock.calls[0]![0][INPUTS_CHANGED_KEY];
    expect(value).toMatch(/^\d+:[0-9a-f-]{36}$/);
    await seedAuditYear(db);
    // Each bump differs, so storage reports every one.
    expect(set.mock.calls[1]![0][INPUTS_CHANGED_KEY]).not.toBe(value);
    expect(set.mock.calls[1]![0]).not.toHaveProperty(STORE_INPUTS_CHANGED_KEY);

    // A ledger entry (every capture, deletion, import) or a timestamp reply: the team store's key.
    set.mockClear();
    await db.timestamps.put({
      seq: 1,
      tsaUrl: 'https://tsa.example',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: '',
    });
    expect(set).toHaveBeenCalledTimes(1);
    expect(Object.keys(set.mock.calls[0]![0])).toEqual([STORE_INPUTS_CHANGED_KEY]);
  });
});
