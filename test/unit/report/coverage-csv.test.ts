import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AuditPeriodSetting } from '../../../lib/formats/schedule';
import type { CoverageCapture } from '../../../lib/period/coverage';
import { bundleCoverage } from '../../../lib/report/bundle-coverage';
import {
  COVERAGE_CSV_COLUMNS,
  CoverageSheetError,
  coverageCsv,
  parseCoverageCsv,
} from '../../../lib/report/coverage-csv';
import type { ReportCoverage } from '../../../lib/report/model';
import { schedule } from '../schedule-fixture';

const ISO = 'ISO/IEC 27001:2022';
const SOC = 'SOC 2 (TSC 2017)';

const periods: AuditPeriodSetting[] = [
  { framework: ISO, from: '2026-01-01', to: '2026-12-31', timeZone: 'Europe/Berlin' },
  { framework: SOC, from: '2026-01-01', to: '2026-06-30', timeZone: 'UTC' },
];

const cap = (
  id: string,
  controlIds: string[],
  capturedAt: string,
  effectiveDate?: string,
): CoverageCapture => ({
  id,
  controlIds,
  capturedAt,
  ...(effectiveDate ? { effectiveDate } : {}),
});

const frameworkOf = new Map([
  ['A.5.18', ISO],
  ['A.8.2', ISO],
  ['A.5.1', ISO],
  ['A.8.15', ISO],
  ['CC6.1', SOC],
]);

const AS_OF = '2026-08-15T12:00:00.000Z';

function sample(): ReportCoverage {
  return bundleCoverage({
    asOf: AS_OF,
    schedules: [
      schedule('A.5.18', { owner: { name: '=HYPERLINK("http://x","y")', email: 'ada@example.com' } }),
      schedule('A.8.2', { cadence: 'annual', sensitivity: 'most-recent', toleranceDays: 0 }),
      schedule('CC6.1', { framework: SOC, cadence: 'P3M' }),
    ],
    periods,
    captures: [
      // Q1 (Berlin): the first second of 1 January local time is 31 December 23:00 UTC.
      cap('c-q1-edge', ['A.5.18'], '2025-12-31T23:00:00.000Z'),
      // Captured in Q3, but the activity was on 30 June: it counts in Q2.
      cap('c-q2-effective', ['A.5.18', 'A.8.15'], '2026-07-08T09:00:00.000Z', '2026-06-30'),
      // Signed after the export: not yet known, does not count.
      cap('c-future', ['A.5.18'], '2026-09-01T00:00:00.000Z'),
      cap('c-annual', ['A.8.2'], '2026-03-01T00:00:00.000Z'),
      cap('c-soc', ['CC6.1'], '2026-02-01T00:00:00.000Z'),
    ],
    frameworkOf,
  })!;
}

const parse = (text: string) => {
  const r = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(r.errors).toEqual([]);
  return r.data;
};

describe('bundleCoverage', () => {
  it('computes each scheduled control per period as of the export, counting effective dates', () => {
    const c = sample();
    expect(c.asOf).toBe(AS_OF);
    expect(c.frameworks.map((f) => f.framework)).toEqual([ISO, SOC]);
    const iso = c.frameworks[0]!;
    expect(iso.period).toEqual({ from: '2026-01-01', to: '2026-12-31', timeZone: 'Europe/Berlin' });
    const a518 = iso.controls.find((x) => x.id === 'A.5.18')!;
    expect(a518.periods.map((p) => [p.start, p.end, p.status, p.captureIds])).toEqual([
      ['2026-01-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00', 'present', ['c-q1-edge']],
      ['2026-04-01T00:00:00+02:00', '2026-07-01T00:00:00+02:00', 'present', ['c-q2-effective']],
      // Q3 has started and not ended: due; the capture signed after the export does not count.
      ['2026-07-01T00:00:00+02:00', '2026-10-01T00:00:00+02:00', 'due', []],
      ['2026-10-01T00:00:00+02:00', '2027-01-01T00:00:00+01:00', 'upcoming', []],
    ]);
    // Most-recent: one row, the period holding the export time.
    const a82 = iso.controls.find((x) => x.id === 'A.8.2')!;
    expect(a82.periods.map((p) => [p.status, p.captureIds])).toEqual([['present', ['c-annual']]]);
  });

  it('lists a control of the framework filed in the bundle without a schedule as "no cadence set"', () => {
    const iso = sample().frameworks[0]!;
    expect(iso.controls.map((c) => c.id)).toEqual(['A.5.18', 'A.8.2', 'A.8.15']);
    const loose = iso.controls.find((c) => c.id === 'A.8.15')!;
    expect(loose.schedule).toBeUndefined();
    expect(loose.periods).toEqual([
      {
        start: '2026-01-01T00:00:00+01:00',
        end: '2027-01-01T00:00:00+01:00',
        status: 'no cadence set',
        captureIds: ['c-q2-effective'],
      },
    ]);
  });

  it('takes only frameworks in scope, their scheduled controls in scope, and controls the scope names', () => {
    const c = bundleCoverage({
      asOf: AS_OF,
      schedules: [schedule('A.5.18'), schedule('A.8.2'), schedule('CC6.1', { framework: SOC })],
      periods,
      captures: [],
      scopeControlIds: ['A.5.18', 'A.5.1'],
      frameworkOf,
    })!;
    expect(c.frameworks.map((f) => f.framework)).toEqual([ISO]);
    expect(c.frameworks[0]!.controls.map((x) => [x.id, x.schedule ? 'scheduled' : 'none'])).toEqual([
      ['A.5.1', 'none'],
      ['A.5.18', 'scheduled'],
    ]);
  });

  it('writes nothing when no framework in scope has both schedules and an audit period', () => {
    expect(
      bundleCoverage({
        asOf: AS_OF,
        schedules: [schedule('A.5.18')],
        periods: periods.filter((p) => p.framework === SOC),
        captures: [],
        frameworkOf,
      }),
    ).toBeUndefined();
    expect(
      bundleCoverage({
        asOf: AS_OF,
        schedules: [schedule('A.5.18')],
        periods,
        captures: [],
        scopeControlIds: ['CC6.1'],
        frameworkOf,
      }),
    ).toBeUndefined();
  });
});

describe('coverage.csv', () => {
  const csv = coverageCsv(sample());

  it('starts with a byte order mark and the version 1 header, and quotes every field with CRLF', () => {
    expect(csv.startsWith('\uFEFF"framework","control","cadence"')).toBe(true);
    const rows = parse(csv.slice(1));
    expect(rows[0]).toEqual([...COVERAGE_CSV_COLUMNS]);
    const outside = csv.slice(1).replace(/"(?:[^"]|"")*"/g, '');
    expect(outside).toBe(`${','.repeat(COVERAGE_CSV_COLUMNS.length - 1)}\r\n`.repeat(rows.length));
  });

  it('has one row per control and period, with counts and IDs of the captures counted', () => {
    const rows = parse(csv.slice(1)).slice(1);
    const col = (name: (typeof COVERAGE_CSV_COLUMNS)[number]) => COVERAGE_CSV_COLUMNS.indexOf(name);
    expect(
      rows.map((r) => [r[col('control')], r[col('status')], r[col('captures')], r[col('capture_ids')]]),
    ).toEqual([
      ['A.5.18', 'present', '1', 'c-q1-edge'],
      ['A.5.18', 'present', '1', 'c-q2-effective'],
      ['A.5.18', 'due', '0', ''],
      ['A.5.18', 'upcoming', '0', ''],
      ['A.8.2', 'present', '1', 'c-annual'],
      ['A.8.15', 'no cadence set', '1', 'c-q2-effective'],
      ['CC6.1', 'present', '1', 'c-soc'],
      // The SOC 2 period ended 30 June; past its tolerance, the empty Q2 is a gap.
      ['CC6.1', 'missing', '0', ''],
    ]);
    const first = rows[0]!;
    expect(first.slice(0, 8)).toEqual([
      ISO,
      'A.5.18',
      'quarterly',
      'every-period',
      `'=HYPERLINK("http://x","y")`,
      'ada@example.com',
      '2026-01-01T00:00:00+01:00',
      '2026-04-01T00:00:00+02:00',
    ]);
    expect(first.slice(11)).toEqual(['7', '2026-01-01', '2026-12-31', 'Europe/Berlin', AS_OF]);
    const loose = rows[5]!;
    expect([loose[col('cadence')], loose[col('sensitivity')], loose[col('tolerance_days')]]).toEqual([
      '',
      '',
      '',
    ]);
  });

  it('neutralises every cell a spreadsheet would run as a formula', () => {
    for (const cell of parse(csv.slice(1)).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('reads back into exactly the coverage it was written from', () => {
    expect(parseCoverageCsv(csv)).toEqual(sample());
    const known = new Map([
      ['c-q1-edge', ['A.5.18']],
      ['c-q2-effective', ['A.5.18', 'A.8.15']],
      ['c-annual', ['A.8.2']],
      ['c-soc', ['CC6.1']],
    ]);
    expect(parseCoverageCsv(csv, known)).toEqual(sample());
  });

  const refused = (text: string, known?: Map<string, string[]>) => {
    try {
      parseCoverageCsv(text, known);
    } catch (e) {
      expect(e).toBeInstanceOf(CoverageSheetError);
      return (e as CoverageSheetError).problems;
    }
    throw new Error('the sheet was accepted');
  };

  it('refuses a sheet whose header is not version 1', () => {
    expect(refused(csv.replace('"capture_ids"', '"ids"'))[0]).toMatch(/^the header is not framework,control/);
    expect(refused('')[0]).toMatch(/the header is not/);
  });

  it('refuses a count that does not match the IDs, naming the row', () => {
    expect(refused(csv.replace('"present","1","c-q1-edge"', '"present","2","c-q1-edge"'))).toEqual([
      'row 2: captures is "2" but capture_ids lists 1',
    ]);
  });

  it('refuses unknown statuses, bad instants and a changed schedule, each row named', () => {
    const problems = refused(
      csv
        .replace('"upcoming"', '"fine"')
        .replace('"2026-04-01T00:00:00+02:00","present"', '"April","present"')
        .replace('"A.8.2","annual"', '"A.8.2","P1Y","x"'),
    );
    expect(problems).toEqual([
      'row 2: period_end "April" is not an ISO 8601 instant with an offset',
      'row 5: status "fine" is not one of present, missing, due, late, upcoming, no cadence set',
      `row 6: has ${COVERAGE_CSV_COLUMNS.length + 1} cells, expected ${COVERAGE_CSV_COLUMNS.length}`,
    ]);
    const lines = csv.split('\r\n');
    lines[3] = lines[3]!.replace('"quarterly"', '"monthly"');
    expect(refused(lines.join('\r\n'))).toEqual([
      'row 4: the schedule of A.5.18 differs from its earlier rows',
    ]);
  });

  it('refuses a time zone the runtime does not know', () => {
    expect(refused(csv.replace('"Europe/Berlin"', '"Mars/Olympus"'))).toEqual([
      'row 2: time_zone "Mars/Olympus" is not an IANA time zone',
    ]);
  });

  it('refuses capture IDs that are not the bundle’s captures of that control', () => {
    const known = new Map([
      ['c-q1-edge', ['A.5.18']],
      ['c-q2-effective', ['A.5.18']],
      ['c-annual', ['A.8.2']],
    ]);
    expect(refused(csv, known)).toEqual([
      'row 7: capture c-q2-effective is not tagged to A.8.15',
      'row 8: capture c-soc is not in this bundle',
    ]);
  });

  it('refuses schedule fields on a "no cadence set" row', () => {
    const lines = csv.split('\r\n');
    lines[6] = lines[6]!.replace('"A.8.15",""', '"A.8.15","daily"');
    expect(refused(lines.join('\r\n'))).toEqual([
      'row 7: cadence must be empty when the status is "no cadence set"',
    ]);
  });
});
