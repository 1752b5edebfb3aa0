import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoverageJson, coverageJsonSchema } from '../../lib/formats/coverage-json';
import type { StaticServer } from '../../node/demo/static-server';
import { describeCliRun, runCli, startFixtureSite, tempDir } from './support';

let site: StaticServer;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site?.close();
});

const dir = tempDir('cli-coverage');
const profile = join(dir, 'profile');
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/**
 * Months around the capture's day (UTC), read from the bundle once captured: the audit period runs
 * from 2 months before that month to 1 after, and coverage is read as of the end of that day.
 */
let today = new Date().toISOString().slice(0, 10);
const monthStart = (k: number) => {
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + k);
  return d.toISOString().slice(0, 10);
};
let from = monthStart(-2);
let to = '';
const lastDayBefore = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
to = lastDayBefore(monthStart(2));
const capturedDay = (zip: string): string => {
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zip))))
    if (name.startsWith('controls/') && name.endsWith('.json'))
      return (JSON.parse(new TextDecoder().decode(bytes)) as { capturedAt: string }).capturedAt.slice(0, 10);
  throw new Error(`no capture record in ${zip}`);
};

const ok = async (args: string[]) => {
  const r = await runCli(args);
  expect(r.status, describeCliRun(r)).toBe(0);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r;
};
const coverageJson = async (...extra: string[]): Promise<CoverageJson> => {
  const r = await ok(['coverage', '--profile', profile, '--json', ...extra]);
  // The printed JSON is exactly the documented format.
  return coverageJsonSchema.parse(JSON.parse(r.stdout));
};

describe('npx prooftrail cadences import / coverage over a profile', () => {
  it('refuses bad command lines clearly, before starting a browser', async () => {
    const csv = file('any.csv', 'control,cadence,owner,sensitivity\nA.5.18,monthly,,every-period\n');
    for (const [args, message] of [
      [
        ['cadences', 'import', '--profile', profile, csv, '--period-from', from],
        '--period-to is required with --period-from',
      ],
      [
        ['cadences', 'import', '--profile', profile, csv, '--period-from', '2026-02-30', '--period-to', to],
        '--period-from "2026-02-30" is not a date that exists',
      ],
      [
        ['cadences', 'import', '--profile', profile, csv, '--period-from', to, '--period-to', from],
        `--period-from ${to} is after --period-to ${from}`,
      ],
      [
        [
          'cadences',
          'import',
          '--profile',
          profile,
          csv,
          '--period-from',
          from,
          '--period-to',
          to,
          '--time-zone',
          'Mars/Olympus',
        ],
        '--time-zone "Mars/Olympus" is not an IANA time zone',
      ],
      [
        ['cadences', 'import', '--profile', profile, csv, '--time-zone', 'UTC'],
        '--time-zone applies to the audit period',
      ],
      [['cadences', 'import', '--profile', profile], 'name the cadence file'],
      [['cadences', 'import', '--profile', profile, join(dir, 'nope.csv')], 'no file at'],
      [['cadences', 'export'], 'unknown cadences command "export"'],
      [['coverage', '--profile', profile, '--from', from], '--to is required with --from'],
      [
        ['coverage', '--profile', profile, '--as-of', 'yesterday'],
        '--as-of "yesterday" is not a date that exists',
      ],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.status, describeCliRun(r)).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });

  it('imports cadences into a profile, refusing a bad file whole with every row named', async () => {
    await ok([
      'capture',
      '--profile',
      profile,
      '--url',
      `${site.origin}/review.html`,
      '--control',
      'A.5.18',
      '--capturer',
      'Dana Reyes <dana@example.test>',
      '--out',
      join(dir, 'review.zip'),
    ]);
    today = capturedDay(join(dir, 'review.zip'));
    from = monthStart(-2);
    to = lastDayBefore(monthStart(2));
    const bad = file(
      'bad.csv',
      'control,cadence,owner,sensitivity\nA.5.18,monthly,,every-period\nA.5.18,weekly,,every-period\nQ.1,fortnightly,Dana,often\n',
    );
    const refused = await runCli([
      'cadences',
      'import',
      '--profile',
      profile,
      bad,
      '--period-from',
      from,
      '--period-to',
      to,
    ]);
    expect(refused.status, describeCliRun(refused)).toBe(1);
    expect(refused.stderr).toContain('bad.csv was refused and nothing was imported: 5 problems.');
    for (const line of [
      'bad.csv, line 4: control "Q.1" is in no catalog',
      'bad.csv, line 4: "fortnightly" is not a cadence',
      'bad.csv, line 4: owner "Dana" is not in the form "Name <email>"',
      'bad.csv, line 4: sensitivity "often" is not most-recent or every-period',
      'bad.csv, line 3: control "A.5.18" is already scheduled at line 2',
    ])
      expect(refused.stderr).toContain(line);
    // Nothing was stored.
    const none = await runCli(['coverage', '--profile', profile]);
    expect(none.status, describeCliRun(none)).toBe(1);
    expect(none.stderr).toContain('nothing is scheduled in this library');

    const good = file(
      'cadences.csv',
      'control,cadence,owner,sensitivity,tolerance\nA.5.18,monthly,Dana Reyes <dana@example.test>,every-period,0\nA.8.32,quarterly,,most-recent,\n',
    );
    const r = await ok([
      'cadences',
      'import',
      '--profile',
      profile,
      good,
      '--period-from',
      from,
      '--period-to',
      to,
      '--time-zone',
      'UTC',
    ]);
    expect(r.stdout.trim()).toBe(
      `Imported 2 schedules from cadences.csv (ISO/IEC 27001:2022); audit period ${from} to ${to} (UTC).`,
    );
  });

  it('prints coverage as the documented JSON and as a table', async () => {
    const c = await coverageJson('--as-of', today);
    expect(c.asOf).toBe(`${today}T23:59:59+00:00`);
    expect(c.period).toEqual({ from, to, timeZone: 'UTC' });
    const a518 = c.controls.find((k) => k.id === 'A.5.18')!;
    expect(a518.owner).toEqual({ name: 'Dana Reyes', email: 'dana@example.test' });
    expect(a518.periods.map((p) => [p.start, p.status, p.captures])).toEqual([
      [`${monthStart(-2)}T00:00:00+00:00`, 'late', 0],
      [`${monthStart(-1)}T00:00:00+00:00`, 'late', 0],
      [`${monthStart(0)}T00:00:00+00:00`, 'present', 1],
      [`${monthStart(1)}T00:00:00+00:00`, 'upcoming', 0],
    ]);
    expect(a518.periods.at(-1)!.end).toBe(`${monthStart(2)}T00:00:00+00:00`);
    expect(c.controls.find((k) => k.id === 'A.8.32')).toMatchObject({
      owner: null,
      sensitivity: 'most-recent',
      toleranceDays: 7,
    });

    // As of a day after the audit period and its tolerance: the gaps are missing for good.
    const after = monthStart(3);
    const later = await coverageJson('--as-of', after);
    expect(later.asOf).toBe(`${after}T23:59:59+00:00`);
    expect(later.counts).toEqual({ present: 1, missing: 4, due: 0, late: 0, upcoming: 0 });

    // --from/--to override the stored period's days.
    const one = await coverageJson('--from', monthStart(0), '--to', monthStart(0), '--framework', 'iso27001');
    expect(one.period).toEqual({ from: monthStart(0), to: monthStart(0), timeZone: 'UTC' });
    expect(one.controls.find((k) => k.id === 'A.5.18')!.periods).toHaveLength(1);

    const table = await ok(['coverage', '--profile', profile, '--as-of', today]);
    expect(table.stdout).toContain(`audit period ${from} to ${to} (UTC)`);
    expect(table.stdout).toMatch(
      new RegExp(
        `A\\.5\\.18 +ISO/IEC 27001:2022 +monthly \\(every-period\\) +Dana Reyes <dana@example\\.test> +${monthStart(-2)} LATE, .*${monthStart(0)} PRESENT \\(1\\)`,
      ),
    );
  });

  it('asks for a framework when frameworks with different periods are scheduled', async () => {
    const soc = file('soc.csv', 'control,cadence,owner,sensitivity\nCC6.1,annual,,every-period\n');
    // Without an audit period SOC 2 is left out, and the command says so.
    await ok(['cadences', 'import', '--profile', profile, soc]);
    const isoOnly = await ok(['coverage', '--profile', profile, '--json']);
    expect(coverageJsonSchema.parse(JSON.parse(isoOnly.stdout)).controls.map((k) => k.id)).toEqual([
      'A.5.18',
      'A.8.32',
    ]);
    expect(isoOnly.stderr).toContain('SOC 2 (TSC 2017) has 1 scheduled control but no audit period');
    await ok([
      'cadences',
      'import',
      '--profile',
      profile,
      soc,
      '--period-from',
      `${today.slice(0, 4)}-01-01`,
      '--period-to',
      `${today.slice(0, 4)}-12-31`,
      '--time-zone',
      'America/New_York',
    ]);
    const r = await runCli(['coverage', '--profile', profile, '--json']);
    expect(r.status, describeCliRun(r)).toBe(1);
    expect(r.stderr).toContain(
      'Several frameworks with different audit periods are scheduled (ISO/IEC 27001:2022:',
    );
    expect(r.stderr).toContain('pick one framework');
    const soc2 = await coverageJson('--framework', 'soc2');
    expect(soc2.controls.map((k) => k.id)).toEqual(['CC6.1']);
    expect(soc2.period.timeZone).toBe('America/New_York');
    const unknown = await runCli(['coverage', '--profile', profile, '--framework', 'Nope']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no control of framework "Nope" is scheduled');
  });
});
