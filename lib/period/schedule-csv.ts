import Papa from 'papaparse';
import type { Control } from '../catalog/types';
import { startLines } from '../csv/start-lines';
import { type ControlSchedule, SENSITIVITIES } from '../formats/schedule';
import {
  ControlIndex,
  cadenceText,
  outcome,
  parseOwner,
  parseTolerance,
  type ScheduleImport,
} from './schedule-rows';

const REQUIRED = ['control', 'cadence', 'owner', 'sensitivity'] as const;
const OPTIONAL = ['framework', 'tolerance'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

/**
 * Reads a cadence CSV (docs/coverage-format.md): a header `control, cadence, owner, sensitivity`
 * in any order and case, optionally `framework` and `tolerance` (days), then one row per control.
 * Every bad row is named by its line; any bad row refuses the whole file.
 */
export function parseScheduleCsv(
  text: string,
  catalog: readonly Control[],
  now: Date = new Date(),
): ScheduleImport {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const lines = startLines(parsed.data);
  const problems: string[] = [];
  for (const e of parsed.errors) problems.push(`line ${lines[e.row ?? 0] ?? 1}: ${e.message}`);
  const headerIndex = parsed.data.findIndex((cells) => cells.some((c) => c.trim()));
  if (headerIndex < 0) return { ok: false, problems: ['line 1: the file is empty'] };
  const header = parsed.data[headerIndex]!.map((c) => c.trim().toLowerCase());
  const at = new Map<Column, number>();
  header.forEach((h, i) => {
    const where = `line ${lines[headerIndex]}`;
    if (!(REQUIRED as readonly string[]).includes(h) && !(OPTIONAL as readonly string[]).includes(h))
      problems.push(
        `${where}: unknown column "${h}" (expected ${REQUIRED.join(', ')}, and optionally ${OPTIONAL.join(', ')})`,
      );
    else if (at.has(h as Column)) problems.push(`${where}: column "${h}" appears twice`);
    else at.set(h as Column, i);
  });
  const missing = REQUIRED.filter((c) => !at.has(c));
  if (missing.length)
    problems.push(
      `line ${lines[headerIndex]}: the header lacks ${missing.map((m) => `"${m}"`).join(', ')} (expected ${REQUIRED.join(', ')})`,
    );
  if (problems.length) return { ok: false, problems };

  const index = new ControlIndex(catalog);
  const updatedAt = now.toISOString();
  const rows: (ControlSchedule & { where: string })[] = [];
  parsed.data.forEach((cells, i) => {
    if (i <= headerIndex || cells.every((c) => !c.trim())) return;
    const where = `line ${lines[i]}`;
    if (cells.length !== header.length) {
      problems.push(`${where}: expected ${header.length} columns as in the header, found ${cells.length}`);
      return;
    }
    const cell = (c: Column) => (at.has(c) ? cells[at.get(c)!]!.trim() : '');
    const bad: string[] = [];
    const id = cell('control');
    let control: Control | undefined;
    if (!id) bad.push('the control is empty');
    else {
      const r = index.resolve(id, cell('framework') || undefined);
      if (typeof r === 'string') bad.push(r);
      else control = r;
    }
    const attempt = <T>(f: () => T): T | undefined => {
      try {
        return f();
      } catch (e) {
        bad.push(e instanceof Error ? e.message : String(e));
        return undefined;
      }
    };
    const cadence = attempt(() => cadenceText(cell('cadence')));
    const owner = attempt(() => parseOwner(cell('owner')));
    const toleranceDays = attempt(() => parseTolerance(cell('tolerance')));
    const sensitivity = cell('sensitivity').toLowerCase();
    if (!(SENSITIVITIES as readonly string[]).includes(sensitivity))
      bad.push(`sensitivity "${cell('sensitivity')}" is not most-recent or every-period`);
    if (bad.length || !control || cadence === undefined || toleranceDays === undefined) {
      problems.push(...bad.map((b) => `${where}: ${b}`));
      return;
    }
    rows.push({
      where,
      controlId: control.id,
      framework: control.framework,
      cadence,
      sensitivity: sensitivity as ControlSchedule['sensitivity'],
      ...(owner ? { owner } : {}),
      toleranceDays,
      updatedAt,
      source: 'csv',
    });
  });
  return outcome(rows, problems, `line ${lines[headerIndex]! + 1}: the file has a header but no rows`);
}
