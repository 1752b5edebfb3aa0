// evidence.csv: one row per capture and control, for spreadsheets and GRC tool imports.
// Columns are version 2 (effective_date added at the end) (docs/report-formats.md): add columns only at the end, never reorder.

import Papa from 'papaparse';
import type { ReportCapture, ReportModel } from './model';

/** The header row, version 2. */
export const EVIDENCE_CSV_COLUMNS = [
  'control',
  'framework',
  'captured_at_utc',
  'url',
  'page_title',
  'capturer',
  'note',
  'sha256',
  'file_path',
  'timestamp_status',
  // Added in format 7: when the activity happened (YYYY-MM-DD), empty when not stated.
  'effective_date',
] as const;

/**
 * Excel opens a CSV without a byte order mark in the machine's legacy code page, which garbles
 * accents, Arabic, Hebrew and CJK text; with one it reads UTF-8. So the file starts with U+FEFF
 * (EF BB BF once encoded). Papa.parse and most CSV libraries skip it; a tool that does not will see
 * it before the first header name.
 */
export const CSV_BOM = '\uFEFF';

/**
 * The bundle's evidence.csv (RFC 4180: CRLF after every record, every field quoted, quotes doubled;
 * a note's own line breaks stay inside its quoted field), starting with {@link CSV_BOM}.
 * A capture filed under two controls gives two rows, each with that control's copy of the image.
 */
export function evidenceCsv(model: ReportModel): string {
  const rows: string[][] = [];
  for (const control of model.controls) {
    for (const cap of control.captures) {
      rows.push(
        [
          control.id,
          control.framework,
          cap.capturedAt,
          cap.pageUrl,
          cap.pageTitle,
          capturerText(cap),
          cap.note,
          cap.image.sha256,
          cap.paths.image,
          timestampStatus(cap),
          cap.effectiveDate ?? '',
        ].map(neutralizeFormula),
      );
    }
  }
  const body = Papa.unparse(
    { fields: [...EVIDENCE_CSV_COLUMNS], data: rows },
    { quotes: true, newline: '\r\n', header: true },
  );
  return `${CSV_BOM}${body}\r\n`;
}

/**
 * CSV formula injection (OWASP, "CSV Injection"): a spreadsheet runs a cell that starts with
 * `=`, `+`, `-` or `@` (and Excel also one starting with a tab or carriage return) as a formula, so a
 * page title such as `=HYPERLINK(…)` could act when an auditor opens the file. Such a cell gets a
 * leading apostrophe, which makes it text. A cell that already starts with an apostrophe gets one
 * too, so a reader gets the exact value back by removing one leading apostrophe where there is one.
 * (Papa's own `escapeFormulae` is not used: its pattern, `^[=+\-@\t\r].*$` without the `s` flag,
 * lets a multi-line cell through.)
 */
export function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r']/.test(cell) ? `'${cell}` : cell;
}

function capturerText(cap: ReportCapture): string {
  const { name, email } = cap.capturer;
  return name ? `${name} <${email}>` : email;
}

/** `stamped <genTime> by <tsa>`, `pending` or `none`. */
function timestampStatus(cap: ReportCapture): string {
  const ts = cap.timestamp;
  if (ts.status !== 'stamped') return ts.status;
  return ['stamped', ts.genTime, ts.tsaName ? `by ${ts.tsaName}` : undefined].filter(Boolean).join(' ');
}
