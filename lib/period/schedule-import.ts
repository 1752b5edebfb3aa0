import type { Control } from '../catalog/types';
import { parseOscalPlan } from './oscal-plan';
import { parseScheduleCsv } from './schedule-csv';
import type { ScheduleImport } from './schedule-rows';

export type { ScheduleImport } from './schedule-rows';

/** Largest cadence file read (a plan of thousands of controls is well under this). */
export const MAX_SCHEDULE_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Reads a cadence file: an OSCAL Assessment Plan when it is JSON (by name or by its first
 * character), else the cadence CSV. Nothing is stored here; a bad file gives every problem.
 */
export function parseScheduleFile(
  name: string,
  text: string,
  catalog: readonly Control[],
  now: Date = new Date(),
): ScheduleImport {
  if (text.length > MAX_SCHEDULE_FILE_BYTES)
    return {
      ok: false,
      problems: [`${name} is larger than ${MAX_SCHEDULE_FILE_BYTES / 1024 / 1024} MB: not a cadence file`],
    };
  const json = /\.json$/i.test(name) || /^\uFEFF?\s*[{[]/.test(text);
  const r = json ? parseOscalPlan(text, catalog, now) : parseScheduleCsv(text, catalog, now);
  return r.ok ? r : { ok: false, problems: r.problems.map((p) => `${name}, ${p}`) };
}
