import type { ControlSchedule, Owner, Sensitivity } from '../formats/schedule';
import { parseCadence } from './cadence';
import { type AuditPeriod, auditWindow, type PeriodWindow, periodIndexOf, periodsOf } from './periods';
import { formatDate, parseDate, startOfDay, wallClock } from './zoned-time';

/** A period's state (docs/coverage-format.md, "Statuses"). */
export const COVERAGE_STATUSES = ['present', 'missing', 'due', 'late', 'upcoming'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

/** What coverage needs of a capture. */
export interface CoverageCapture {
  id: string;
  controlIds: readonly string[];
  /** Signed capture time, UTC ISO 8601. */
  capturedAt: string;
  /** When the activity happened (YYYY-MM-DD), when the capturer said so. */
  effectiveDate?: string;
}

export interface CoveragePeriod extends PeriodWindow {
  status: CoverageStatus;
  /** Captures counted for this period, oldest first. */
  captureIds: string[];
}

export interface ControlCoverage {
  id: string;
  framework: string;
  cadence: string;
  sensitivity: Sensitivity;
  owner?: Owner;
  toleranceDays: number;
  periods: CoveragePeriod[];
}

export interface Coverage {
  asOf: number;
  period: AuditPeriod;
  controls: ControlCoverage[];
  counts: Record<CoverageStatus, number>;
}

const DAY_MS = 86_400_000;

/**
 * Coverage of `schedules` over one audit period as of an instant. A capture counts for a control it
 * is tagged to, in the period holding its effective date's first moment (in the period's time
 * zone) when it has one, else its signed capture time; captures signed after `asOf` are not yet
 * known and do not count. Every period of a cadence (every-period sensitivity), or only the one
 * holding `asOf` (most-recent), gets a status:
 * - `present`: at least one capture counts for it;
 * - `upcoming`: it starts after `asOf`;
 * - `due`: it has started and `asOf` is before its end plus the tolerance;
 * - `late`: past its end plus the tolerance while the audit period (plus the tolerance) still runs:
 *   overdue, and a capture with an effective date inside it still fills it;
 * - `missing`: past its end plus the tolerance after the audit period has closed: a gap.
 */
export function computeCoverage(input: {
  asOf: number;
  period: AuditPeriod;
  schedules: readonly ControlSchedule[];
  captures: readonly CoverageCapture[];
}): Coverage {
  const { asOf, period } = input;
  const audit = auditWindow(period);
  const wanted = new Map(input.schedules.map((s) => [s.controlId, [] as Counted[]]));
  const effective = new Map<string, number>();
  for (const c of input.captures) {
    const signed = Date.parse(c.capturedAt);
    if (!(signed <= asOf)) continue;
    let at = signed;
    if (c.effectiveDate) {
      let t = effective.get(c.effectiveDate);
      if (t === undefined) {
        t = startOfDay(parseDate(c.effectiveDate), period.timeZone);
        effective.set(c.effectiveDate, t);
      }
      at = t;
    }
    for (const id of c.controlIds) wanted.get(id)?.push({ id: c.id, at, signed });
  }

  const counts = Object.fromEntries(COVERAGE_STATUSES.map((s) => [s, 0])) as Record<CoverageStatus, number>;
  // Controls of the same cadence share their periods (read only below), computed once per call.
  const byCadence = new Map<string, PeriodWindow[]>();
  const periodsFor = (text: string) => {
    const cadence = parseCadence(text);
    const key = cadence.kind === 'on-event' ? 'on-event' : cadence.text;
    let list = byCadence.get(key);
    if (!list) {
      list = periodsOf(period, cadence);
      byCadence.set(key, list);
    }
    return list;
  };
  const controls = input.schedules.map((s): ControlCoverage => {
    const all = periodsFor(s.cadence);
    const windows = s.sensitivity === 'most-recent' ? [currentOf(all, asOf)] : all;
    const found = windows.map(() => [] as Counted[]);
    for (const c of wanted.get(s.controlId) ?? []) {
      const i = periodIndexOf(windows, c.at);
      if (i >= 0) found[i]!.push(c);
    }
    const tolerance = s.toleranceDays * DAY_MS;
    const periods = windows.map((w, i): CoveragePeriod => {
      const list = found[i]!.sort((a, b) => a.signed - b.signed || a.id.localeCompare(b.id));
      const status = statusOf(w, list.length, asOf, tolerance, audit.end);
      counts[status] += 1;
      return { start: w.start, end: w.end, status, captureIds: list.map((c) => c.id) };
    });
    return {
      id: s.controlId,
      framework: s.framework,
      cadence: s.cadence,
      sensitivity: s.sensitivity,
      ...(s.owner ? { owner: s.owner } : {}),
      toleranceDays: s.toleranceDays,
      periods,
    };
  });
  return { asOf, period, controls, counts };
}

interface Counted {
  id: string;
  /** The instant it counts at (effective date or capture time). */
  at: number;
  signed: number;
}

function statusOf(
  w: PeriodWindow,
  n: number,
  asOf: number,
  tolerance: number,
  auditEnd: number,
): CoverageStatus {
  if (n > 0) return 'present';
  if (asOf < w.start) return 'upcoming';
  if (asOf < w.end + tolerance) return 'due';
  return asOf < auditEnd + tolerance ? 'late' : 'missing';
}

/** The period holding `asOf`; the first before the audit period, the last after it. */
function currentOf(periods: PeriodWindow[], asOf: number): PeriodWindow {
  const i = periodIndexOf(periods, asOf);
  if (i >= 0) return periods[i]!;
  return asOf < periods[0]!.start ? periods[0]! : periods[periods.length - 1]!;
}

/** The first and last day of a window as local dates (the end is exclusive: the day before it). */
export function windowDays(w: PeriodWindow, zone: string): { from: string; to: string } {
  return { from: formatDate(wallClock(w.start, zone)), to: formatDate(wallClock(w.end - 1, zone)) };
}
