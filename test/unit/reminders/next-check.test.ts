import { beforeAll, describe, expect, it } from 'vitest';
import type { ProofTrailDb } from '../../../lib/db/database';
import { frameworkCoverage } from '../../../lib/db/schedules-repo';
import { dueItems } from '../../../lib/reminders/due';
import { nextCheckAt } from '../../../lib/reminders/next-check';
import { freshDb } from '../helpers';
import { seedAuditYear } from './fixture';

let db: ProofTrailDb;
beforeAll(async () => {
  db = freshDb();
  await seedAuditYear(db);
});

/** The next check from `iso` with nothing notified or snoozed: the next status change. */
async function nextFrom(iso: string) {
  const now = Date.parse(iso);
  const { coverage } = await frameworkCoverage(db, now);
  const next = nextCheckAt({ coverages: coverage, items: dueItems(coverage), rows: [], now });
  return next === undefined ? undefined : new Date(next).toISOString();
}

describe('the next check (Berlin audit year 2026)', () => {
  it.each([
    // Before the audit period: its first moment (1 January 00:00 CET).
    ['2025-11-15T12:00:00Z', '2025-12-31T23:00:00.000Z'],
    // Mid-January: A.8.15's month ends at 1 February 00:00 CET.
    ['2026-01-15T12:00:00Z', '2026-01-31T23:00:00.000Z'],
    // The last hour of March (summer time since 29 March): Q1 and March end at 1 April 00:00 CEST.
    ['2026-03-31T21:00:00Z', '2026-03-31T22:00:00.000Z'],
    // The last hour of Q1's tolerance: it turns late at 8 April 00:00 CEST.
    ['2026-04-07T21:00:00Z', '2026-04-07T22:00:00.000Z'],
    // After the audit period: A.5.18's tolerance ends 8 January 2027 00:00 CET, A.5.15's on the 15th.
    ['2027-01-03T00:00:00Z', '2027-01-07T23:00:00.000Z'],
    ['2027-01-10T00:00:00Z', '2027-01-14T23:00:00.000Z'],
    ['2027-02-01T00:00:00Z', undefined],
  ])('from %s: %s', async (from, next) => {
    await expect(nextFrom(from)).resolves.toBe(next);
  });

  it('a snooze ending, or 24 hours after a notification, comes first when sooner', async () => {
    const now = Date.parse('2026-01-15T12:00:00Z');
    const { coverage } = await frameworkCoverage(db, now);
    const items = dueItems(coverage);
    const a518 = items.find((i) => i.controlId === 'A.5.18')!;
    const rows = [
      { controlId: 'A.5.18', notifiedAt: now - 3_600_000, notifiedPeriodStart: a518.period.start },
      { controlId: 'A.5.15', snoozedUntil: now + 7_200_000 },
    ];
    expect(nextCheckAt({ coverages: coverage, items, rows, now })).toBe(now + 7_200_000);
    // A notification about another period (an earlier, filled one) sets no repeat time.
    const stale = [{ controlId: 'A.5.18', notifiedAt: now - 3_600_000, notifiedPeriodStart: 0 }];
    expect(nextCheckAt({ coverages: coverage, items, rows: stale, now })).toBe(
      Date.parse('2026-01-31T23:00:00Z'),
    );
  });
});
