import { listAllControls } from '../db/catalog-repo';
import type { ProofTrailDb } from '../db/database';
import { listAuditPeriods, listSchedules } from '../db/schedules-repo';
import type { SelectionScope } from '../formats/scope-types';
import { bundleCoverage } from '../report/bundle-coverage';
import type { ReportCoverage } from '../report/model';
import type { ExportPlan } from './plan-export';

/**
 * The coverage a bundle states (coverage.csv and the reports' coverage section): the library's
 * schedules and audit periods applied, as of the export, to the captures the plan puts in the
 * bundle, each under the controls it is filed under there. Undefined when no framework in scope
 * has both schedules and an audit period.
 */
export async function coverageForExport(
  db: ProofTrailDb,
  scope: SelectionScope,
  plan: ExportPlan,
  exportedAt: string,
): Promise<ReportCoverage | undefined> {
  const [schedules, periods] = await Promise.all([listSchedules(db), listAuditPeriods(db)]);
  if (!schedules.length || !periods.length) return undefined;
  const frameworkOf = new Map<string, string>();
  for (const c of await listAllControls(db)) if (!frameworkOf.has(c.id)) frameworkOf.set(c.id, c.framework);
  for (const { capture } of plan.captures)
    for (const c of capture.controls) if (!frameworkOf.has(c.id)) frameworkOf.set(c.id, c.framework);
  return bundleCoverage({
    asOf: exportedAt,
    schedules,
    periods,
    captures: plan.captures.map(({ capture, controlIds }) => ({
      id: capture.id,
      controlIds,
      capturedAt: capture.capturedAt,
      ...('effectiveDate' in capture && capture.effectiveDate
        ? { effectiveDate: capture.effectiveDate }
        : {}),
    })),
    ...(scope.controlIds ? { scopeControlIds: scope.controlIds } : {}),
    ...(scope.frameworks ? { scopeFrameworks: scope.frameworks } : {}),
    frameworkOf,
  });
}
