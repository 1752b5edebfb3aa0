import { describe, expect, it } from 'vitest';
import { checkEffectiveDate } from '../../../lib/capture/check-request';
import { coverageJsonSchema, coverageToJson } from '../../../lib/formats/coverage-json';
import type { ControlSchedule } from '../../../lib/formats/schedule';
import { type CoverageCapture, computeCoverage } from '../../../lib/period/coverage';
import { formatInZone, parseDate } from '../../../lib/period/zoned-time';

const period = (from: string, to: string, timeZone: string) => ({
  from: parseDate(from),
  to: parseDate(to),
  timeZone,
});
const schedule = (
  controlId: string,
  cadence: string,
  patch: Partial<ControlSchedule> = {},
): ControlSchedule => ({
  controlId,
  framework: 'ISO/IEC 27001:2022',
  cadence,
  sensitivity: 'every-period',
  toleranceDays: 0,
  updatedAt: '2026-01-01T00:00:00.000Z',
  source: 'library',
  ...patch,
});
let n = 0;
const capture = (controlIds: string[], capturedAt: string, effectiveDate?: string): CoverageCapture => ({
  id: `c${++n}`,
  controlIds,
  capturedAt,
  ...(effectiveDate ? { effectiveDate } : {}),
});
/** Each period as `start status captures`, start in the period's zone. */
const cells = (c: ReturnType<typeof computeCoverage>, i = 0) =>
  c.controls[i]!.periods.map(
    (p) => `${formatInZone(p.start, c.period.timeZone)} ${p.status} ${p.captureIds.length}`,
  );

describe('computeCoverage: which period a capture counts in', () => {
  const berlinQ2 = period('2026-03-29', '2026-06-27', 'Europe/Berlin'); // starts on the DST day

  it('a monthly control over a quarter that starts on a daylight-saving change', () => {
    const c = computeCoverage({
      asOf: Date.parse('2026-07-15T00:00:00Z'),
      period: berlinQ2,
      schedules: [schedule('A.5.18', 'monthly')],
      captures: [
        // 2026-03-29 00:30 local (UTC+1 until 02:00): the first moment of the period is 23:00Z the day before.
        capture(['A.5.18'], '2026-03-28T23:30:00.000Z'),
        // One second before the second period starts locally (2026-04-29 00:00 CEST = 04-28T22:00Z).
        capture(['A.5.18'], '2026-04-28T21:59:59.000Z'),
      ],
    });
    expect(cells(c)).toEqual([
      '2026-03-29T00:00:00+01:00 present 2',
      '2026-04-29T00:00:00+02:00 missing 0',
      '2026-05-29T00:00:00+02:00 missing 0',
    ]);
  });

  it('one second before local midnight counts in the day before; at midnight, in the new day', () => {
    const ny = period('2026-11-01', '2026-11-03', 'America/New_York'); // 1 Nov: DST ends at 02:00
    const c = computeCoverage({
      asOf: Date.parse('2026-11-03T12:00:00Z'),
      period: ny,
      schedules: [schedule('CC6.1', 'daily')],
      captures: [
        capture(['CC6.1'], '2026-11-02T04:59:59.000Z'), // 1 Nov 23:59:59 EST
        capture(['CC6.1'], '2026-11-03T05:00:00.000Z'), // 3 Nov 00:00:00 EST
      ],
    });
    expect(cells(c)).toEqual([
      '2026-11-01T00:00:00-04:00 present 1',
      '2026-11-02T00:00:00-05:00 late 0',
      '2026-11-03T00:00:00-05:00 present 1',
    ]);
  });

  it('the effective date decides the period, not the signed capture time', () => {
    const c = computeCoverage({
      asOf: Date.parse('2026-10-01T00:00:00Z'),
      period: period('2026-01-01', '2026-09-30', 'UTC'),
      schedules: [schedule('A.5.18', 'quarterly', { toleranceDays: 14 })],
      captures: [
        capture(['A.5.18'], '2026-07-08T09:00:00.000Z', '2026-06-30'), // a Q2 review captured in Q3
        capture(['A.5.18'], '2026-02-01T09:00:00.000Z'),
        capture(['A.8.2'], '2026-08-01T09:00:00.000Z'), // another control
      ],
    });
    expect(cells(c)).toEqual([
      '2026-01-01T00:00:00+00:00 present 1',
      '2026-04-01T00:00:00+00:00 present 1',
      '2026-07-01T00:00:00+00:00 due 0', // ended, but within its 14 days' tolerance
    ]);
  });

  it('an effective date is read in the audit period’s time zone', () => {
    const c = computeCoverage({
      asOf: Date.parse('2026-08-01T00:00:00Z'),
      period: period('2026-01-01', '2026-12-31', 'Pacific/Auckland'),
      schedules: [schedule('A.5.18', 'quarterly')],
      // 30 June is Q2 in Auckland although 2026-06-30T00:00+12:00 is 29 June in UTC.
      captures: [capture(['A.5.18'], '2026-07-20T00:00:00.000Z', '2026-06-30')],
    });
    expect(cells(c).slice(0, 3)).toEqual([
      '2026-01-01T00:00:00+13:00 late 0',
      '2026-04-01T00:00:00+13:00 present 1',
      '2026-07-01T00:00:00+12:00 due 0',
    ]);
  });

  it('captures signed after "as of" are not known yet', () => {
    const c = computeCoverage({
      asOf: Date.parse('2026-02-15T00:00:00Z'),
      period: period('2026-01-01', '2026-03-31', 'UTC'),
      schedules: [schedule('A.5.18', 'monthly')],
      captures: [capture(['A.5.18'], '2026-03-02T00:00:00.000Z', '2026-01-20')],
    });
    expect(cells(c)).toEqual([
      '2026-01-01T00:00:00+00:00 late 0',
      '2026-02-01T00:00:00+00:00 due 0',
      '2026-03-01T00:00:00+00:00 upcoming 0',
    ]);
  });
});

describe('computeCoverage: statuses over time', () => {
  const q = period('2026-01-01', '2026-06-30', 'UTC');
  const at = (iso: string, patch: Partial<ControlSchedule> = {}) =>
    cells(
      computeCoverage({
        asOf: Date.parse(iso),
        period: q,
        schedules: [schedule('A.5.18', 'quarterly', { toleranceDays: 10, ...patch })],
        captures: [],
      }),
    ).map((s) => s.split(' ')[1]);

  it.each([
    ['before the audit period', '2025-12-31T23:59:59Z', ['upcoming', 'upcoming']],
    ['first quarter running', '2026-02-01T00:00:00Z', ['due', 'upcoming']],
    ['within the tolerance after Q1', '2026-04-10T23:59:59Z', ['due', 'due']],
    ['the tolerance over', '2026-04-11T00:00:00Z', ['late', 'due']],
    ['after the period, within its tolerance', '2026-07-10T23:59:59Z', ['late', 'due']],
    ['after the period and its tolerance', '2026-07-11T00:00:00Z', ['missing', 'missing']],
  ])('%s', (_, asOf, expected) => {
    expect(at(asOf)).toEqual(expected);
  });

  it('most-recent: only the period holding "as of" is judged', () => {
    expect(at('2026-05-01T00:00:00Z', { sensitivity: 'most-recent' })).toEqual(['due']);
    expect(at('2025-06-01T00:00:00Z', { sensitivity: 'most-recent' })).toEqual(['upcoming']);
    expect(at('2027-01-01T00:00:00Z', { sensitivity: 'most-recent' })).toEqual(['missing']);
  });

  it('on-event: one window, the audit period; present with any capture in it', () => {
    const c = computeCoverage({
      asOf: Date.parse('2026-03-01T00:00:00Z'),
      period: q,
      schedules: [schedule('A.8.32', 'on-event'), schedule('A.5.18', 'on-event')],
      captures: [capture(['A.8.32'], '2026-02-01T00:00:00.000Z')],
    });
    expect(cells(c, 0)).toEqual(['2026-01-01T00:00:00+00:00 present 1']);
    expect(cells(c, 1)).toEqual(['2026-01-01T00:00:00+00:00 due 0']);
    expect(c.counts).toEqual({ present: 1, missing: 0, due: 1, late: 0, upcoming: 0 });
  });
});

describe('coverage JSON', () => {
  it('matches its documented schema, instants with the zone’s offset', () => {
    const c = computeCoverage({
      asOf: Date.parse('2026-05-01T00:00:00Z'),
      period: period('2026-01-01', '2026-06-30', 'Europe/Berlin'),
      schedules: [schedule('A.5.18', 'quarterly', { owner: { name: 'Dana', email: 'dana@example.test' } })],
      captures: [capture(['A.5.18'], '2026-02-01T00:00:00.000Z')],
    });
    const json = coverageToJson(c);
    expect(coverageJsonSchema.parse(json)).toEqual(json);
    expect(json.asOf).toBe('2026-05-01T02:00:00+02:00');
    expect(json.controls[0]!.periods).toEqual([
      {
        start: '2026-01-01T00:00:00+01:00',
        end: '2026-04-01T00:00:00+02:00',
        status: 'present',
        captures: 1,
      },
      { start: '2026-04-01T00:00:00+02:00', end: '2026-07-01T00:00:00+02:00', status: 'due', captures: 0 },
    ]);
  });
});

describe('checkEffectiveDate', () => {
  const now = new Date(2026, 10, 30, 12); // 30 Nov 2026, local noon
  it.each([
    ['', undefined],
    ['2026-06-30', '2026-06-30'],
    ['2026-11-30', '2026-11-30'],
  ])('%j → %j', (text, out) => expect(checkEffectiveDate(text, now)).toBe(out));
  it.each([
    ['2026-12-01', /after today \(2026-11-30\)/],
    ['2026-02-30', /is not a date/],
    ['30/06/2026', /is not a date/],
    ['2010-01-01', /more than 10 years ago/],
  ])('%s refused', (text, message) => expect(() => checkEffectiveDate(text, now)).toThrow(message));
});
