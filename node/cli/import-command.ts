import { existsSync } from 'node:fs';
import { parseFingerprints } from '../../lib/formats/signers-file';
import { runImportJob } from '../automation/library-job';
import { attachFingerprintValues, parseCapturer, parseCommandLine, UsageError } from './usage';

/**
 * `prooftrail import`: teammates' bundles into a profile's library, each verified first. A bundle
 * signed by a key the library does not trust is refused unless `--trust FINGERPRINT` names it.
 */
export async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(
    attachFingerprintValues(args, ['--trust']),
    { profile: { type: 'string' }, as: { type: 'string' }, trust: { type: 'string', multiple: true } },
    true,
  );
  if (!values.profile) throw new UsageError('--profile DIR is required (the library to import into)');
  if (!positionals.length) throw new UsageError('name at least one bundle (.zip) to import');
  for (const f of positionals) {
    if (!f.toLowerCase().endsWith('.zip')) throw new UsageError(`"${f}" is not a .zip bundle`);
    if (!existsSync(f)) throw new UsageError(`"${f}" does not exist`);
  }
  const identity = values.as ? parseCapturer(values.as) : undefined;
  const trust = parseFingerprints((values.trust ?? []).join('\n'));
  if (trust.errors.length) throw new UsageError(`--trust: ${trust.errors.join('; ')}`);
  const results = await runImportJob({
    profile: values.profile,
    bundles: positionals,
    identity,
    trust: trust.fingerprints,
    log: () => undefined,
  });
  let failed = false;
  for (const r of results) {
    if (r.ok) console.log(`${r.file}: ${r.text}`);
    else {
      failed = true;
      console.error(`${r.file}: ${r.text}`);
      for (const line of r.lines) console.error(`  ${line}`);
    }
  }
  return failed ? 1 : 0;
}
