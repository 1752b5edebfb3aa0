import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProofTrailDb } from '../../../lib/db/database';
import { removeSchedule } from '../../../lib/db/schedules-repo';
import { formatInZone } from '../../../lib/period/zoned-time';
import { BADGE_DUE_COLOR, BADGE_LATE_COLOR } from '../../../lib/reminders/badge';
import { planReminders, recordNotified, snoozeControl } from '../../../lib/reminders/plan';
import { SNOOZES } from '../../../lib/reminders/policy';
import { freshDb } from '../helpers';
import { BERLIN, captureFor, seedAuditYear } from './fixture';

let db: ProofTrailDb;
beforeEach(async () => {
  // Only the clock is faked: fake-indexeddb schedules its work on real timers.
  vi.useFakeTimers({ toFake: ['Date'] });
  db = freshDb();
  vi.setSystemTime(new Date('2025-12-01T00:00:00Z'));
  await seedAuditYear(db);
});
afterEach(() => {
  vi.useRealTimers();
});

/** The plan as the worker would make it with the clock at `iso`. */
async function at(iso: string) {
  vi.setSystemTime(new Date(iso));
  return planReminders(db, Date.now());
}
const summary = (p: Awaited<ReturnType<typeof at>>) =>
  p.items.map(
    (i) =>
      `${i.controlId} ${i.status} ${formatInZone(i.period.start, BERLIN).slice(0, 10)}${i.others ? ` +${i.others}` : ''}`,
  );

describe('what is due when (Berlin audit year 2026)', () => {
  it('nothing is due one second before the audit period starts; everything at its first moment', async () => {
    // 1 January 2026 00:00 in Berlin is 23:00 UTC the day before.
    const before = await at('2025-12-31T22:59:59Z');
    expect(before.items).toEqual([]);
    expect(before.badge).toEqual({ text: '', color: BADGE_DUE_COLOR });
    expect(before.notify).toEqual([]);

    const first = await at('2025-12-31T23:00:00Z');
    expect(summary(first)).toEqual([
      'A.5.15 due 2026-01-01',
      'A.5.18 due 2026-01-01',
      'A.8.15 due 2026-01-01',
    ]);
    expect(first.badge.text).toBe('3');
    expect(first.badge.color).toBe(BADGE_DUE_COLOR);
    expect(first.badge.title).toBe('ProofTrail: evidence for 3 controls due or late');
    expect(first.notify.map((n) => n.item.controlId)).toEqual(['A.5.15', 'A.5.18', 'A.8.15']);
  });

  it('a quarter turns late at the end of its tolerance, in summer time, and the reminder stays on it', async () => {
    // Q1 ends 1 April 00:00 CEST (31 March 22:00 UTC); 7 days' tolerance: late from 8 April 00:00 CEST.
    const lastDueSecond = await at('2026-04-07T21:59:59Z');
    expect(summary(lastDueSecond)).toContain('A.5.18 due 2026-01-01 +1');
    const late = await at('2026-04-07T22:00:00Z');
    expect(summary(late)).toContain('A.5.18 late 2026-01-01 +1');
    expect(late.badge.color).toBe(BADGE_LATE_COLOR);
    expect(late.badge.title).toBe('ProofTrail: evidence for 3 controls due or late (1 late)');
  });

  it('evidence for the oldest open quarter moves the reminder to the next one', async () => {
    // Signed on 8 April, effective 31 March: it fills Q1 (the review happened then).
    await captureFor(db, 'A.5.18', '2026-04-08T09:00:00Z', '2026-03-31');
    expect(summary(await at('2026-04-08T10:00:00Z'))).toContain('A.5.18 due 2026-04-01');
    // A capture signed one second before midnight of 30 June (Berlin) fills Q2.
    await captureFor(db, 'A.5.18', '2026-06-30T21:59:59Z');
    expect(summary(await at('2026-07-01T10:00:00Z'))).toContain('A.5.18 due 2026-07-01');
  });

  it('a capture signed after the check does not count yet', async () => {
    await captureFor(db, 'A.5.15', '2026-05-02T12:00:00Z');
    expect(summary(await at('2026-05-02T11:59:59Z'))).toContain('A.5.15 due 2026-01-01');
    expect(summary(await at('2026-05-02T12:00:00Z'))).not.toContain('A.5.15 due 2026-01-01');
  });

  it('a most-recent control is about its current month only; a missed month is not chased', async () => {
    await captureFor(db, 'A.8.15', '2026-01-15T10:00:00Z');
    expect(summary(await at('2026-01-31T22:59:59Z')).filter((s) => s.startsWith('A.8.15'))).toEqual([]);
    // 1 February 00:00 CET: a new month, nothing yet for it.
    expect(summary(await at('2026-01-31T23:00:00Z'))).toContain('A.8.15 due 2026-02-01');
  });

  it('after the audit period and its tolerance, gaps are missing and no longer reminded', async () => {
    // 8 January 2027 00:00 CET: A.5.18's 7 days are over (its open quarters are missing), A.8.15
    // had none; A.5.15's one period ends with the audit period and has 14 days: still due.
    const p = await at('2027-01-07T23:00:00Z');
    expect(summary(p)).toEqual(['A.5.15 due 2026-01-01']);
    expect(p.badge).toMatchObject({ text: '1', color: BADGE_DUE_COLOR });
    expect(p.next).toBe(Date.parse('2027-01-14T23:00:00Z'));
    const after = await at('2027-01-14T23:00:00Z');
    expect(after.items).toEqual([]);
    expect(after.badge.text).toBe('');
    expect(after.next).toBeUndefined();
  });

  it('a removed schedule stops its reminders', async () => {
    await removeSchedule(db, 'A.5.18');
    expect(summary(await at('2026-02-01T10:00:00Z')).map((s) => s.split(' ')[0])).toEqual([
      'A.5.15',
      'A.8.15',
    ]);
  });
});

describe('notifications over time', () => {
  const shown = (p: Awaited<ReturnType<typeof at>>) => p.notify.map((n) => n.item.controlId);

  it('are not repeated for the same control and period within 24 hours', async () => {
    const t0 = '2026-02-10T08:00:00Z';
    const first = await at(t0);
    expect(shown(first)).toEqual(['A.5.15', 'A.5.18', 'A.8.15']);
    await recordNotified(
      db,
      first.notify.map((n) => n.item),
      Date.now(),
    );
    const soon = await at('2026-02-11T07:59:59Z');
    expect(shown(soon)).toEqual([]);
    // The badge still counts them: it shows what is due, not what was announced.
    expect(soon.badge.text).toBe('3');
    // The next check is when the 24 hours are up.
    expect(soon.next).toBe(Date.parse('2026-02-11T08:00:00Z'));
    expect(shown(await at('2026-02-11T08:00:00Z'))).toEqual(['A.5.15', 'A.5.18', 'A.8.15']);
  });

  it('a new period is notified at once, even within the 24 hours', async () => {
    const first = await at('2026-01-31T20:00:00Z');
    await recordNotified(
      db,
      first.notify.map((n) => n.item),
      Date.now(),
    );
    // A.8.15 (most recent, monthly) moves to February at midnight Berlin; the others stay quiet.
    expect(shown(await at('2026-01-31T23:00:00Z'))).toEqual(['A.8.15']);
  });

  it('a snooze silences one control until it ends; the badge still counts it', async () => {
    const first = await at('2026-03-02T09:00:00Z');
    await recordNotified(
      db,
      first.notify.map((n) => n.item),
      Date.now(),
    );
    vi.setSystemTime(new Date('2026-03-02T10:00:00Z'));
    const row = await snoozeControl(db, 'A.5.18', SNOOZES[1].ms, Date.now());
    expect(row.snoozedUntil).toBe(Date.parse('2026-03-09T10:00:00Z'));
    await snoozeControl(db, 'A.8.15', SNOOZES[0].ms, Date.now());

    const nextDay = await at('2026-03-03T09:00:00Z');
    expect(shown(nextDay)).toEqual(['A.5.15']);
    expect(nextDay.badge.text).toBe('3');
    await recordNotified(
      db,
      nextDay.notify.map((n) => n.item),
      Date.now(),
    );
    // The day's snooze ends at 10:00; the next check is then.
    expect((await at('2026-03-03T09:30:00Z')).next).toBe(Date.parse('2026-03-03T10:00:00Z'));
    expect(shown(await at('2026-03-03T10:00:00Z'))).toEqual(['A.8.15']);
    expect(shown(await at('2026-03-09T09:59:59Z'))).not.toContain('A.5.18');
    expect(shown(await at('2026-03-09T10:00:00Z'))).toContain('A.5.18');
  });

  it('notifications name the control, its status, its owner and the period', async () => {
    const p = await at('2026-04-08T06:00:00Z');
    const q = p.notify.find((n) => n.item.controlId === 'A.5.18')!;
    expect(q.text.title).toBe('A.5.18 evidence late: Dana Reyes');
    expect(q.text.message).toBe(
      'Access rights granted, reviewed and removed. Quarterly period 1 Jan – 31 Mar 2026: no evidence; late since 8 Apr 2026. 1 more period is due or late.',
    );
    expect(q.text.context).toBe('ISO/IEC 27001:2022 · dana@example.test');
    const e = p.notify.find((n) => n.item.controlId === 'A.5.15')!;
    expect(e.text.title).toBe('A.5.15 evidence due: no owner set');
    expect(e.text.message).toBe(
      'Access control rules based on business need. Audit period 1 Jan – 31 Dec 2026: no evidence yet; due by 14 Jan 2027.',
    );
  });
});
