import type { Owner, Sensitivity } from '../formats/schedule';
import type { Coverage, CoveragePeriod } from '../period/coverage';
import type { PeriodWindow } from '../period/periods';

/** One framework's coverage, as `frameworkCoverage` (lib/db/schedules-repo.ts) returns it. */
export type FrameworkCoverage = Coverage & { framework: string };

/** A status that asks the control's owner to act. */
export type ReminderStatus = 'due' | 'late';

/**
 * A control whose evidence is wanted now, and the one period a reminder about it names
 * (docs/reminders.md, "What is due when"):
 * - most-recent controls: their one period (the one holding the moment of the check);
 * - every-period controls: the earliest period that is `due` or `late` (the oldest gap, the one an
 *   auditor finds first); `others` counts the control's other `due` or `late` periods.
 */
export interface DueItem {
  controlId: string;
  framework: string;
  cadence: string;
  sensitivity: Sensitivity;
  owner?: Owner;
  /** The audit period's time zone: the period's days are read in it. */
  timeZone: string;
  /** The period the reminder is about. */
  period: PeriodWindow;
  status: ReminderStatus;
  /** The instant the period turns (or turned) late: its end plus the control's tolerance. */
  lateAt: number;
  /** Other periods of this control that are due or late. */
  others: number;
}

const DAY_MS = 86_400_000;

const wanted = (p: CoveragePeriod): p is CoveragePeriod & { status: ReminderStatus } =>
  p.status === 'due' || p.status === 'late';

/**
 * The controls due or late in these coverages, one item per control (first framework listing it
 * wins, should a control ID be scheduled twice), in the coverages' order. `missing` periods (the
 * audit period has closed) and `upcoming` ones are not reminded of.
 */
export function dueItems(coverages: readonly FrameworkCoverage[]): DueItem[] {
  const out: DueItem[] = [];
  const seen = new Set<string>();
  for (const cov of coverages) {
    for (const c of cov.controls) {
      if (seen.has(c.id)) continue;
      const open = c.periods.filter(wanted);
      const first = open[0];
      if (!first) continue;
      seen.add(c.id);
      out.push({
        controlId: c.id,
        framework: cov.framework,
        cadence: c.cadence,
        sensitivity: c.sensitivity,
        ...(c.owner ? { owner: c.owner } : {}),
        timeZone: cov.period.timeZone,
        period: { start: first.start, end: first.end },
        status: first.status,
        lateAt: first.end + c.toleranceDays * DAY_MS,
        others: open.length - 1,
      });
    }
  }
  return out;
}

/** The toolbar badge's count: distinct controls due or late. */
export function badgeCount(items: readonly DueItem[]): number {
  return new Set(items.map((i) => i.controlId)).size;
}
