import { describe, expect, it } from 'vitest';
import type { DueItem } from '../../../lib/reminders/due';
import { humanDate, periodDays, reminderText } from '../../../lib/reminders/notification-text';

const zone = 'America/New_York';
const item = (patch: Partial<DueItem>): DueItem => ({
  controlId: 'CC6.1',
  framework: 'SOC 2 (TSC 2017)',
  cadence: 'P1Y',
  sensitivity: 'every-period',
  timeZone: zone,
  // 1 July 2026 00:00 EDT to 1 July 2027 00:00 EDT.
  period: { start: Date.parse('2026-07-01T04:00:00Z'), end: Date.parse('2027-07-01T04:00:00Z') },
  status: 'due',
  lateAt: Date.parse('2027-07-01T04:00:00Z'),
  others: 0,
  ...patch,
});

describe('reminder text', () => {
  it("reads days in the audit period's zone, across a year end, with no tolerance", () => {
    expect(periodDays(item({}))).toBe('1 Jul 2026 – 30 Jun 2027');
    const t = reminderText(item({}));
    expect(t.title).toBe('CC6.1 evidence due: no owner set');
    expect(t.message).toBe('P1Y period 1 Jul 2026 – 30 Jun 2027: no evidence yet; due by 30 Jun 2027.');
    expect(t.context).toBe('SOC 2 (TSC 2017)');
  });

  it('names a one-day period once, and counts the other open periods', () => {
    const day = item({
      cadence: 'daily',
      period: { start: Date.parse('2026-11-02T05:00:00Z'), end: Date.parse('2026-11-03T05:00:00Z') },
      lateAt: Date.parse('2026-11-03T05:00:00Z'),
      status: 'late',
      others: 3,
      owner: { name: 'Chen Wu', email: 'chen@example.test' },
    });
    const t = reminderText(day, 'Logical access security');
    expect(t.title).toBe('CC6.1 evidence late: Chen Wu');
    expect(t.message).toBe(
      'Logical access security. Daily period 2 Nov 2026: no evidence; late since 3 Nov 2026. 3 more periods are due or late.',
    );
    expect(t.context).toBe('SOC 2 (TSC 2017) · chen@example.test');
  });

  it('writes dates the same in every locale', () => {
    expect(humanDate('2026-02-28')).toBe('28 Feb 2026');
    expect(() => humanDate('2026-02-30')).toThrow('"2026-02-30" is not a date');
  });
});
