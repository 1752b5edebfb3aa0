import { statSync } from 'node:fs';
import { runRequestsImportJob } from '../automation/requests-pages';
import { parseCommandLine, UsageError } from './usage';

/** `prooftrail requests import --profile DIR FILE`: an auditor's request list, through the library. */
export async function runRequests(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import')
    throw new UsageError(
      sub
        ? `unknown requests command "${sub}" (expected: requests import)`
        : 'expected: requests import --profile DIR FILE.csv',
    );
  const { values, positionals } = parseCommandLine(rest, { profile: { type: 'string' } }, true);
  if (!values.profile)
    throw new UsageError('--profile DIR is required (the library to import the requests into)');
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length
        ? `name one request list, not ${positionals.length}`
        : 'name the request list (CSV) to import',
    );
  const file = positionals[0]!;
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UsageError(`"${file}" is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`"${file}" does not exist or cannot be read`);
  }
  if (size > 20 << 20) throw new UsageError(`"${file}" is ${size} bytes; a request list is at most 20 MB`);
  const result = await runRequestsImportJob({ profile: values.profile, file });
  if (result.ok) {
    console.log(result.text);
    return 0;
  }
  console.error(result.text);
  for (const p of result.problems) console.error(`  ${p}`);
  return 1;
}
