// requests.csv: a request bundle's status sheet, one row per sample (and per population or
// whole-request fulfilment). Columns are version 1 (docs/requests-format.md): add at the end only.

import Papa from 'papaparse';
import type { AuditRequestRow } from '../db/period-types';
import { CSV_BOM, neutralizeFormula } from '../report/evidence-csv';
import type { RequestProgress } from './request-progress';

/** The header row, version 1. */
export const REQUESTS_CSV_COLUMNS = [
  'request',
  'controls',
  'title',
  'description',
  'owner',
  'due',
  'request_status',
  'sample',
  'sample_status',
  'capture_ids',
  'paths',
] as const;

/** The `sample` cell of the population's row and of captures fulfilling the request as a whole. */
export const POPULATION_ROW = '(population)';
export const WHOLE_REQUEST_ROW = '(request)';

/**
 * RFC 4180 (CRLF, every field quoted, quotes doubled), starting with a byte order mark, cells
 * that a spreadsheet would run as formulas made text (as in evidence.csv). Multiple values in a
 * cell (controls, capture IDs, paths) are separated by a space. `paths` maps a capture ID to the
 * image path of its copy in this request's folder.
 */
export function requestsCsv(
  request: AuditRequestRow,
  progress: RequestProgress,
  pathsOf: (captureId: string, folder: { sampleId?: string; population: boolean }) => string | undefined,
): string {
  const head = [
    request.id,
    request.controlIds.join(' '),
    request.title ?? '',
    request.description,
    request.owner ?? '',
    request.due ?? '',
    request.status,
  ];
  const rows: string[][] = [];
  const row = (
    sample: string,
    status: string,
    ids: string[],
    folder: { sampleId?: string; population: boolean },
  ) =>
    rows.push(
      [...head, sample, status, ids.join(' '), ids.flatMap((id) => pathsOf(id, folder) ?? []).join(' ')].map(
        neutralizeFormula,
      ),
    );
  for (const s of progress.samples) row(s.id, s.status, s.captureIds, { sampleId: s.id, population: false });
  if (progress.population.length) row(POPULATION_ROW, 'captured', progress.population, { population: true });
  if (progress.whole.length || !progress.samples.length)
    row(WHOLE_REQUEST_ROW, progress.whole.length ? 'captured' : 'open', progress.whole, {
      population: false,
    });
  const body = Papa.unparse(
    { fields: [...REQUESTS_CSV_COLUMNS], data: rows },
    { quotes: true, newline: '\r\n', header: true },
  );
  return `${CSV_BOM}${body}\r\n`;
}
