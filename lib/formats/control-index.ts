// controls/<c>/captures.csv: the index of a control's captures in a write-once bundle (format 8,
// docs/bundle-format.md, Layouts). One row per capture filed under the control, naming the single
// copy of its record and image under captures/ with their SHA-256, so an auditor can follow a
// control to its evidence by hand. Columns are fixed: never reorder them.

import Papa from 'papaparse';

/** The header row. */
export const CONTROL_INDEX_COLUMNS = [
  'capture_id',
  'captured_at_utc',
  'record',
  'record_sha256',
  'image',
  'image_sha256',
] as const;

/** One row: a capture, the paths of its record and image (from the bundle's root), their hashes. */
export interface ControlIndexRow {
  captureId: string;
  capturedAt: string;
  record: string;
  recordSha256: string;
  image: string;
  imageSha256: string;
}

const cells = (r: ControlIndexRow) => [
  r.captureId,
  r.capturedAt,
  r.record,
  r.recordSha256,
  r.image,
  r.imageSha256,
];

/** The file's text: RFC 4180, CRLF after every record, a field quoted only when it must be. */
export function controlIndexCsv(rows: readonly ControlIndexRow[]): string {
  return `${Papa.unparse([[...CONTROL_INDEX_COLUMNS], ...rows.map(cells)], { newline: '\r\n' })}\r\n`;
}

/**
 * Reads an index back strictly: the exact header, six fields a row, and text that is exactly what
 * {@link controlIndexCsv} writes for those rows (no reordering, no extra spaces or quoting).
 * Returns the rows, or the problems found.
 */
export function parseControlIndex(
  text: string,
): { ok: true; rows: ControlIndexRow[] } | { ok: false; problems: string[] } {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const problems = parsed.errors.map((e) => `row ${(e.row ?? 0) + 1}: ${e.message}`);
  const data = parsed.data.slice();
  if (data.length && data[data.length - 1]!.length === 1 && data[data.length - 1]![0] === '') data.pop();
  const [header, ...body] = data;
  if (header?.join(',') !== CONTROL_INDEX_COLUMNS.join(','))
    problems.push(`the header must be ${CONTROL_INDEX_COLUMNS.join(',')}`);
  const rows: ControlIndexRow[] = [];
  for (const [i, r] of body.entries()) {
    if (r.length !== CONTROL_INDEX_COLUMNS.length) {
      problems.push(`row ${i + 2} has ${r.length} fields, expected ${CONTROL_INDEX_COLUMNS.length}`);
      continue;
    }
    const [captureId, capturedAt, record, recordSha256, image, imageSha256] = r as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    rows.push({ captureId, capturedAt, record, recordSha256, image, imageSha256 });
  }
  if (!problems.length && controlIndexCsv(rows) !== text)
    problems.push('is not in the form ProofTrail writes (CRLF line ends, fields quoted only when needed)');
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
