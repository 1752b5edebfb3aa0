import { readFileSync } from 'node:fs';
import { parseFingerprints, parseSignersFile, SignersFileError } from '../../lib/formats/signers-file';
import { checkStore, type StoreCheckReport } from '../../lib/store/check-store';
import { ownersPrefix } from '../../lib/store/store-settings';
import { checkDay } from './cli-dates';
import { parseStoreTarget, storeClient } from './store-target';
import { attachFingerprintValues, parseCommandLine, UsageError } from './usage';

const target = {
  store: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
} as const;

/** `prooftrail store check|push …` */
export async function runStore(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'check') return storeCheck(rest);
  if (sub === 'push') return (await import('./store-push')).storePush(rest);
  throw new UsageError(`store takes "check" or "push", not ${sub ? `"${sub}"` : 'nothing'}`);
}

/**
 * `store check --store s3://B/P --endpoint URL [--until YYYY-MM-DD] [--signer FP …] [--signers
 * FILE …] [--json]`: reads every owner's objects back and checks them (lib/store/check-store.ts).
 * 0 when everything holds, 1 when not.
 */
async function storeCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(attachFingerprintValues(args, ['--signer']), {
    ...target,
    until: { type: 'string' },
    signer: { type: 'string', multiple: true },
    signers: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`store check takes no file (${positionals[0]})`);
  const where = parseStoreTarget(values);
  const day = checkDay('--until', values.until);
  const until = day ? new Date(`${day}T00:00:00Z`) : undefined;
  const trusted = trustedSigners(values.signer ?? [], values.signers ?? []);
  const client = await storeClient(where);
  const report = await checkStore(client, ownersPrefix(where), {
    until,
    trusted,
    onProgress: process.stderr.isTTY
      ? (done, total) => process.stderr.write(`\rread ${done} of ${total} objects`)
      : undefined,
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else
    for (const line of describe(report, `s3://${where.bucket}/${where.prefix}`, until))
      (report.ok ? console.log : console.error)(line);
  return report.ok ? 0 : 1;
}

function describe(report: StoreCheckReport, name: string, until?: Date): string[] {
  const lines = [
    `${report.ok ? 'OK' : 'FAILED'}: ${name}: ${report.owners.length} owner${report.owners.length === 1 ? '' : 's'}, ${report.objects} objects, ${(report.bytes / 1e6).toFixed(1)} MB read back${until ? `, every object locked until at least ${until.toISOString().slice(0, 10)}` : ''}`,
  ];
  for (const o of report.owners)
    lines.push(
      `  owner ${o.fingerprint}${o.name ? ` (${o.name} <${o.email}>)` : ''}: ${o.entries} ledger entries, ${o.captures} captures, ${o.deletions} deletions${o.trusted === undefined ? '' : o.trusted ? ', trusted' : ', NOT TRUSTED'}`,
    );
  for (const p of report.problems) lines.push(`  problem: ${p.path}: ${p.message}`);
  for (const w of report.warnings) lines.push(`  note: ${w.path}: ${w.message}`);
  return lines;
}

function trustedSigners(given: string[], files: string[]): Set<string> | undefined {
  if (!given.length && !files.length) return undefined;
  const parsed = parseFingerprints(given.join('\n'));
  if (parsed.errors.length) throw new UsageError(`--signer: ${parsed.errors.join('; ')}`);
  const out = new Set(parsed.fingerprints);
  for (const path of files) {
    try {
      for (const s of parseSignersFile(readFileSync(path), path).signers) out.add(s.fingerprint);
    } catch (e) {
      if (e instanceof SignersFileError) throw new UsageError(`--signers ${e.message}`);
      throw new UsageError(
        `--signers ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
  }
  return out;
}
