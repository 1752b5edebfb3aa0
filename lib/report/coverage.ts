// Splits a report's period into buckets and counts captures in each, so a week or month with no
// evidence stands out. All arithmetic is in UTC.

export interface CoverageBucket {
  /** Short heading: `5 Jan` for a week (its first day), `Jan 2026` for a month. */
  label: string;
  /** Start, inclusive (UTC ISO-8601). */
  from: string;
  /** End, exclusive; for the last bucket the period's end, inclusive. */
  to: string;
  count: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Periods up to this long are shown by week, longer ones by calendar month. */
export const WEEKLY_MAX_MS = 16 * WEEK_MS;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Whether {@link coverageBuckets} splits this period by week or by calendar month. */
export function coverageUnit(period: { from: string; to: string }): 'week' | 'month' {
  return Date.parse(period.to) - Date.parse(period.from) <= WEEKLY_MAX_MS ? 'week' : 'month';
}

/**
 * The period as buckets with the number of `capturedAts` in each. Up to 16 weeks: 7-day buckets
 * counted from the period's start (the last one may be shorter). Longer: calendar months, the first
 * and last clipped to the period. Each bucket is `[from, to)` except that the last one also takes
 * an instant equal to the period's end, since a period made from first to last capture ends on a
 * capture. Instants outside the period, or that do not parse, are not counted. An unreadable
 * period, or one that ends before it starts, gives no buckets.
 */
export function coverageBuckets(
  period: { from: string; to: string },
  capturedAts: string[],
): CoverageBucket[] {
  const start = Date.parse(period.from);
  const end = Date.parse(period.to);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return [];

  const weekly = coverageUnit(period) === 'week';
  const starts = weekly ? weekStarts(start, end) : monthStarts(start, end);
  const counts = new Array<number>(starts.length).fill(0);
  for (const at of capturedAts) {
    const t = Date.parse(at);
    if (Number.isNaN(t) || t < start || t > end) continue;
    counts[lastAtOrBefore(starts, t)]! += 1;
  }
  return starts.map((from, i) => ({
    label: weekly ? weekLabel(from) : monthLabel(from),
    from: new Date(from).toISOString(),
    to: new Date(starts[i + 1] ?? end).toISOString(),
    count: counts[i]!,
  }));
}

function weekStarts(start: number, end: number): number[] {
  const out = [start];
  for (let t = start + WEEK_MS; t < end; t += WEEK_MS) out.push(t);
  return out;
}

function monthStarts(start: number, end: number): number[] {
  const out = [start];
  const d = new Date(start);
  for (let m = d.getUTCMonth() + 1; ; m++) {
    const t = Date.UTC(d.getUTCFullYear(), m, 1);
    if (t >= end) return out;
    out.push(t);
  }
}

/** Index of the last start at or before `t` (starts ascending, `t` ≥ the first). */
function lastAtOrBefore(starts: number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function weekLabel(t: number): string {
  const d = new Date(t);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

function monthLabel(t: number): string {
  const d = new Date(t);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
