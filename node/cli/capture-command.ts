import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { tsaUrlProblem } from '../../lib/db/tsa-settings-repo';
import { parseDate } from '../../lib/period/zoned-time';
import { runCaptureJob } from '../automation/capture-job';
import type { RequestTarget } from '../automation/requests-pages';
import { parseCapturer, parseCommandLine, UsageError } from './usage';

/** `prooftrail capture`: one page, tagged, captured through the popup, exported as a bundle. */
export async function runCapture(args: string[]): Promise<number> {
  if (args.some((a) => a === '--recipe' || a.startsWith('--recipe=')))
    return (await import('./recipe-command')).runRecipeCapture(args);
  const { values } = parseCommandLine(args, {
    url: { type: 'string' },
    control: { type: 'string', multiple: true },
    note: { type: 'string' },
    capturer: { type: 'string' },
    out: { type: 'string' },
    'full-page': { type: 'boolean' },
    element: { type: 'string' },
    redact: { type: 'string', multiple: true },
    tsa: { type: 'string', multiple: true },
    profile: { type: 'string' },
    'effective-date': { type: 'string' },
    request: { type: 'string' },
    sample: { type: 'string' },
    population: { type: 'boolean' },
  });
  const effectiveDate = values['effective-date'];
  if (effectiveDate !== undefined) {
    try {
      parseDate(effectiveDate);
    } catch {
      throw new UsageError(`--effective-date "${effectiveDate}" is not a date (YYYY-MM-DD)`);
    }
  }
  const request = requestTarget(values);
  for (const t of values.tsa ?? []) {
    const problem = tsaUrlProblem(t);
    if (problem) throw new UsageError(`--tsa ${problem}`);
  }
  if (values['full-page'] && values.element !== undefined)
    throw new UsageError('choose --full-page or --element, not both');
  if (values.element !== undefined && !values.element.trim())
    throw new UsageError('--element needs a CSS selector');
  if (!values.url) throw new UsageError('--url is required');
  if (!values.control?.length && !request)
    throw new UsageError('at least one --control is required (or --request, whose controls are picked)');
  if (!values.out) throw new UsageError('--out FILE.zip is required');
  if (!values.out.toLowerCase().endsWith('.zip'))
    throw new UsageError(`--out "${values.out}" must end in .zip`);
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    throw new UsageError(`--url "${values.url}" is not a valid address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--url must be http or https, not ${url.protocol}`);
  const capturer = values.capturer ? parseCapturer(values.capturer) : defaultCapturer();
  const result = await runCaptureJob({
    targets: [
      {
        url: url.href,
        controls: values.control ?? [],
        ...(request ? { request } : {}),
        note: values.note,
        mode: values['full-page'] ? 'full-page' : values.element !== undefined ? 'element' : 'visible',
        selector: values.element,
        redact: values.redact,
        effectiveDate,
      },
    ],
    capturer,
    tsaUrls: values.tsa,
    out: values.out,
    profile: values.profile,
    log: (line) => console.error(line),
  });
  console.log(result.bundlePath);
  return 0;
}

/** `--request ID [--sample ID | --population]`: checked here; the request's existence, in the profile. */
function requestTarget(values: {
  request?: string;
  sample?: string;
  population?: boolean;
  profile?: string;
}): RequestTarget | undefined {
  if (values.request === undefined) {
    if (values.sample !== undefined || values.population)
      throw new UsageError('--sample and --population need --request ID');
    return undefined;
  }
  const request = values.request.trim();
  if (!request) throw new UsageError('--request needs a request ID');
  if (!values.profile)
    throw new UsageError('--request needs --profile DIR (the profile the request list was imported into)');
  if (values.sample !== undefined && values.population)
    throw new UsageError('choose --sample ID or --population, not both');
  if (values.sample !== undefined && !values.sample.trim())
    throw new UsageError('--sample needs a sample ID');
  return {
    request,
    ...(values.sample !== undefined ? { sample: values.sample.trim() } : {}),
    ...(values.population ? { population: true } : {}),
  };
}

/** Falls back to git's configured identity when --capturer is not given. */
function defaultCapturer(): { name: string; email: string } {
  const git = (key: string) => {
    try {
      return execFileSync('git', ['config', '--get', key], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return '';
    }
  };
  const name = git('user.name');
  const email = git('user.email');
  if (name && email) return { name, email };
  throw new UsageError(
    `--capturer "NAME <EMAIL>" is required (no git user.name/user.email set for ${userInfo().username})`,
  );
}
