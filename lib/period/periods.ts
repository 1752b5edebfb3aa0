import type { Cadence, CalendarDuration } from './cadence';
import { daysInMonth, type LocalDate, startOfDay } from './zoned-time';

/** One period of a cadence: from `start` (inclusive) to `end` (exclusive), epoch milliseconds. */
export interface PeriodWindow {
  start: number;
  end: number;
}

/** An audit period: its first and last day (inclusive) in the organisation's time zone. */
export interface AuditPeriod {
  from: LocalDate;
  to: LocalDate;
  timeZone: string;
}

/** Most periods one control may have in an audit period (daily for 27 years). */
export const MAX_PERIODS = 10_000;

/**
 * `date` moved by `k` times `d`, counted from `date` itself (never step by step, so month ends do
 * not drift: 31 January, monthly, gives 28 February, 31 March, 30 April…). Months that lack the day
 * end on their last day.
 */
export function addDuration(date: LocalDate, d: CalendarDuration, k: number): LocalDate {
  const monthIndex = date.year * 12 + (date.month - 1) + k * (d.years * 12 + d.months);
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const day = Math.min(date.day, daysInMonth(year, month));
  const t = new Date(Date.UTC(year, month - 1, day + k * d.days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The audit period as instants: from the first moment of `from` to the first moment after `to`. */
export function auditWindow(p: AuditPeriod): PeriodWindow {
  const start = startOfDay(p.from, p.timeZone);
  const end = startOfDay(addDuration(p.to, { years: 0, months: 0, days: 1 }, 1), p.timeZone);
  if (end <= start) throw new Error('The audit period ends before it starts.');
  return { start, end };
}

/**
 * The periods of a cadence within an audit period, each starting at the first moment of its first
 * day in the period's time zone (daylight-saving changes included: a period is as long as the
 * wall clock says), the last one cut at the audit period's end. An event-driven cadence has one
 * period, the audit period.
 */
export function periodsOf(audit: AuditPeriod, cadence: Cadence): PeriodWindow[] {
  const window = auditWindow(audit);
  if (cadence.kind === 'on-event') return [window];
  const out: PeriodWindow[] = [];
  for (let k = 0; ; k++) {
    const start = startOfDay(addDuration(audit.from, cadence.duration, k), audit.timeZone);
    if (start >= window.end) break;
    if (out.length >= MAX_PERIODS)
      throw new Error(
        `A ${cadence.text} cadence gives more than ${MAX_PERIODS} periods in this audit period; choose a longer cadence or a shorter period.`,
      );
    const next = startOfDay(addDuration(audit.from, cadence.duration, k + 1), audit.timeZone);
    out.push({ start, end: Math.min(next, window.end) });
  }
  return out;
}

/** The index of the period holding an instant, or -1 when none does (binary search: periods are sorted). */
export function periodIndexOf(periods: readonly PeriodWindow[], ms: number): number {
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = periods[mid]!;
    if (ms < p.start) hi = mid - 1;
    else if (ms >= p.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
