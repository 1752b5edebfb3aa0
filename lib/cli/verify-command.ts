import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fromPem } from '../tsa/pem';
import { BundleReadError, readZip } from '../verify/read-zip';
import { formatReport, type VerifyReport } from '../verify/report';
import { verifyBundle } from '../verify/verify-bundle';
import type { TimestampCheckOptions } from '../verify/verify-timestamps';
import { parseCommandLine, UsageError } from './usage';

/** `prooftrail verify FILE.zip [--json] [--tsa-ca ROOTS.pem]`: 0 when intact, 1 when not, 2 for usage errors. */
export async function runVerify(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    {
      json: { type: 'boolean' },
      'tsa-ca': { type: 'string', multiple: true },
      'max-skew': { type: 'string' },
    },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('verify takes exactly one bundle file');
  const options: TimestampCheckOptions = {};
  if (values['tsa-ca']?.length) options.trustedTsaRoots = values['tsa-ca'].flatMap(readRoots);
  if (values['max-skew'] !== undefined) {
    const seconds = Number(values['max-skew']);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new UsageError(`--max-skew "${values['max-skew']}" must be a number of seconds`);
    options.maxSkewMs = seconds * 1000;
  }
  const file = positionals[0]!;
  const report = await verifyFile(file, options);
  if (values.json) console.log(JSON.stringify({ file, ...report }, null, 2));
  else
    for (const line of formatReport(report, basename(file))) (report.ok ? console.log : console.error)(line);
  return report.ok ? 0 : 1;
}

function readRoots(path: string): Uint8Array[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `--tsa-ca ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  try {
    return fromPem(text);
  } catch {
    throw new UsageError(`--tsa-ca ${path}: no PEM certificate in it`);
  }
}

/** Verifies a bundle on disk; unreadable or non-ZIP input becomes a one-problem report. */
export async function verifyFile(file: string, options: TimestampCheckOptions = {}): Promise<VerifyReport> {
  const fail = (message: string): VerifyReport => ({
    ok: false,
    problems: [{ path: '(bundle)', message }],
    warnings: [],
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
    return await verifyBundle(readZip(bytes), options);
  } catch (e) {
    if (e instanceof BundleReadError) return fail(`${basename(file)} is ${e.message}`);
    throw e;
  }
}
