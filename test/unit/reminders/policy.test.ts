import { describe, expect, it } from 'vitest';
import type { DueItem } from '../../../lib/reminders/due';
import { heldBack, notified, REPEAT_AFTER_MS, snoozed, toNotify } from '../../../lib/reminders/policy';

const item = (controlId: string, start: number): DueItem => ({
  controlId,
  framework: 'F',
  cadence: 'monthly',
  sensitivity: 'every-period',
  timeZone: 'UTC',
  period: { start, end: start + 30 * 86_400_000 },
  status: 'due',
  lateAt: start + 37 * 86_400_000,
  others: 0,
});
const T = Date.parse('2026-05-01T00:00:00Z');

describe('when a due item is notified', () => {
  it('never before, once, then again 24 hours later', () => {
    const i = item('C1', T);
    expect(heldBack(i, undefined, T)).toBeUndefined();
    const row = notified(undefined, i, T + 5);
    expect(row).toEqual({ controlId: 'C1', notifiedAt: T + 5, notifiedPeriodStart: T });
    expect(heldBack(i, row, T + 5 + REPEAT_AFTER_MS - 1)).toBe('notified within the last 24 hours');
    expect(heldBack(i, row, T + 5 + REPEAT_AFTER_MS)).toBeUndefined();
    // Another period of the same control is not held back by this one's notification.
    expect(heldBack(item('C1', T + 1), row, T + 6)).toBeUndefined();
  });

  it('not while snoozed; a snooze outlives later notifications of other periods until it ends', () => {
    const i = item('C1', T);
    const s = snoozed(undefined, 'C1', 86_400_000, T);
    expect(heldBack(i, s, T + 86_400_000 - 1)).toBe('snoozed');
    expect(heldBack(i, s, T + 86_400_000)).toBeUndefined();
    expect(notified(s, i, T + 10)).toMatchObject({ snoozedUntil: T + 86_400_000 });
    expect(notified(s, i, T + 86_400_000)).not.toHaveProperty('snoozedUntil');
    expect(toNotify([i, item('C2', T)], [s], T + 1).map((x) => x.controlId)).toEqual(['C2']);
  });

  it('refuses a snooze that is not a positive duration', () => {
    expect(() => snoozed(undefined, 'C1', 0, T)).toThrow(
      'A snooze must be a positive number of milliseconds, not 0.',
    );
    expect(() => snoozed(undefined, 'C1', Number.NaN, T)).toThrow(/not NaN/);
  });
});
