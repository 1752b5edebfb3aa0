import {
  type AuditPeriodSetting,
  auditPeriodSchema,
  type ControlSchedule,
  controlScheduleSchema,
} from '../formats/schedule';
import { type Coverage, type CoverageCapture, computeCoverage } from '../period/coverage';
import { readCaptureKeys } from './capture-keys';
import type { ProofTrailDb } from './database';

/** Every control's schedule, by framework then control ID. */
export async function listSchedules(db: ProofTrailDb): Promise<ControlSchedule[]> {
  const rows = await db.schedules.toArray();
  return rows.sort(
    (a, b) =>
      a.framework.localeCompare(b.framework) ||
      a.controlId.localeCompare(b.controlId, 'en', { numeric: true }),
  );
}

/**
 * Stores schedules (replacing those of the same controls) and audit periods (replacing those of the
 * same frameworks) in one transaction, after checking every one: nothing is stored when any is bad.
 */
export async function saveSchedules(
  db: ProofTrailDb,
  schedules: readonly ControlSchedule[],
  periods: readonly AuditPeriodSetting[] = [],
): Promise<void> {
  const rows = schedules.map((s) => controlScheduleSchema.parse(s));
  const ps = periods.map((p) => auditPeriodSchema.parse(p));
  await db.transaction('rw', db.schedules, db.auditPeriods, async () => {
    await db.schedules.bulkPut(rows);
    await db.auditPeriods.bulkPut(ps);
  });
}

/** Removes a control's schedule (its coverage and reminders stop). */
export async function removeSchedule(db: ProofTrailDb, controlId: string): Promise<void> {
  await db.transaction('rw', db.schedules, db.reminders, async () => {
    await db.schedules.delete(controlId);
    await db.reminders.delete(controlId);
  });
}

export async function listAuditPeriods(db: ProofTrailDb): Promise<AuditPeriodSetting[]> {
  return (await db.auditPeriods.toArray()).sort((a, b) => a.framework.localeCompare(b.framework));
}

/** What coverage needs of every stored capture (records of version 1 have no effective date). */
export async function coverageCaptures(db: ProofTrailDb): Promise<CoverageCapture[]> {
  // The packed keys (lib/db/capture-keys.ts), not the full records; coverage orders each
  // period's captures itself.
  return readCaptureKeys(db);
}

/**
 * Coverage of each framework that has both schedules and an audit period, as of `asOf`.
 * Frameworks with schedules but no audit period are named in `withoutPeriod`.
 */
export async function frameworkCoverage(
  db: ProofTrailDb,
  asOf: number,
): Promise<{ coverage: (Coverage & { framework: string })[]; withoutPeriod: string[] }> {
  const [schedules, periods, captures] = await Promise.all([
    listSchedules(db),
    listAuditPeriods(db),
    coverageCaptures(db),
  ]);
  const byFramework = new Map<string, ControlSchedule[]>();
  for (const s of schedules) byFramework.set(s.framework, [...(byFramework.get(s.framework) ?? []), s]);
  const coverage: (Coverage & { framework: string })[] = [];
  const withoutPeriod: string[] = [];
  for (const [framework, list] of byFramework) {
    const p = periods.find((x) => x.framework === framework);
    if (!p) {
      withoutPeriod.push(framework);
      continue;
    }
    coverage.push({
      framework,
      ...computeCoverage({ asOf, period: toAuditPeriod(p), schedules: list, captures }),
    });
  }
  return { coverage, withoutPeriod };
}

/** A stored audit period as the period arithmetic takes it. */
export function toAuditPeriod(p: AuditPeriodSetting) {
  const [fy, fm, fd] = p.from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = p.to.split('-').map(Number) as [number, number, number];
  return {
    from: { year: fy, month: fm, day: fd },
    to: { year: ty, month: tm, day: td },
    timeZone: p.timeZone,
  };
}
