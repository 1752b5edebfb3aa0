import type { Control } from '../catalog/types';
import { type ControlSchedule, DEFAULT_TOLERANCE_DAYS, type Owner, ownerSchema } from '../formats/schedule';
import { ControlIndex, outcome, type ScheduleImport } from './schedule-rows';

/** OSCAL `at-frequency` units and the ISO 8601 duration letter each maps to; sub-day units have none. */
const UNITS: Record<string, string | undefined> = {
  seconds: undefined,
  minutes: undefined,
  hours: undefined,
  days: 'D',
  months: 'M',
  years: 'Y',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Reads an OSCAL Assessment Plan (JSON, docs/coverage-format.md): each task, nested ones included,
 * whose `timing.at-frequency` gives `period` and `unit` becomes the cadence (every period) of the
 * controls its associated activities' `related-controls` include; the owner is the first party of
 * the task's `responsible-roles` with a name and an e-mail address. Tasks timed otherwise (on a
 * date, within a range) or untimed are not cadences and are skipped. Every bad task is named by its
 * JSON path and title; any bad task refuses the whole file.
 */
export function parseOscalPlan(
  text: string,
  catalog: readonly Control[],
  now: Date = new Date(),
): ScheduleImport {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, problems: [`the file is not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const plan = isObject(doc) ? doc['assessment-plan'] : undefined;
  if (!isObject(plan))
    return { ok: false, problems: ['$: not an OSCAL Assessment Plan (no "assessment-plan" object)'] };

  const activities = new Map<string, Json>();
  for (const a of list(isObject(plan['local-definitions']) ? plan['local-definitions'].activities : []))
    if (isObject(a) && typeof a.uuid === 'string') activities.set(a.uuid, a);
  const parties = new Map<string, Json>();
  for (const p of list(isObject(plan.metadata) ? plan.metadata.parties : []))
    if (isObject(p) && typeof p.uuid === 'string') parties.set(p.uuid, p);

  const index = new ControlIndex(catalog);
  const updatedAt = now.toISOString();
  const problems: string[] = [];
  const rows: (ControlSchedule & { where: string })[] = [];
  let timed = 0;

  const visit = (tasks: unknown, path: string) => {
    for (const [i, task] of list(tasks).entries()) readTask(task, `${path}[${i}]`);
  };
  const readTask = (task: unknown, at: string) => {
    {
      if (!isObject(task)) {
        problems.push(`${at}: a task must be an object`);
        return;
      }
      const where = `${at} (task "${typeof task.title === 'string' ? task.title : (task.uuid ?? '?')}")`;
      visit(task.tasks, `${at}.tasks`);
      const freq = isObject(task.timing) ? task.timing['at-frequency'] : undefined;
      if (freq === undefined) return;
      timed++;
      const bad = (reason: string) => {
        problems.push(`${where}: ${reason}`);
      };
      if (!isObject(freq)) return bad('timing.at-frequency must be an object with period and unit');
      const { period, unit } = freq;
      if (typeof period !== 'number' || !Number.isInteger(period) || period < 1)
        return bad(`timing.at-frequency.period ${JSON.stringify(period)} is not a positive whole number`);
      if (typeof unit !== 'string' || !Object.hasOwn(UNITS, unit))
        return bad(
          `timing.at-frequency.unit ${JSON.stringify(unit)} is not one of ${Object.keys(UNITS).join(', ')}`,
        );
      const letter = UNITS[unit];
      if (!letter)
        return bad(
          `every ${period} ${unit} is shorter than a day: coverage counts whole days (use days, months or years)`,
        );
      const cadence = `P${period}${letter}`;
      const ids: string[] = [];
      const assoc = list(task['associated-activities']);
      if (!assoc.length) return bad('the task has no associated-activities, so no controls');
      for (const [j, a] of assoc.entries()) {
        const ref = isObject(a) ? a['activity-uuid'] : undefined;
        const activity = typeof ref === 'string' ? activities.get(ref) : undefined;
        if (!activity) {
          bad(
            `associated-activities[${j}]: activity ${JSON.stringify(ref)} is not in local-definitions.activities`,
          );
          continue;
        }
        const related = isObject(activity['related-controls']) ? activity['related-controls'] : undefined;
        for (const sel of list(related?.['control-selections'])) {
          if (!isObject(sel)) continue;
          if (sel['include-all'] !== undefined)
            bad(`activity ${ref} includes all controls: name them with include-controls`);
          for (const c of list(sel['include-controls']))
            if (isObject(c) && typeof c['control-id'] === 'string') ids.push(c['control-id']);
        }
      }
      if (!ids.length) return bad('its activities name no controls (related-controls.include-controls)');
      const owner = ownerOf(task, parties);
      for (const id of [...new Set(ids)]) {
        const control = index.resolve(id);
        if (typeof control === 'string') {
          bad(control);
          continue;
        }
        rows.push({
          where,
          controlId: control.id,
          framework: control.framework,
          cadence,
          sensitivity: 'every-period',
          ...(owner ? { owner } : {}),
          toleranceDays: DEFAULT_TOLERANCE_DAYS,
          updatedAt,
          source: 'oscal',
        });
      }
    }
  };
  visit(plan.tasks, '$.assessment-plan.tasks');
  if (!timed && !problems.length)
    return { ok: false, problems: ['$.assessment-plan.tasks: no task has timing.at-frequency'] };
  return outcome(rows, problems, '$.assessment-plan.tasks: no task names a control');
}

/** The first responsible party with a name and an e-mail address. */
function ownerOf(task: Json, parties: Map<string, Json>): Owner | undefined {
  for (const role of list(task['responsible-roles'])) {
    if (!isObject(role)) continue;
    for (const uuid of list(role['party-uuids'])) {
      const p = typeof uuid === 'string' ? parties.get(uuid) : undefined;
      const r = ownerSchema.safeParse({ name: p?.name, email: list(p?.['email-addresses'])[0] });
      if (r.success) return r.data;
    }
  }
  return undefined;
}
