import type { ReminderRow } from '../db/period-types';
import type { DueItem } from './due';

const HOUR_MS = 3_600_000;
/** The same control and period is notified at most once in this long. */
export const REPEAT_AFTER_MS = 24 * HOUR_MS;

/** The snoozes a notification offers, in the order of its buttons. */
export const SNOOZES = [
  { label: 'Snooze 1 day', ms: 24 * HOUR_MS },
  { label: 'Snooze 1 week', ms: 7 * 24 * HOUR_MS },
] as const;

/** Why an item is not notified now, or undefined when it is. */
export function heldBack(item: DueItem, row: ReminderRow | undefined, now: number): string | undefined {
  if (row?.snoozedUntil !== undefined && now < row.snoozedUntil) return 'snoozed';
  if (
    row?.notifiedAt !== undefined &&
    row.notifiedPeriodStart === item.period.start &&
    now < row.notifiedAt + REPEAT_AFTER_MS
  )
    return 'notified within the last 24 hours';
  return undefined;
}

/**
 * The items to notify now: every due or late control, except those snoozed (until the snooze ends)
 * and those whose same period was notified less than 24 hours ago. A new period (the earlier one
 * was filled or a new one fell due) is notified at once.
 */
export function toNotify(items: readonly DueItem[], rows: readonly ReminderRow[], now: number): DueItem[] {
  const byControl = new Map(rows.map((r) => [r.controlId, r]));
  return items.filter((i) => heldBack(i, byControl.get(i.controlId), now) === undefined);
}

/** The control's row after its notification was shown (a snooze that has ended is dropped). */
export function notified(row: ReminderRow | undefined, item: DueItem, now: number): ReminderRow {
  const keep =
    row?.snoozedUntil !== undefined && now < row.snoozedUntil ? { snoozedUntil: row.snoozedUntil } : {};
  return { controlId: item.controlId, ...keep, notifiedAt: now, notifiedPeriodStart: item.period.start };
}

/** The control's row snoozed for `ms` from `now` (its last notification kept). */
export function snoozed(
  row: ReminderRow | undefined,
  controlId: string,
  ms: number,
  now: number,
): ReminderRow {
  if (!(ms > 0)) throw new Error(`A snooze must be a positive number of milliseconds, not ${ms}.`);
  return { ...row, controlId, snoozedUntil: now + ms };
}
