import { describe, expect, it } from 'vitest';
import {
  frameworkCoverage,
  listAuditPeriods,
  listSchedules,
  removeSchedule,
  saveSchedules,
} from '../../../lib/db/schedules-repo';
import { freshDb } from '../helpers';
import { schedule } from '../schedule-fixture';
import { sampleRecord } from './sample-record';

const ISO = 'ISO/IEC 27001:2022';

describe('schedules repository', () => {
  it('stores schedules and audit periods, and computes coverage per framework with a period', async () => {
    const db = freshDb();
    await saveSchedules(
      db,
      [schedule('A.8.2'), schedule('A.5.18', { owner: { name: 'Dana', email: 'dana@example.test' } })],
      [{ framework: ISO, from: '2026-01-01', to: '2026-06-30', timeZone: 'Europe/Berlin' }],
    );
    await saveSchedules(db, [schedule('CC6.1', { framework: 'SOC 2 (TSC 2017)', cadence: 'P1M' })]);
    const record = await sampleRecord(undefined, { capturedAt: '2026-02-01T10:00:00.000Z' });
    await db.captures.put(record);
    expect((await listSchedules(db)).map((s) => s.controlId)).toEqual(['A.5.18', 'A.8.2', 'CC6.1']);
    const { coverage, withoutPeriod } = await frameworkCoverage(db, Date.parse('2026-05-01T00:00:00Z'));
    expect(withoutPeriod).toEqual(['SOC 2 (TSC 2017)']);
    expect(coverage).toHaveLength(1);
    expect(coverage[0]!.controls.map((c) => [c.id, c.periods.map((p) => p.status)])).toEqual([
      ['A.5.18', ['present', 'due']],
      ['A.8.2', ['late', 'due']],
    ]);
    await removeSchedule(db, 'A.8.2');
    expect((await listSchedules(db)).map((s) => s.controlId)).toEqual(['A.5.18', 'CC6.1']);
  });

  it('refuses a batch with one bad row or period whole, keeping what was stored', async () => {
    const db = freshDb();
    await saveSchedules(db, [schedule('A.5.18')]);
    await expect(
      saveSchedules(db, [schedule('A.8.2'), schedule('A.5.15', { cadence: 'fortnightly' })]),
    ).rejects.toThrow(/cadence/);
    await expect(
      saveSchedules(
        db,
        [schedule('A.8.2')],
        [{ framework: ISO, from: '2026-06-30', to: '2026-01-01', timeZone: 'UTC' }],
      ),
    ).rejects.toThrow(/ends before it starts/);
    await expect(
      saveSchedules(
        db,
        [schedule('A.8.2')],
        [{ framework: ISO, from: '2026-01-01', to: '2026-06-30', timeZone: 'Mars/Base' }],
      ),
    ).rejects.toThrow(/time zone/);
    expect((await listSchedules(db)).map((s) => s.controlId)).toEqual(['A.5.18']);
    expect(await listAuditPeriods(db)).toEqual([]);
  });
});
