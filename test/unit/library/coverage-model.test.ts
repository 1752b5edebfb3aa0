import { describe, expect, it } from 'vitest';
import {
  asOfInstant,
  buildCoverage,
  coverageJsonOf,
  emptyQuery,
} from '../../../entrypoints/library/coverage-model';
import { readHash } from '../../../entrypoints/library/library-context';
import { coverageJsonSchema } from '../../../lib/formats/coverage-json';
import type { AuditPeriodSetting, ControlSchedule } from '../../../lib/formats/schedule';

const schedule = (controlId: string, framework: string, cadence = 'quarterly'): ControlSchedule => ({
  controlId,
  framework,
  cadence,
  sensitivity: 'every-period',
  toleranceDays: 7,
  updatedAt: '2026-01-01T00:00:00Z',
  source: 'library',
});
const iso = 'ISO/IEC 27001:2022';
const soc = 'SOC 2 (TSC 2017)';
const schedules = [schedule('A.5.18', iso), schedule('A.8.32', iso, 'monthly'), schedule('CC6.1', soc)];
const isoPeriod: AuditPeriodSetting = {
  framework: iso,
  from: '2026-01-01',
  to: '2026-12-31',
  timeZone: 'Europe/Berlin',
};
const captures = [
  { id: 'c1', controlIds: ['A.5.18'], capturedAt: '2026-07-08T10:00:00Z', effectiveDate: '2026-06-30' },
  { id: 'c2', controlIds: ['A.5.18'], capturedAt: '2026-07-08T10:00:00Z' },
];
const now = Date.parse('2026-07-20T12:00:00Z');

describe('coverage model', () => {
  it('reads "as of a day" as the last moment of that day in the zone', () => {
    expect(new Date(asOfInstant('2026-03-29', 'Europe/Berlin', now)).toISOString()).toBe(
      '2026-03-29T21:59:59.999Z',
    );
    expect(asOfInstant('', 'UTC', now)).toBe(now);
  });

  it('shows frameworks with a period, names those without, and counts effective dates', () => {
    const m = buildCoverage({ schedules, periods: [isoPeriod], captures, query: emptyQuery, now });
    expect(m.withoutPeriod).toEqual([{ framework: soc, controls: 1 }]);
    expect(m.grids.map((g) => g.framework)).toEqual([iso]);
    const a518 = m.grids[0]!.coverage.controls.find((c) => c.id === 'A.5.18')!;
    // The review effective 30 June fills Q2; the capture of 8 July fills Q3.
    expect(a518.periods.map((p) => [p.status, p.captureIds])).toEqual([
      ['late', []],
      ['present', ['c1']],
      ['present', ['c2']],
      ['upcoming', []],
    ]);
  });

  it('overrides the period days, refuses reversed or bad ones by field', () => {
    const m = buildCoverage({
      schedules,
      periods: [isoPeriod],
      captures,
      query: { ...emptyQuery, from: '2026-04-01', to: '2026-06-30' },
      now,
    });
    expect(m.grids[0]!.period).toEqual({ ...isoPeriod, from: '2026-04-01', to: '2026-06-30' });
    const reversed = buildCoverage({
      schedules,
      periods: [isoPeriod],
      captures,
      query: { ...emptyQuery, to: '2025-01-01' },
      now,
    });
    expect(reversed.grids).toEqual([]);
    expect(reversed.problems.to).toBe(`${iso}: the period 2026-01-01 to 2025-01-01 ends before it starts`);
  });

  it('downloads one period only: frameworks with different periods need a framework picked', () => {
    const socPeriod = { ...isoPeriod, framework: soc, timeZone: 'America/New_York' };
    const both = buildCoverage({
      schedules,
      periods: [isoPeriod, socPeriod],
      captures,
      query: emptyQuery,
      now,
    });
    expect(coverageJsonOf(both, { schedules, captures })).toMatch(
      /^Several frameworks with different audit periods .*pick one framework$/,
    );
    const same = buildCoverage({
      schedules,
      periods: [isoPeriod, { ...isoPeriod, framework: soc }],
      captures,
      query: emptyQuery,
      now,
    });
    const json = coverageJsonOf(same, { schedules, captures });
    expect(typeof json).toBe('object');
    expect(coverageJsonSchema.parse(json).controls.map((c) => c.id)).toEqual(['A.5.18', 'A.8.32', 'CC6.1']);
    const one = buildCoverage({
      schedules,
      periods: [isoPeriod, socPeriod],
      captures,
      query: { ...emptyQuery, framework: soc },
      now,
    });
    expect(coverageJsonSchema.parse(coverageJsonOf(one, { schedules, captures })).period.timeZone).toBe(
      'America/New_York',
    );
    expect(
      coverageJsonOf(buildCoverage({ schedules: [], periods: [], captures, query: emptyQuery, now }), {
        schedules: [],
        captures,
      }),
    ).toBe('Nothing is scheduled: no coverage to download');
  });

  it('names a framework whose coverage has too many periods instead of failing the view', () => {
    const daily = [schedule('A.5.18', iso, 'daily')];
    const long = { ...isoPeriod, from: '1990-01-01', to: '2026-12-31' };
    const m = buildCoverage({ schedules: daily, periods: [long], captures, query: emptyQuery, now });
    expect(m.grids).toEqual([]);
    expect(m.failed).toEqual([{ framework: iso, reason: expect.stringMatching(/more than 10000 periods/) }]);
    expect(coverageJsonOf(m, { schedules: daily, captures })).toMatch(/^ISO\/IEC 27001:2022: A P1D cadence/);
  });

  it('reads the address: a view, or a control to highlight on coverage', () => {
    const views = ['coverage', 'evidence'];
    expect(readHash('', views)).toEqual({ view: 'coverage' });
    expect(readHash('#evidence', views)).toEqual({ view: 'evidence' });
    expect(readHash('#control=A.5.18', views)).toEqual({ view: 'coverage', control: 'A.5.18' });
    expect(readHash('#control=SOC%202%20CC6.1', views)).toEqual({ view: 'coverage', control: 'SOC 2 CC6.1' });
    expect(readHash('#nope', views)).toEqual({ view: 'coverage' });
  });
});
