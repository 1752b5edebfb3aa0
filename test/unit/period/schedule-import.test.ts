import { describe, expect, it } from 'vitest';
import { builtinControls } from '../../../lib/catalog/builtin';
import type { Control } from '../../../lib/catalog/types';
import { parseOscalPlan } from '../../../lib/period/oscal-plan';
import { parseScheduleCsv } from '../../../lib/period/schedule-csv';
import { parseScheduleFile } from '../../../lib/period/schedule-import';

const now = new Date('2026-07-01T10:00:00Z');
const custom: Control[] = [
  { id: 'X-1', title: 'Custom one', framework: 'Acme controls' },
  { id: 'DUP-1', title: 'In one', framework: 'Acme controls' },
  { id: 'DUP-1', title: 'In another', framework: 'Beta controls' },
];
const catalog = [...builtinControls, ...custom];

describe('cadence CSV', () => {
  it('reads every row, headers in any order and case, with framework and tolerance', () => {
    const r = parseScheduleCsv(
      [
        'Sensitivity,CONTROL,cadence,Owner,Tolerance,framework',
        'every-period,A.5.18,quarterly,Dana Reyes <dana@example.test>,10,',
        'most-recent,cc6.1,P1M,,,',
        'every-period,DUP-1,annual,"Rey, Sam <sam@example.test>",,Beta controls',
        'every-period,A.8.32,On-Event,,0,',
        '',
      ].join('\n'),
      catalog,
      now,
    );
    expect(r).toEqual({
      ok: true,
      frameworks: ['Beta controls', 'ISO/IEC 27001:2022', 'SOC 2 (TSC 2017)'],
      schedules: [
        {
          controlId: 'A.5.18',
          framework: 'ISO/IEC 27001:2022',
          cadence: 'quarterly',
          sensitivity: 'every-period',
          owner: { name: 'Dana Reyes', email: 'dana@example.test' },
          toleranceDays: 10,
          updatedAt: now.toISOString(),
          source: 'csv',
        },
        {
          controlId: 'CC6.1',
          framework: 'SOC 2 (TSC 2017)',
          cadence: 'P1M',
          sensitivity: 'most-recent',
          toleranceDays: 7,
          updatedAt: now.toISOString(),
          source: 'csv',
        },
        {
          controlId: 'DUP-1',
          framework: 'Beta controls',
          cadence: 'annual',
          sensitivity: 'every-period',
          owner: { name: 'Rey, Sam', email: 'sam@example.test' },
          toleranceDays: 7,
          updatedAt: now.toISOString(),
          source: 'csv',
        },
        {
          controlId: 'A.8.32',
          framework: 'ISO/IEC 27001:2022',
          cadence: 'on-event',
          sensitivity: 'every-period',
          toleranceDays: 0,
          updatedAt: now.toISOString(),
          source: 'csv',
        },
      ],
    });
  });

  it('refuses the whole file, naming every bad row by line and reason', () => {
    const r = parseScheduleCsv(
      [
        'control,cadence,owner,sensitivity,tolerance',
        'A.5.18,quarterly,Dana <dana@example.test>,every-period,',
        'Z.9.9,quarterly,,every-period,',
        'A.5.15,hourly,,every-period,',
        'A.5.16,PT1H,Dana,sometimes,',
        'DUP-1,monthly,,most-recent,',
        'A.5.17,monthly,,most-recent,400',
        'A.5.18,monthly,,most-recent,',
        'A.5.19,monthly',
      ].join('\n'),
      catalog,
      now,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      'line 3: control "Z.9.9" is in no catalog (built-in or imported)',
      expect.stringMatching(/^line 4: "hourly" is not a cadence/),
      expect.stringMatching(/^line 5: "PT1H" is not a cadence/),
      'line 5: owner "Dana" is not in the form "Name <email>"',
      'line 5: sensitivity "sometimes" is not most-recent or every-period',
      'line 6: control "DUP-1" is in several frameworks ("Acme controls", "Beta controls"): add a framework column',
      'line 7: tolerance "400" is not a whole number of days from 0 to 366',
      'line 9: expected 5 columns as in the header, found 2',
      'line 8: control "A.5.18" is already scheduled at line 2',
    ]);
  });

  it('refuses a header it does not know, or one lacking a column', () => {
    const r = parseScheduleCsv('control,cadence,owner,colour\nA.5.18,monthly,,red\n', catalog, now);
    expect(r).toEqual({
      ok: false,
      problems: [
        'line 1: unknown column "colour" (expected control, cadence, owner, sensitivity, and optionally framework, tolerance)',
        'line 1: the header lacks "sensitivity" (expected control, cadence, owner, sensitivity)',
      ],
    });
    expect(parseScheduleCsv('', catalog, now)).toEqual({
      ok: false,
      problems: ['line 1: the file is empty'],
    });
    expect(parseScheduleCsv('control,cadence,owner,sensitivity\n', catalog, now)).toEqual({
      ok: false,
      problems: ['line 2: the file has a header but no rows'],
    });
  });

  it('names a control that is not in the framework the row gives', () => {
    const r = parseScheduleCsv(
      'control,cadence,owner,sensitivity,framework\nA.5.18,monthly,,most-recent,SOC 2 (TSC 2017)\n',
      catalog,
      now,
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        'line 2: control "A.5.18" is not in framework "SOC 2 (TSC 2017)" (it is in "ISO/IEC 27001:2022")',
      ],
    });
  });
});

const plan = (tasks: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    'assessment-plan': {
      uuid: '7a1b0c55-0000-4000-8000-000000000001',
      metadata: {
        title: 'Plan',
        parties: [
          { uuid: 'p-1', type: 'person', name: 'Dana Reyes', 'email-addresses': ['dana@example.test'] },
          { uuid: 'p-2', type: 'person', name: 'No Mail' },
        ],
      },
      'local-definitions': {
        activities: [
          {
            uuid: 'act-access',
            title: 'Access review',
            'related-controls': {
              'control-selections': [
                { 'include-controls': [{ 'control-id': 'a.5.18' }, { 'control-id': 'CC6.1' }] },
              ],
            },
          },
          {
            uuid: 'act-change',
            title: 'Change review',
            'related-controls': {
              'control-selections': [{ 'include-controls': [{ 'control-id': 'A.8.32' }] }],
            },
          },
          {
            uuid: 'act-all',
            title: 'Everything',
            'related-controls': { 'control-selections': [{ 'include-all': {} }] },
          },
          {
            uuid: 'act-unknown',
            title: 'Unknown',
            'related-controls': {
              'control-selections': [{ 'include-controls': [{ 'control-id': 'ac-2' }] }],
            },
          },
        ],
      },
      tasks,
      ...extra,
    },
  });

describe('OSCAL Assessment Plan', () => {
  it('turns at-frequency tasks, nested ones too, into cadences with owners from responsible parties', () => {
    const r = parseOscalPlan(
      plan([
        {
          uuid: 't-1',
          type: 'milestone',
          title: 'Kick-off',
          timing: { 'on-date': { date: '2026-01-05T09:00:00Z' } },
          tasks: [
            {
              uuid: 't-1a',
              type: 'action',
              title: 'Quarterly access review',
              timing: { 'at-frequency': { period: 3, unit: 'months' } },
              'associated-activities': [{ 'activity-uuid': 'act-access', subjects: [] }],
              'responsible-roles': [{ 'role-id': 'owner', 'party-uuids': ['p-2', 'p-1'] }],
            },
          ],
        },
        {
          uuid: 't-2',
          type: 'action',
          title: 'Fortnightly change check',
          timing: { 'at-frequency': { period: 14, unit: 'days' } },
          'associated-activities': [{ 'activity-uuid': 'act-change' }],
        },
      ]),
      catalog,
      now,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(
      r.schedules.map((s) => [s.controlId, s.framework, s.cadence, s.sensitivity, s.owner?.email, s.source]),
    ).toEqual([
      ['A.5.18', 'ISO/IEC 27001:2022', 'P3M', 'every-period', 'dana@example.test', 'oscal'],
      ['CC6.1', 'SOC 2 (TSC 2017)', 'P3M', 'every-period', 'dana@example.test', 'oscal'],
      ['A.8.32', 'ISO/IEC 27001:2022', 'P14D', 'every-period', undefined, 'oscal'],
    ]);
    expect(r.frameworks).toEqual(['ISO/IEC 27001:2022', 'SOC 2 (TSC 2017)']);
  });

  it('refuses the whole plan, naming every bad task by path and title', () => {
    const r = parseOscalPlan(
      plan([
        {
          uuid: 't-ok',
          title: 'Fine',
          timing: { 'at-frequency': { period: 1, unit: 'years' } },
          'associated-activities': [{ 'activity-uuid': 'act-change' }],
        },
        {
          uuid: 't-hours',
          title: 'Hourly scan',
          timing: { 'at-frequency': { period: 12, unit: 'hours' } },
          'associated-activities': [{ 'activity-uuid': 'act-change' }],
        },
        {
          uuid: 't-zero',
          title: 'Zero',
          timing: { 'at-frequency': { period: 0, unit: 'days' } },
          'associated-activities': [{ 'activity-uuid': 'act-change' }],
        },
        {
          uuid: 't-weeks',
          title: 'Weeks',
          timing: { 'at-frequency': { period: 2, unit: 'weeks' } },
          'associated-activities': [{ 'activity-uuid': 'act-change' }],
        },
        {
          uuid: 't-missing',
          title: 'Missing activity',
          timing: { 'at-frequency': { period: 1, unit: 'months' } },
          'associated-activities': [{ 'activity-uuid': 'nope' }],
        },
        {
          uuid: 't-all',
          title: 'All',
          timing: { 'at-frequency': { period: 1, unit: 'months' } },
          'associated-activities': [{ 'activity-uuid': 'act-all' }],
        },
        {
          uuid: 't-unknown',
          title: 'NIST control',
          timing: { 'at-frequency': { period: 1, unit: 'months' } },
          'associated-activities': [{ 'activity-uuid': 'act-unknown' }],
        },
        {
          uuid: 't-again',
          title: 'Again',
          timing: { 'at-frequency': { period: 6, unit: 'months' } },
          'associated-activities': [{ 'activity-uuid': 'act-change' }],
        },
      ]),
      catalog,
      now,
    );
    const t = (i: number, title: string) => `$.assessment-plan.tasks[${i}] (task "${title}")`;
    expect(r).toEqual({
      ok: false,
      problems: [
        `${t(1, 'Hourly scan')}: every 12 hours is shorter than a day: coverage counts whole days (use days, months or years)`,
        `${t(2, 'Zero')}: timing.at-frequency.period 0 is not a positive whole number`,
        `${t(3, 'Weeks')}: timing.at-frequency.unit "weeks" is not one of seconds, minutes, hours, days, months, years`,
        `${t(4, 'Missing activity')}: associated-activities[0]: activity "nope" is not in local-definitions.activities`,
        `${t(4, 'Missing activity')}: its activities name no controls (related-controls.include-controls)`,
        `${t(5, 'All')}: activity act-all includes all controls: name them with include-controls`,
        `${t(5, 'All')}: its activities name no controls (related-controls.include-controls)`,
        `${t(6, 'NIST control')}: control "ac-2" is in no catalog (built-in or imported)`,
        `${t(7, 'Again')}: control "A.8.32" is already scheduled at ${t(0, 'Fine')}`,
      ],
    });
  });

  it('refuses what is not an assessment plan, or one without frequencies', () => {
    expect(parseOscalPlan('{"catalog":{}}', catalog, now)).toEqual({
      ok: false,
      problems: ['$: not an OSCAL Assessment Plan (no "assessment-plan" object)'],
    });
    expect(parseOscalPlan('{', catalog, now).ok).toBe(false);
    expect(
      parseOscalPlan(
        plan([{ uuid: 't', title: 'Once', timing: { 'on-date': { date: 'x' } } }]),
        catalog,
        now,
      ),
    ).toEqual({
      ok: false,
      problems: ['$.assessment-plan.tasks: no task has timing.at-frequency'],
    });
  });
});

describe('parseScheduleFile', () => {
  it('reads JSON as OSCAL and anything else as CSV, naming the file in each problem', () => {
    expect(parseScheduleFile('plan.json', '{"x":1}', catalog, now)).toEqual({
      ok: false,
      problems: ['plan.json, $: not an OSCAL Assessment Plan (no "assessment-plan" object)'],
    });
    const csv = parseScheduleFile(
      'c.csv',
      'control,cadence,owner,sensitivity\nA.5.18,weekly,,most-recent\n',
      catalog,
      now,
    );
    expect(csv.ok && csv.schedules[0]?.cadence).toBe('weekly');
  });
});
