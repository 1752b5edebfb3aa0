import { describe, expect, it } from 'vitest';
import { askRuntime, runtimeParts, wallClock } from '../../../lib/period/zoned-time';
import { seededRandom } from '../../../node/fixtures/seeded-random';

// Zones with daylight-saving changes at odd hours, offsets in quarter and half hours, and
// historical offsets in seconds (local mean time) or changes at odd minutes.
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/St_Johns',
  'Europe/Amsterdam',
  'Africa/Monrovia',
  'Asia/Kolkata',
];

describe('wallClock (the offset remembered per quarter hour)', () => {
  it('reads every instant as the runtime does, around clock changes and in odd offsets', () => {
    const rnd = seededRandom(2026);
    const instants: number[] = [];
    // Every minute (and odd milliseconds) across the 2026 changes in Europe, the US and Australia.
    for (const day of ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01'])
      for (let m = -24 * 60; m <= 24 * 60; m += 7)
        instants.push(Date.parse(`${day}T00:00:00Z`) + m * 60_000 + 999);
    // Random instants from 1900 to 2100, including the local-mean-time years.
    for (let i = 0; i < 3000; i++)
      instants.push(Math.floor(Date.UTC(1900, 0, 1) + rnd() * 200 * 365.25 * 86_400_000));
    for (const zone of ZONES)
      for (const ms of instants) {
        const got = wallClock(ms, zone);
        const want = askRuntime(ms, zone);
        if (JSON.stringify(got) !== JSON.stringify(want))
          expect({ zone, at: new Date(ms).toISOString(), got }).toEqual({
            zone,
            at: new Date(ms).toISOString(),
            got: want,
          });
      }
  });

  it('asks the runtime itself in the quarter hour a clock change falls in', () => {
    // Europe/Berlin springs forward at 01:00 UTC on 2026-03-29: the quarter before is read as
    // before, the quarter after as after, second by second.
    const change = Date.parse('2026-03-29T01:00:00Z');
    expect(wallClock(change - 1, 'Europe/Berlin')).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(wallClock(change, 'Europe/Berlin')).toMatchObject({ hour: 3, minute: 0, second: 0 });
    // Australia/Lord_Howe moves by half an hour (02:00 → 02:30 local) on 2026-10-04, 15:30 UTC the day before.
    const howe = Date.parse('2026-10-03T15:30:00Z');
    expect(wallClock(howe - 1000, 'Australia/Lord_Howe')).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(wallClock(howe, 'Australia/Lord_Howe')).toMatchObject({ hour: 2, minute: 30, second: 0 });
    // Asia/Kolkata went from +05:21:10 to +05:30 on 1905-12-31 at 18:38:50 UTC, inside a
    // quarter hour: every second of that quarter reads as the runtime reads it.
    const zone = 'Asia/Kolkata';
    const quarter = Date.parse('1905-12-31T18:30:00Z');
    const offset = (ms: number) => {
      const w = askRuntime(ms, zone);
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - ms;
    };
    expect([offset(quarter), offset(quarter + 15 * 60_000 - 1000)]).toEqual([19_270_000, 19_800_000]);
    for (let ms = quarter; ms < quarter + 15 * 60_000; ms += 1000)
      expect(wallClock(ms, zone)).toEqual(askRuntime(ms, zone));
  });
});

describe('askRuntime (the formatter read from its string)', () => {
  it('reads what the formatter’s parts say, in every zone, and years the string form does not cover', () => {
    const rnd = seededRandom(13);
    const instants = [
      Date.UTC(999, 11, 31, 23, 59, 59),
      Date.UTC(1000, 0, 1),
      Date.UTC(9999, 11, 31, 23),
      Date.UTC(10_000, 0, 1, 12),
      Date.UTC(-50, 5, 1),
      Date.UTC(2026, 2, 29, 1, 0, 0),
      Date.UTC(2026, 9, 25, 0, 59, 59) + 999,
    ];
    for (let i = 0; i < 2000; i++)
      instants.push(Math.floor(Date.UTC(1850, 0, 1) + rnd() * 300 * 365.25 * 86_400_000));
    for (const zone of ZONES)
      for (const ms of instants)
        expect(askRuntime(ms, zone), `${zone} ${ms}`).toEqual(runtimeParts(ms, zone));
  });
});
