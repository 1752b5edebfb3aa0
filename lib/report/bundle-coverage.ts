// Coverage as a bundle states it: the library's schedules and audit periods, applied to the
// captures the bundle carries and to nothing else, so an auditor can recount every cell.

import type { AuditPeriodSetting, ControlSchedule } from '../formats/schedule';
import { type CoverageCapture, computeCoverage } from '../period/coverage';
import type { AuditPeriod } from '../period/periods';
import { formatInZone, parseDate } from '../period/zoned-time';
import {
  NO_CADENCE,
  type ReportControlCoverage,
  type ReportCoverage,
  type ReportFrameworkCoverage,
} from './model';

export interface BundleCoverageInput {
  /** The export time: coverage is as of this instant. */
  asOf: string;
  schedules: readonly ControlSchedule[];
  periods: readonly AuditPeriodSetting[];
  /** The bundle's captures, each with the controls it is filed under in the bundle. */
  captures: readonly CoverageCapture[];
  /** The scope's control IDs (frameworks folded in); undefined: every control. */
  scopeControlIds?: readonly string[];
  /** Frameworks picked in the scope, if any. */
  scopeFrameworks?: readonly string[];
  /** The framework of each control ID known to the library (catalogs and captures' tags). */
  frameworkOf: ReadonlyMap<string, string>;
}

const byId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Coverage of every framework in scope that has at least one schedule and an audit period;
 * undefined when there is none. A framework is in scope when the scope takes every control, names
 * the framework, or names one of its scheduled controls. Its rows: each scheduled control in scope,
 * one row per period (computeCoverage as of the export); then each control of the framework in scope
 * (named by the scope or filed in the bundle) that has no schedule, as one "no cadence set" row over
 * the whole audit period with the bundle's captures that fall in it.
 */
export function bundleCoverage(input: BundleCoverageInput): ReportCoverage | undefined {
  const asOf = Date.parse(input.asOf);
  if (Number.isNaN(asOf)) throw new Error(`Coverage: the export time "${input.asOf}" is not a date.`);
  const inScope = (id: string) => !input.scopeControlIds || input.scopeControlIds.includes(id);
  const scheduled = new Map<string, ControlSchedule[]>();
  for (const s of input.schedules) scheduled.set(s.framework, [...(scheduled.get(s.framework) ?? []), s]);
  const filed = new Set(input.captures.flatMap((c) => c.controlIds));
  const frameworks: ReportFrameworkCoverage[] = [];
  for (const framework of [...scheduled.keys()].sort()) {
    const setting = input.periods.find((p) => p.framework === framework);
    if (!setting) continue;
    const all = scheduled.get(framework)!;
    const picked = all.filter((s) => inScope(s.controlId));
    const frameworkPicked = !input.scopeControlIds || input.scopeFrameworks?.includes(framework);
    if (!picked.length && !frameworkPicked) continue;
    const period = toAuditPeriod(setting);
    const zone = setting.timeZone;
    const instant = (ms: number) => formatInZone(ms, zone);
    const computed = computeCoverage({ asOf, period, schedules: picked, captures: input.captures });
    const controls: ReportControlCoverage[] = computed.controls.map((c) => ({
      id: c.id,
      schedule: {
        cadence: c.cadence,
        sensitivity: c.sensitivity,
        ...(c.owner ? { owner: { name: c.owner.name, email: c.owner.email } } : {}),
        toleranceDays: c.toleranceDays,
      },
      periods: c.periods.map((p) => ({
        start: instant(p.start),
        end: instant(p.end),
        status: p.status,
        captureIds: p.captureIds,
      })),
    }));
    const has = new Set(all.map((s) => s.controlId));
    const unscheduled = [...new Set([...(input.scopeControlIds ?? []), ...filed])]
      .filter((id) => !has.has(id) && inScope(id) && input.frameworkOf.get(id) === framework)
      .sort(byId);
    if (unscheduled.length) {
      const loose = computeCoverage({
        asOf,
        period,
        schedules: unscheduled.map((controlId) => ({
          controlId,
          framework,
          cadence: 'on-event',
          sensitivity: 'every-period',
          toleranceDays: 0,
          updatedAt: input.asOf,
          source: 'library',
        })),
        captures: input.captures,
      });
      for (const c of loose.controls)
        controls.push({
          id: c.id,
          periods: c.periods.map((p) => ({
            start: instant(p.start),
            end: instant(p.end),
            status: NO_CADENCE,
            captureIds: p.captureIds,
          })),
        });
    }
    controls.sort((a, b) => byId(a.id, b.id));
    frameworks.push({ framework, period: { from: setting.from, to: setting.to, timeZone: zone }, controls });
  }
  return frameworks.length ? { asOf: new Date(asOf).toISOString(), frameworks } : undefined;
}

function toAuditPeriod(p: AuditPeriodSetting): AuditPeriod {
  return { from: parseDate(p.from), to: parseDate(p.to), timeZone: p.timeZone };
}
