import type { ReminderRow } from '../db/period-types';
import { parseCadence } from '../period/cadence';
import { auditWindow, periodsOf } from '../period/periods';
import type { DueItem, FrameworkCoverage } from './due';
import { REPEAT_AFTER_MS } from './policy';

const DAY_MS = 86_400_000;

/**
 * The first instant after `now` at which what is due, or what may be notified, can change without
 * anything being stored: a period starting (upcoming turns due; a most-recent control moves to the
 * next period), a period's end plus its tolerance (due turns late), the audit period's end plus the
 * tolerance (late turns missing), a snooze ending, or 24 hours after a due item was last notified.
 * Undefined when none is ahead.
 */
export function nextCheckAt(input: {
  coverages: readonly FrameworkCoverage[];
  items: readonly DueItem[];
  rows: readonly ReminderRow[];
  now: number;
}): number | undefined {
  const { now } = input;
  let next = Number.POSITIVE_INFINITY;
  const consider = (t: number | undefined) => {
    if (t !== undefined && t > now && t < next) next = t;
  };
  for (const cov of input.coverages) {
    const audit = auditWindow(cov.period);
    for (const c of cov.controls) {
      const tolerance = c.toleranceDays * DAY_MS;
      consider(audit.end + tolerance);
      for (const w of periodsOf(cov.period, parseCadence(c.cadence))) {
        if (w.end + tolerance <= now) continue;
        consider(w.start);
        consider(w.end);
        consider(w.end + tolerance);
      }
    }
  }
  const rows = new Map(input.rows.map((r) => [r.controlId, r]));
  for (const item of input.items) {
    const row = rows.get(item.controlId);
    consider(row?.snoozedUntil);
    if (row?.notifiedAt !== undefined && row.notifiedPeriodStart === item.period.start)
      consider(row.notifiedAt + REPEAT_AFTER_MS);
  }
  return Number.isFinite(next) ? next : undefined;
}
