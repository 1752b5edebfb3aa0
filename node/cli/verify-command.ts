import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseFingerprints, parseSignersFile, SignersFileError } from '../../lib/formats/signers-file';
import { trustedRootsWith } from '../../lib/tsa/default-roots';
import { fromPem } from '../../lib/tsa/pem';
import { BundleReadError } from '../../lib/verify/archive';
import { formatReport, type VerifyReport } from '../../lib/verify/report';
import { verifyBundle } from '../../lib/verify/verify-bundle';
import type { VerifyOptions } from '../../lib/verify/verify-options';
import { openBundleFile } from './open-bundle';
import { attachFingerprintValues, parseCommandLine, UsageError } from './usage';

/**
 * `prooftrail verify FILE.zip [--signer FP …] [--signers FILE] [--tsa-ca ROOTS.pem …]
 * [--require-timestamps] [--allow-unsigned] [--max-skew S] [--json]`: 0 when intact, 1 when not,
 * 2 for usage errors.
 */
export async function runVerify(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(
    attachFingerprintValues(args, ['--signer']),
    {
      json: { type: 'boolean' },
      'tsa-ca': { type: 'string', multiple: true },
      'max-skew': { type: 'string' },
      signer: { type: 'string', multiple: true },
      signers: { type: 'string', multiple: true },
      'require-timestamps': { type: 'boolean' },
      'allow-unsigned': { type: 'boolean' },
    },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('verify takes exactly one bundle file');
  const options: VerifyOptions = {
    trustedTsaRoots: trustedRootsWith((values['tsa-ca'] ?? []).flatMap(readRoots)),
    requireTimestamps: values['require-timestamps'] === true,
    allowUnsigned: values['allow-unsigned'] === true,
  };
  const pinned = pinnedSigners(values.signer ?? [], values.signers ?? []);
  if (pinned) options.pinnedSigners = pinned;
  if (values['max-skew'] !== undefined) {
    const seconds = Number(values['max-skew']);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new UsageError(`--max-skew "${values['max-skew']}" must be a number of seconds`);
    options.maxSkewMs = seconds * 1000;
  }
  const file = positionals[0]!;
  const report = await verifyFile(file, options);
  if (values.json) console.log(JSON.stringify({ file, ...report, bundle: undefined }, null, 2));
  else
    for (const line of formatReport(report, basename(file))) (report.ok ? console.log : console.error)(line);
  return report.ok ? 0 : 1;
}

/** Fingerprints from `--signer` and from `--signers` files; undefined when neither was given. */
function pinnedSigners(given: string[], files: string[]): string[] | undefined {
  if (!given.length && !files.length) return undefined;
  const parsed = parseFingerprints(given.join('\n'));
  if (parsed.errors.length) throw new UsageError(`--signer: ${parsed.errors.join('; ')}`);
  const out = new Set(parsed.fingerprints);
  for (const path of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new UsageError(
        `--signers ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    try {
      for (const s of parseSignersFile(bytes, path).signers) out.add(s.fingerprint);
    } catch (e) {
      if (e instanceof SignersFileError) throw new UsageError(`--signers ${e.message}`);
      throw e;
    }
  }
  return [...out];
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

/** Verifies a bundle on disk; unreadable or unsafe input becomes a one-problem report. */
export async function verifyFile(file: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const fail = (message: string): VerifyReport => ({
    ok: false,
    problems: [{ path: '(bundle)', message }],
    warnings: [],
    notes: [],
    summary: { files: 0, captures: 0 },
  });
  try {
    if (statSync(file).isDirectory()) return fail(`${file} is a folder, not a bundle ZIP`);
  } catch (e) {
    return fail(
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  try {
    return await openBundleFile(file, (archive) => verifyBundle(archive, options));
  } catch (e) {
    if (e instanceof BundleReadError) return fail(`${basename(file)}: ${e.message}`);
    throw e;
  }
}
