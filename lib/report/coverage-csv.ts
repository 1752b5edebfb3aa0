// coverage.csv: one row per control and period of the audit period, counting only the bundle's
// captures (docs/report-formats.md, "coverage.csv"). Columns are version 1: add columns only at the
// end, never reorder. Written at export; read back (strictly) for the PDF made from a bundle.

import Papa from 'papaparse';
import { SENSITIVITIES, type Sensitivity } from '../formats/schedule';
import { parseCadence } from '../period/cadence';
import { COVERAGE_STATUSES } from '../period/coverage';
import { checkTimeZone, parseDate } from '../period/zoned-time';
import { CSV_BOM, neutralizeFormula } from './evidence-csv';
import {
  NO_CADENCE,
  type ReportControlCoverage,
  type ReportCoverage,
  type ReportCoverageStatus,
  type ReportFrameworkCoverage,
} from './model';

/** The header row, version 1. */
export const COVERAGE_CSV_COLUMNS = [
  'framework',
  'control',
  'cadence',
  'sensitivity',
  'owner_name',
  'owner_email',
  'period_start',
  'period_end',
  'status',
  'captures',
  'capture_ids',
  'tolerance_days',
  'audit_period_from',
  'audit_period_to',
  'time_zone',
  'as_of',
] as const;

/** Every status a coverage.csv row may have. */
export const COVERAGE_CSV_STATUSES: readonly ReportCoverageStatus[] = [...COVERAGE_STATUSES, NO_CADENCE];

/**
 * The bundle's coverage.csv (RFC 4180: CRLF after every record, every field quoted, quotes doubled),
 * starting with a byte order mark like evidence.csv, and formula-injection safe: a cell starting
 * with `= + - @`, a tab, a carriage return or an apostrophe gets a leading apostrophe.
 */
export function coverageCsv(coverage: ReportCoverage): string {
  const rows: string[][] = [];
  for (const f of coverage.frameworks)
    for (const c of f.controls)
      for (const p of c.periods)
        rows.push(
          [
            f.framework,
            c.id,
            c.schedule?.cadence ?? '',
            c.schedule?.sensitivity ?? '',
            c.schedule?.owner?.name ?? '',
            c.schedule?.owner?.email ?? '',
            p.start,
            p.end,
            p.status,
            String(p.captureIds.length),
            p.captureIds.join(' '),
            c.schedule ? String(c.schedule.toleranceDays) : '',
            f.period.from,
            f.period.to,
            f.period.timeZone,
            coverage.asOf,
          ].map(neutralizeFormula),
        );
  const body = Papa.unparse(
    { fields: [...COVERAGE_CSV_COLUMNS], data: rows },
    { quotes: true, newline: '\r\n', header: true },
  );
  return `${CSV_BOM}${body}\r\n`;
}

/** A coverage.csv that does not say what the format says; `problems` name each row and why. */
export class CoverageSheetError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `coverage.csv is malformed: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
    );
  }
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?([+-]\d{2}:\d{2}|Z)$/;
const MAX_ROWS = 1_000_000;

/** The exact cell value: one leading apostrophe, where the writer added one, removed. */
const unneutralize = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

/**
 * Reads a coverage.csv back into the reports' model, refusing the whole sheet (with every bad row
 * named) when the header is not version 1's, a row has the wrong number of cells, a value is not
 * what its column holds, the captures count differs from the IDs listed, a control's schedule or a
 * framework's audit period changes between its rows, or (given `captures`, the bundle's captures
 * and the controls each is tagged to) an ID is not a capture of the bundle tagged to that control.
 */
export function parseCoverageCsv(
  text: string,
  captures?: ReadonlyMap<string, readonly string[]>,
): ReportCoverage {
  const parsed = Papa.parse<string[]>(text.startsWith(CSV_BOM) ? text.slice(1) : text, {
    skipEmptyLines: true,
  });
  const problems: string[] = parsed.errors.map((e) => `row ${(e.row ?? 0) + 1}: ${e.message}`);
  const [header, ...rows] = parsed.data;
  if (!header || header.join(',') !== COVERAGE_CSV_COLUMNS.join(','))
    throw new CoverageSheetError([
      `the header is not ${COVERAGE_CSV_COLUMNS.join(',')} (got ${header ? header.slice(0, 20).join(',') : 'nothing'})`,
      ...problems,
    ]);
  if (rows.length > MAX_ROWS) throw new CoverageSheetError([`more than ${MAX_ROWS} rows`]);
  let asOf: string | undefined;
  const frameworks = new Map<string, ReportFrameworkCoverage>();
  const controls = new Map<string, ReportControlCoverage>();
  for (const [i, raw] of rows.entries()) {
    const where = `row ${i + 2}`;
    const bad = (message: string): void => {
      problems.push(`${where}: ${message}`);
    };
    if (raw.length !== COVERAGE_CSV_COLUMNS.length) {
      bad(`has ${raw.length} cells, expected ${COVERAGE_CSV_COLUMNS.length}`);
      continue;
    }
    const cell = Object.fromEntries(COVERAGE_CSV_COLUMNS.map((k, j) => [k, unneutralize(raw[j]!)])) as Record<
      (typeof COVERAGE_CSV_COLUMNS)[number],
      string
    >;
    const before = problems.length;
    if (!cell.framework) bad('framework is empty');
    if (!cell.control) bad('control is empty');
    const status = cell.status as ReportCoverageStatus;
    if (!COVERAGE_CSV_STATUSES.includes(status))
      bad(`status "${cell.status}" is not one of ${COVERAGE_CSV_STATUSES.join(', ')}`);
    for (const k of ['period_start', 'period_end', 'as_of'] as const)
      if (!INSTANT.test(cell[k]) || Number.isNaN(Date.parse(cell[k])))
        bad(`${k} "${cell[k]}" is not an ISO 8601 instant with an offset`);
    if (Date.parse(cell.period_start) >= Date.parse(cell.period_end))
      bad('period_end is not after period_start');
    for (const k of ['audit_period_from', 'audit_period_to'] as const)
      try {
        parseDate(cell[k]);
      } catch {
        bad(`${k} "${cell[k]}" is not a date YYYY-MM-DD`);
      }
    try {
      checkTimeZone(cell.time_zone);
    } catch {
      bad(`time_zone "${cell.time_zone}" is not an IANA time zone`);
    }
    const ids = cell.capture_ids.split(' ').filter(Boolean);
    if (!/^\d+$/.test(cell.captures) || Number(cell.captures) !== ids.length)
      bad(`captures is "${cell.captures}" but capture_ids lists ${ids.length}`);
    if (new Set(ids).size !== ids.length) bad('capture_ids lists a capture twice');
    if (captures)
      for (const id of ids) {
        const tagged = captures.get(id);
        if (!tagged) bad(`capture ${id} is not in this bundle`);
        else if (!tagged.includes(cell.control)) bad(`capture ${id} is not tagged to ${cell.control}`);
      }
    const unscheduled = status === NO_CADENCE;
    if (unscheduled) {
      for (const k of ['cadence', 'sensitivity', 'owner_name', 'owner_email', 'tolerance_days'] as const)
        if (cell[k]) bad(`${k} must be empty when the status is "${NO_CADENCE}"`);
    } else {
      try {
        parseCadence(cell.cadence);
      } catch {
        bad(`cadence "${cell.cadence}" is not a cadence word or ISO 8601 duration`);
      }
      if (!SENSITIVITIES.includes(cell.sensitivity as Sensitivity))
        bad(`sensitivity "${cell.sensitivity}" is not one of ${SENSITIVITIES.join(', ')}`);
      if (!/^\d{1,3}$/.test(cell.tolerance_days))
        bad(`tolerance_days "${cell.tolerance_days}" is not a whole number`);
      if (Boolean(cell.owner_name) !== Boolean(cell.owner_email))
        bad('owner_name and owner_email must both be given or both be empty');
    }
    if (asOf !== undefined && cell.as_of !== asOf) bad(`as_of differs from the first row's (${asOf})`);
    asOf ??= cell.as_of;
    if (problems.length > before) continue;

    let f = frameworks.get(cell.framework);
    const period = { from: cell.audit_period_from, to: cell.audit_period_to, timeZone: cell.time_zone };
    if (!f) {
      f = { framework: cell.framework, period, controls: [] };
      frameworks.set(cell.framework, f);
    } else if (JSON.stringify(f.period) !== JSON.stringify(period)) {
      bad(`the audit period of ${cell.framework} differs from its earlier rows`);
      continue;
    }
    const key = JSON.stringify([cell.framework, cell.control]);
    const schedule = unscheduled
      ? undefined
      : {
          cadence: cell.cadence,
          sensitivity: cell.sensitivity as Sensitivity,
          ...(cell.owner_name ? { owner: { name: cell.owner_name, email: cell.owner_email } } : {}),
          toleranceDays: Number(cell.tolerance_days),
        };
    let c = controls.get(key);
    if (!c) {
      c = { id: cell.control, ...(schedule ? { schedule } : {}), periods: [] };
      controls.set(key, c);
      f.controls.push(c);
    } else if (JSON.stringify(c.schedule) !== JSON.stringify(schedule)) {
      bad(`the schedule of ${cell.control} differs from its earlier rows`);
      continue;
    } else if (f.controls[f.controls.length - 1] !== c) {
      bad(`${cell.control}'s rows are not together`);
      continue;
    }
    c.periods.push({ start: cell.period_start, end: cell.period_end, status, captureIds: ids });
  }
  if (problems.length) throw new CoverageSheetError(problems);
  if (!asOf) throw new CoverageSheetError(['it has a header but no rows']);
  return { asOf, frameworks: [...frameworks.values()] };
}
