import { existsSync, statSync } from 'node:fs';
import { runCadencesImportJob } from '../automation/library-job';
import { checkDayPair, checkZone } from './cli-dates';
import { parseCommandLine, UsageError } from './usage';

/**
 * `prooftrail cadences import --profile DIR FILE [--period-from DATE --period-to DATE
 * [--time-zone ZONE]]`: the library's "Import cadences" form, driven in headless Chromium.
 */
export async function runCadences(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import')
    throw new UsageError(
      sub ? `unknown cadences command "${sub}" (expected: cadences import)` : 'expected: cadences import',
    );
  const { values, positionals } = parseCommandLine(
    rest,
    {
      profile: { type: 'string' },
      'period-from': { type: 'string' },
      'period-to': { type: 'string' },
      'time-zone': { type: 'string' },
    },
    true,
  );
  if (!values.profile)
    throw new UsageError('--profile DIR is required (the profile your captures are kept in)');
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length
        ? `one cadence file at a time (got ${positionals.length})`
        : 'name the cadence file (.csv or OSCAL .json)',
    );
  const file = positionals[0]!;
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no file at ${file}`);
  const pair = checkDayPair(['--period-from', '--period-to'], values['period-from'], values['period-to']);
  if (values['time-zone'] !== undefined && !pair)
    throw new UsageError(
      '--time-zone applies to the audit period: give --period-from and --period-to with it',
    );
  const period = pair && {
    ...pair,
    timeZone: checkZone(
      '--time-zone',
      values['time-zone'] ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    ),
  };
  const r = await runCadencesImportJob({
    profile: values.profile,
    file,
    period,
    log: (l) => console.error(l),
  });
  if (!r.ok) {
    console.error(r.text || 'the cadence file was refused');
    for (const line of [...r.fieldErrors, ...r.lines]) console.error(`  ${line}`);
    return 1;
  }
  console.log(r.text);
  return 0;
}
