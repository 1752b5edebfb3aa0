import { describe, expect, it } from 'vitest';
import { parseCadence } from '../../../lib/period/cadence';
import { addDuration, auditWindow, periodIndexOf, periodsOf } from '../../../lib/period/periods';
import { checkTimeZone, formatInZone, parseDate, startOfDay } from '../../../lib/period/zoned-time';

const audit = (from: string, to: string, timeZone: string) => ({
  from: parseDate(from),
  to: parseDate(to),
  timeZone,
});
/** Each period as `start → end` in the audit period's zone. */
const shown = (from: string, to: string, zone: string, cadence: string) =>
  periodsOf(audit(from, to, zone), parseCadence(cadence)).map(
    (p) => `${formatInZone(p.start, zone)} → ${formatInZone(p.end, zone)}`,
  );
const hours = (p: { start: number; end: number }) => (p.end - p.start) / 3_600_000;

describe('parseCadence', () => {
  it.each([
    ['quarterly', 'P3M', { years: 0, months: 3, days: 0 }],
    ['Monthly', 'P1M', { years: 0, months: 1, days: 0 }],
    ['weekly', 'P1W', { years: 0, months: 0, days: 7 }],
    ['semi-annual', 'P6M', { years: 0, months: 6, days: 0 }],
    ['ANNUAL', 'P1Y', { years: 1, months: 0, days: 0 }],
    ['daily', 'P1D', { years: 0, months: 0, days: 1 }],
    ['p2w', 'P2W', { years: 0, months: 0, days: 14 }],
    [' P1Y6M ', 'P1Y6M', { years: 1, months: 6, days: 0 }],
    ['P1M15D', 'P1M15D', { years: 0, months: 1, days: 15 }],
  ])('%s → %s', (text, iso, duration) => {
    expect(parseCadence(text)).toEqual({ kind: 'every', duration, text: iso });
  });

  it('on-event has no calendar periods', () => {
    expect(parseCadence('On-Event')).toEqual({ kind: 'on-event' });
  });

  it.each([
    ['fortnightly', /^"fortnightly" is not a cadence: use one of on-event, daily, weekly/],
    ['PT1H', /^"PT1H" is not a cadence/],
    ['P1.5M', /^"P1.5M" is not a cadence/],
    ['P0D', /^"P0D" is not a cadence: the duration is zero$/],
    ['P', /^"P" is not a cadence/],
    ['', /^"" is not a cadence/],
  ])('refuses %j', (text, message) => {
    expect(() => parseCadence(text)).toThrow(message);
  });
});

describe('dates and zones', () => {
  it('refuses a date that does not exist, and a zone that is not one', () => {
    expect(() => parseDate('2026-02-30')).toThrow('"2026-02-30" is not a date (expected YYYY-MM-DD).');
    expect(() => parseDate('30/06/2026')).toThrow(/is not a date/);
    expect(() => checkTimeZone('Mars/Olympus')).toThrow('"Mars/Olympus" is not a time zone');
  });

  it('a day whose midnight a daylight-saving change skips starts when the clock jumps', () => {
    // São Paulo, 4 November 2018: 23:59:59 was followed by 01:00.
    const t = startOfDay(parseDate('2018-11-04'), 'America/Sao_Paulo');
    expect(formatInZone(t, 'America/Sao_Paulo')).toBe('2018-11-04T01:00:00-02:00');
  });

  it('month ends do not drift when counted from the first day', () => {
    const monthly = parseCadence('monthly');
    if (monthly.kind !== 'every') throw new Error('monthly');
    expect([1, 2, 3, 13].map((k) => addDuration(parseDate('2026-01-31'), monthly.duration, k))).toEqual([
      { year: 2026, month: 2, day: 28 },
      { year: 2026, month: 3, day: 31 },
      { year: 2026, month: 4, day: 30 },
      { year: 2027, month: 2, day: 28 },
    ]);
  });
});

describe('periodsOf: a cadence’s periods in an audit period', () => {
  it('quarters of a calendar year in Berlin, each from local midnight (winter and summer offsets)', () => {
    expect(shown('2026-01-01', '2026-12-31', 'Europe/Berlin', 'quarterly')).toEqual([
      '2026-01-01T00:00:00+01:00 → 2026-04-01T00:00:00+02:00',
      '2026-04-01T00:00:00+02:00 → 2026-07-01T00:00:00+02:00',
      '2026-07-01T00:00:00+02:00 → 2026-10-01T00:00:00+02:00',
      '2026-10-01T00:00:00+02:00 → 2027-01-01T00:00:00+01:00',
    ]);
  });

  it('a quarter that starts on the day daylight saving begins', () => {
    // Berlin moved its clocks forward on 29 March 2026 and does again on 28 March 2027.
    const periods = periodsOf(audit('2026-03-29', '2027-03-28', 'Europe/Berlin'), parseCadence('P3M'));
    expect(periods.map((p) => formatInZone(p.start, 'Europe/Berlin'))).toEqual([
      '2026-03-29T00:00:00+01:00',
      '2026-06-29T00:00:00+02:00',
      '2026-09-29T00:00:00+02:00',
      '2026-12-29T00:00:00+01:00',
    ]);
    expect(formatInZone(periods.at(-1)!.end, 'Europe/Berlin')).toBe('2027-03-29T00:00:00+02:00');
    // The first quarter lost an hour to the change; the last one too (on 28 March 2027).
    expect(periods.map(hours)).toEqual([92 * 24 - 1, 92 * 24, 91 * 24 + 1, 90 * 24 - 1]);
  });

  it('a week across the end of daylight saving in New York is 169 hours', () => {
    const weeks = periodsOf(audit('2026-10-26', '2026-11-08', 'America/New_York'), parseCadence('weekly'));
    expect(weeks.map(hours)).toEqual([169, 168]);
  });

  it('cuts the last period at the audit period’s end', () => {
    expect(shown('2026-01-01', '2026-05-15', 'UTC', 'quarterly')).toEqual([
      '2026-01-01T00:00:00+00:00 → 2026-04-01T00:00:00+00:00',
      '2026-04-01T00:00:00+00:00 → 2026-05-16T00:00:00+00:00',
    ]);
  });

  it('an event-driven control has the audit period as its one window', () => {
    expect(shown('2026-01-01', '2026-06-30', 'Asia/Tokyo', 'on-event')).toEqual([
      '2026-01-01T00:00:00+09:00 → 2026-07-01T00:00:00+09:00',
    ]);
  });

  it('refuses an audit period that ends before it starts, and a cadence too fine for it', () => {
    expect(() => auditWindow(audit('2026-05-01', '2026-04-30', 'UTC'))).toThrow(
      'The audit period ends before it starts.',
    );
    expect(() => periodsOf(audit('2000-01-01', '2040-12-31', 'UTC'), parseCadence('daily'))).toThrow(
      /more than 10000 periods/,
    );
  });
});

describe('periodIndexOf: which period an instant falls in', () => {
  const zone = 'America/New_York';
  const quarters = periodsOf(audit('2026-01-01', '2026-12-31', zone), parseCadence('quarterly'));
  it.each([
    ['one second before local midnight ending Q1', '2026-03-31T23:59:59-04:00', 0],
    ['local midnight starting Q2', '2026-04-01T00:00:00-04:00', 1],
    ['the same instant written in UTC', '2026-04-01T04:00:00Z', 1],
    ['one second before the year ends, local time', '2026-12-31T23:59:59-05:00', 3],
    ['the first second after the audit period', '2027-01-01T00:00:00-05:00', -1],
    ['before it', '2025-12-31T23:59:59-05:00', -1],
  ])('%s', (_, iso, index) => {
    expect(periodIndexOf(quarters, Date.parse(iso))).toBe(index);
  });
});
