import { describe, expect, it } from 'vitest';
import { coverageBuckets, coverageUnit } from '../../../lib/report/coverage';

const counts = (b: { count: number }[]) => b.map((x) => x.count);

describe('coverageBuckets by week', () => {
  const period = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-29T00:00:00.000Z' };

  it('splits the period into 7-day buckets from its start', () => {
    const b = coverageBuckets(period, []);
    expect(b.map((x) => x.label)).toEqual(['1 Jan', '8 Jan', '15 Jan', '22 Jan']);
    expect(b.map((x) => [x.from, x.to])).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-01-08T00:00:00.000Z'],
      ['2026-01-08T00:00:00.000Z', '2026-01-15T00:00:00.000Z'],
      ['2026-01-15T00:00:00.000Z', '2026-01-22T00:00:00.000Z'],
      ['2026-01-22T00:00:00.000Z', '2026-01-29T00:00:00.000Z'],
    ]);
    expect(coverageUnit(period)).toBe('week');
  });

  it('counts at the edges: start inclusive, bucket ends exclusive, period end inclusive', () => {
    const b = coverageBuckets(period, [
      '2026-01-01T00:00:00.000Z', // period start → week 1
      '2026-01-07T23:59:59.999Z', // last instant of week 1
      '2026-01-08T00:00:00.000Z', // first instant of week 2
      '2026-01-29T00:00:00.000Z', // period end → last week
      '2025-12-31T23:59:59.999Z', // before the period
      '2026-01-29T00:00:00.001Z', // after it
      'not a date',
    ]);
    expect(counts(b)).toEqual([2, 1, 0, 1]); // week 3 is a gap
  });

  it('computes in UTC whatever offset a time is written with', () => {
    // 01:00 at +02:00 on 8 Jan is 23:00 UTC on 7 Jan: still week 1.
    const b = coverageBuckets(period, ['2026-01-08T01:00:00+02:00', '2026-01-07T20:00:00-05:00']);
    expect(counts(b)).toEqual([1, 1, 0, 0]);
  });

  it('ends with a shorter bucket when the period is not whole weeks', () => {
    const b = coverageBuckets({ from: '2026-03-01T00:00:00Z', to: '2026-03-11T12:00:00Z' }, [
      '2026-03-11T12:00:00Z',
    ]);
    expect(b.map((x) => [x.label, x.to])).toEqual([
      ['1 Mar', '2026-03-08T00:00:00.000Z'],
      ['8 Mar', '2026-03-11T12:00:00.000Z'],
    ]);
    expect(counts(b)).toEqual([0, 1]);
  });

  it('gives one bucket when the period is a single instant', () => {
    const at = '2026-05-05T05:05:05.000Z';
    const b = coverageBuckets({ from: at, to: at }, [at, '2026-05-05T05:05:05.001Z']);
    expect(b).toEqual([{ label: '5 May', from: at, to: at, count: 1 }]);
  });

  it('uses weeks up to exactly 16 weeks, months beyond', () => {
    const from = '2026-01-01T00:00:00.000Z';
    const sixteen = new Date(Date.parse(from) + 16 * 7 * 86_400_000).toISOString();
    expect(coverageBuckets({ from, to: sixteen }, [])).toHaveLength(16);
    const longer = new Date(Date.parse(sixteen) + 1).toISOString();
    expect(coverageUnit({ from, to: longer })).toBe('month');
    expect(coverageBuckets({ from, to: longer }, []).map((x) => x.label)).toEqual([
      'Jan 2026',
      'Feb 2026',
      'Mar 2026',
      'Apr 2026',
    ]);
  });
});

describe('coverageBuckets by month', () => {
  it('uses calendar months, clipping the first and last to the period', () => {
    const b = coverageBuckets({ from: '2025-10-15T12:00:00Z', to: '2026-03-10T00:00:00Z' }, [
      '2025-10-15T12:00:00Z',
      '2025-10-31T23:59:59.999Z',
      '2025-12-01T00:00:00Z',
      '2026-02-28T23:00:00Z',
      '2026-03-10T00:00:00Z', // the period's end
      '2025-10-15T11:59:59Z', // before it
    ]);
    expect(b.map((x) => x.label)).toEqual([
      'Oct 2025',
      'Nov 2025',
      'Dec 2025',
      'Jan 2026',
      'Feb 2026',
      'Mar 2026',
    ]);
    expect(b[0]!.from).toBe('2025-10-15T12:00:00.000Z');
    expect(b[0]!.to).toBe('2025-11-01T00:00:00.000Z');
    expect(b[5]).toMatchObject({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z' });
    expect(counts(b)).toEqual([2, 0, 1, 0, 1, 1]);
  });

  it('adds no bucket for a month the period ends at the start of', () => {
    const b = coverageBuckets({ from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, [
      '2026-01-01T00:00:00Z',
    ]);
    expect(b).toHaveLength(12);
    expect(b[11]).toMatchObject({ label: 'Dec 2025', to: '2026-01-01T00:00:00.000Z', count: 1 });
  });

  it('reads date-only bounds as UTC midnight', () => {
    const b = coverageBuckets({ from: '2026-01-01', to: '2026-12-31' }, ['2026-06-30T23:59:59Z']);
    expect(b).toHaveLength(12);
    expect(b[5]).toMatchObject({ label: 'Jun 2026', count: 1 });
  });
});

describe('coverageBuckets with a bad period', () => {
  it('gives no buckets', () => {
    expect(coverageBuckets({ from: 'x', to: '2026-01-01T00:00:00Z' }, [])).toEqual([]);
    expect(coverageBuckets({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, [])).toEqual([]);
  });
});
