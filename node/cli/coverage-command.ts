import { type CoverageJson, coverageJsonSchema } from '../../lib/formats/coverage-json';
import { runCoverageJob } from '../automation/library-job';
import { checkDay, checkDayPair } from './cli-dates';
import { FRAMEWORK_ALIASES } from './export-command';
import { parseCommandLine, UsageError } from './usage';

/**
 * `prooftrail coverage --profile DIR [--framework NAME] [--from DATE --to DATE] [--as-of DATE]
 * [--json]`: the library's coverage view, set so and downloaded as coverage JSON, which is checked
 * against its schema and printed as is (`--json`) or as a table.
 */
export async function runCoverage(args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, {
    profile: { type: 'string' },
    framework: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.profile)
    throw new UsageError('--profile DIR is required (the profile your captures are kept in)');
  const pair = checkDayPair(['--from', '--to'], values.from, values.to);
  const asOf = checkDay('--as-of', values['as-of']);
  if (values.framework !== undefined && !values.framework.trim())
    throw new UsageError('--framework needs a name');
  const framework =
    values.framework && (FRAMEWORK_ALIASES[values.framework.toLowerCase()] ?? values.framework);
  const text = await runCoverageJob({
    profile: values.profile,
    query: { framework, ...pair, asOf },
    log: (l) => console.error(l),
  });
  const checked = coverageJsonSchema.safeParse(JSON.parse(text));
  if (!checked.success)
    throw new Error(
      `the library's coverage JSON does not match its schema: ${checked.error.issues[0]?.message}`,
    );
  console.log(values.json ? JSON.stringify(checked.data, null, 2) : coverageTable(checked.data));
  return 0;
}

/** Coverage as a plain-text table: one line per control, its periods as `first day status`. */
export function coverageTable(c: CoverageJson): string {
  const head = [
    `Coverage as of ${c.asOf}, audit period ${c.period.from} to ${c.period.to} (${c.period.timeZone})`,
    Object.entries(c.counts)
      .map(([s, n]) => `${n} ${s}`)
      .join(' · '),
    '',
  ];
  const rows = c.controls.map((k) => [
    k.id,
    k.framework,
    `${k.cadence} (${k.sensitivity})`,
    k.owner ? `${k.owner.name} <${k.owner.email}>` : '-',
    k.periods
      .map((p) => `${p.start.slice(0, 10)} ${p.status.toUpperCase()}${p.captures ? ` (${p.captures})` : ''}`)
      .join(', '),
  ]);
  const table = [
    ['Control', 'Framework', 'Cadence', 'Owner', 'Periods (first day, status, captures)'],
    ...rows,
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  return [...head, ...(c.controls.length ? lines : ['No control is scheduled.'])].join('\n');
}
