import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../node/cli/main';

/** Runs the CLI in-process for arguments refused before any browser starts; returns code and stderr. */
async function run(args: string[]) {
  const errors: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const code = await main(args);
  return { code, stderr: errors.join('\n') };
}
afterEach(() => vi.restoreAllMocks());

describe('request arguments on the command line', () => {
  it.each([
    [['requests'], 'prooftrail requests: expected: requests import --profile DIR FILE.csv'],
    [
      ['requests', 'list'],
      'prooftrail requests: unknown requests command "list" (expected: requests import)',
    ],
    [['requests', 'import', 'a.csv'], '--profile DIR is required (the library to import the requests into)'],
    [['requests', 'import', '--profile', 'p'], 'name the request list (CSV) to import'],
    [['requests', 'import', '--profile', 'p', 'a.csv', 'b.csv'], 'name one request list, not 2'],
    [
      ['requests', 'import', '--profile', 'p', '/nonexistent/pbc.csv'],
      '"/nonexistent/pbc.csv" does not exist or cannot be read',
    ],
    [
      ['capture', '--url', 'http://127.0.0.1:9/', '--control', 'A.5.1', '--sample', 'S1', '--out', 'x.zip'],
      '--sample and --population need --request ID',
    ],
    [
      ['capture', '--url', 'http://127.0.0.1:9/', '--request', 'PBC-1', '--out', 'x.zip'],
      '--request needs --profile DIR (the profile the request list was imported into)',
    ],
    [
      [
        'capture',
        '--profile',
        'p',
        '--url',
        'http://127.0.0.1:9/',
        '--request',
        'PBC-1',
        '--sample',
        'S',
        '--population',
        '--out',
        'x.zip',
      ],
      'choose --sample ID or --population, not both',
    ],
    [
      ['capture', '--profile', 'p', '--url', 'http://127.0.0.1:9/', '--request', ' ', '--out', 'x.zip'],
      '--request needs a request ID',
    ],
    [
      ['export', '--profile', 'p', '--request', 'PBC-1', '--control', 'A.5.1', '--out', 'x.zip'],
      "--request exports the request's linked captures; it cannot be combined with --control",
    ],
    [['export', '--profile', 'p', '--request', 'PBC-1', '--out', 'x.txt'], '--out "x.txt" must end in .zip'],
  ])('%j is refused: %s', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('lists the request commands in the usage text', async () => {
    const r = await run(['capture', '--bogus']);
    expect(r.stderr).toContain('prooftrail requests import --profile DIR FILE.csv');
    expect(r.stderr).toContain('prooftrail export --profile DIR --request ID --out FILE.zip');
    expect(r.stderr).toContain('[--request ID [--sample ID | --population]]');
  });
});
