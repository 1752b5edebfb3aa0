import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { BundleReadError, readZip } from '../verify/read-zip';
import { formatReport, type VerifyReport } from '../verify/report';
import { verifyBundle } from '../verify/verify-bundle';
import { parseCommandLine, UsageError } from './usage';

/** `prooftrail verify FILE.zip [--json]`: 0 when intact, 1 when not, 2 for unusable input. */
export async function runVerify(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, { json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('verify takes exactly one bundle file');
  const file = positionals[0]!;
  const report = await verifyFile(file);
  if (values.json) console.log(JSON.stringify({ file, ...report }, null, 2));
  else
    for (const line of formatReport(report, basename(file))) (report.ok ? console.log : console.error)(line);
  return report.ok ? 0 : 1;
}

/** Verifies a bundle on disk; unreadable or non-ZIP input becomes a one-problem report. */
export async function verifyFile(file: string): Promise<VerifyReport> {
  const fail = (message: string): VerifyReport => ({
    ok: false,
    problems: [{ path: '(bundle)', message }],
    summary: { files: 0, captures: 0 },
  });
  let bytes: Uint8Array;
  try {
    if (statSync(file).isDirectory()) return fail(`${file} is a folder, not a bundle ZIP`);
    bytes = readFileSync(file);
  } catch (e) {
    return fail(
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  try {
    return await verifyBundle(readZip(bytes));
  } catch (e) {
    if (e instanceof BundleReadError) return fail(`${basename(file)} is ${e.message}`);
    throw e;
  }
}
