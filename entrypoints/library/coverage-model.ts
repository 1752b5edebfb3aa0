import { toAuditPeriod } from '../../lib/db/schedules-repo';
import { type CoverageJson, coverageJsonSchema, coverageToJson } from '../../lib/formats/coverage-json';
import { type AuditPeriodSetting, auditPeriodSchema, type ControlSchedule } from '../../lib/formats/schedule';
import { type Coverage, type CoverageCapture, computeCoverage } from '../../lib/period/coverage';
import { addDuration } from '../../lib/period/periods';
import { parseDate, startOfDay } from '../../lib/period/zoned-time';

/** What the coverage view is asked to show (the CLI's `coverage` options are the same). */
export interface CoverageQuery {
  /** A framework name, or empty for every framework. */
  framework: string;
  /** First and last day overriding the stored audit period's, YYYY-MM-DD, or empty. */
  from: string;
  to: string;
  /** The day coverage is computed at the end of (YYYY-MM-DD, in the period's time zone), or empty for now. */
  asOf: string;
}

export const emptyQuery: CoverageQuery = { framework: '', from: '', to: '', asOf: '' };

/** One framework's coverage over its (possibly overridden) audit period. */
export interface FrameworkGrid {
  framework: string;
  period: AuditPeriodSetting;
  coverage: Coverage;
}

export interface CoverageModel {
  grids: FrameworkGrid[];
  /** Frameworks with schedules but no audit period, with how many controls each schedules. */
  withoutPeriod: { framework: string; controls: number }[];
  /** Why the query cannot be shown (a bad override date), by field. */
  problems: Partial<Record<'from' | 'to' | 'asOf', string>>;
  /** Frameworks whose coverage cannot be computed (too many periods), with the reason. */
  failed: { framework: string; reason: string }[];
}

/** The instant "as of" a day means: the last moment of that day in the zone. */
export function asOfInstant(day: string, zone: string, now: number): number {
  if (!day) return now;
  const next = addDuration(parseDate(day), { years: 0, months: 0, days: 1 }, 1);
  return startOfDay(next, zone) - 1;
}

/** Coverage of every framework the query shows, each over its audit period as overridden. */
export function buildCoverage(input: {
  schedules: readonly ControlSchedule[];
  periods: readonly AuditPeriodSetting[];
  captures: readonly CoverageCapture[];
  query: CoverageQuery;
  now: number;
}): CoverageModel {
  const { query } = input;
  const problems: CoverageModel['problems'] = {};
  for (const k of ['from', 'to', 'asOf'] as const) {
    if (!query[k]) continue;
    try {
      parseDate(query[k]);
    } catch {
      problems[k] = `"${query[k]}" is not a date (YYYY-MM-DD)`;
    }
  }
  const byFramework = new Map<string, ControlSchedule[]>();
  for (const s of input.schedules)
    if (!query.framework || s.framework === query.framework)
      byFramework.set(s.framework, [...(byFramework.get(s.framework) ?? []), s]);
  const grids: FrameworkGrid[] = [];
  const withoutPeriod: CoverageModel['withoutPeriod'] = [];
  const failed: CoverageModel['failed'] = [];
  for (const [framework, schedules] of [...byFramework].sort(([a], [b]) => a.localeCompare(b))) {
    const stored = input.periods.find((p) => p.framework === framework);
    if (!stored) {
      withoutPeriod.push({ framework, controls: schedules.length });
      continue;
    }
    if (Object.keys(problems).length) continue;
    const wanted = { ...stored, from: query.from || stored.from, to: query.to || stored.to };
    const checked = auditPeriodSchema.safeParse(wanted);
    if (!checked.success) {
      problems[query.to ? 'to' : 'from'] =
        `${framework}: the period ${wanted.from} to ${wanted.to} ends before it starts`;
      continue;
    }
    const asOf = asOfInstant(query.asOf, stored.timeZone, input.now);
    try {
      const coverage = computeCoverage({
        asOf,
        period: toAuditPeriod(checked.data),
        schedules,
        captures: input.captures,
      });
      grids.push({ framework, period: checked.data, coverage });
    } catch (e) {
      failed.push({ framework, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return { grids: Object.keys(problems).length ? [] : grids, withoutPeriod, problems, failed };
}

/**
 * The coverage JSON of the grids shown: one audit period, so frameworks shown together must share
 * their period and time zone. Returns the reason otherwise. Validated against its schema.
 */
export function coverageJsonOf(
  model: CoverageModel,
  input: { schedules: readonly ControlSchedule[]; captures: readonly CoverageCapture[] },
): CoverageJson | string {
  const grids = model.grids;
  if (model.failed.length) return model.failed.map((f) => `${f.framework}: ${f.reason}`).join('; ');
  if (!grids.length)
    return model.withoutPeriod.length
      ? `${model.withoutPeriod.map((w) => w.framework).join(', ')}: no audit period set, so no coverage to download`
      : 'Nothing is scheduled: no coverage to download';
  const first = grids[0]!.period;
  const differ = grids.filter(
    (g) => g.period.from !== first.from || g.period.to !== first.to || g.period.timeZone !== first.timeZone,
  );
  if (differ.length)
    return `Several frameworks with different audit periods are scheduled (${grids
      .map((g) => `${g.framework}: ${g.period.from} to ${g.period.to}, ${g.period.timeZone}`)
      .join('; ')}): pick one framework`;
  const frameworks = new Set(grids.map((g) => g.framework));
  const coverage = computeCoverage({
    asOf: grids[0]!.coverage.asOf,
    period: toAuditPeriod(first),
    schedules: input.schedules.filter((s) => frameworks.has(s.framework)),
    captures: input.captures,
  });
  return coverageJsonSchema.parse(coverageToJson(coverage));
}
