import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_LAYOUTS, type BundleLayout } from '../../lib/formats/schema-ids';
import { parseFingerprints } from '../../lib/formats/signers-file';
import type { LaunchedBrowser } from '../automation/launch';
import { runExportJob } from '../automation/library-job';
import { runRequestExportJob } from '../automation/requests-pages';
import { readTeamFromStore } from '../automation/store-job';
import { parseStoreTarget } from './store-target';
import { attachFingerprintValues, parseCapturer, parseCommandLine, UsageError } from './usage';

/** Framework names the command line accepts besides the exact ones. */
export const FRAMEWORK_ALIASES: Record<string, string> = {
  iso27001: 'ISO/IEC 27001:2022',
  'iso-27001': 'ISO/IEC 27001:2022',
  soc2: 'SOC 2 (TSC 2017)',
  'soc-2': 'SOC 2 (TSC 2017)',
};

/** `prooftrail export`: a scope of a profile's stored evidence, through the library page. */
export async function runExport(args: string[]): Promise<number> {
  const { values } = parseCommandLine(attachFingerprintValues(args, ['--trust']), {
    profile: { type: 'string' },
    store: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    trust: { type: 'string', multiple: true },
    as: { type: 'string' },
    control: { type: 'string', multiple: true },
    framework: { type: 'string', multiple: true },
    from: { type: 'string' },
    to: { type: 'string' },
    capturer: { type: 'string', multiple: true },
    out: { type: 'string' },
    pdf: { type: 'string' },
    request: { type: 'string' },
    layout: { type: 'string' },
  });
  const layout = parseLayout(values.layout);
  const fromStore = values.store !== undefined ? parseStoreTarget(values) : undefined;
  if (!fromStore && (values.endpoint || values.trust || values.as))
    throw new UsageError('--endpoint, --trust and --as go with --store');
  if (fromStore && values.request !== undefined)
    throw new UsageError('--request cannot be combined with --store');
  const trust = parseFingerprints((values.trust ?? []).join('\n'));
  if (trust.errors.length) throw new UsageError(`--trust: ${trust.errors.join('; ')}`);
  const exporter = values.as ? parseCapturer(values.as) : undefined;
  // From the store without a profile: a new one, used once (its key signs the export).
  const profile =
    values.profile ?? (fromStore ? mkdtempSync(join(tmpdir(), 'prooftrail-store-export-')) : undefined);
  if (!profile) throw new UsageError('--profile DIR is required (the profile your captures are kept in)');
  if (!values.out) throw new UsageError('--out FILE.zip is required');
  if (!values.out.toLowerCase().endsWith('.zip'))
    throw new UsageError(`--out "${values.out}" must end in .zip`);
  if (values.pdf !== undefined && !values.pdf.toLowerCase().endsWith('.pdf'))
    throw new UsageError(`--pdf "${values.pdf}" must end in .pdf`);
  if (values.request !== undefined && layout === 'write-once')
    throw new UsageError(
      "--layout write-once cannot be combined with --request (a request's bundle copies each sample into its request folder)",
    );
  if (values.request !== undefined) return exportRequest({ ...values, profile, out: values.out });
  for (const [name, v] of [
    ['--from', values.from],
    ['--to', values.to],
  ] as const)
    if (v !== undefined && !isDay(v)) throw new UsageError(`${name} "${v}" is not a date (YYYY-MM-DD)`);
  if (values.from && values.to && values.from > values.to)
    throw new UsageError(`--from ${values.from} is after --to ${values.to}`);
  for (const c of values.capturer ?? [])
    if (!/^[^\s@]+@[^\s@]+$/.test(c)) throw new UsageError(`--capturer "${c}" is not an e-mail address`);
  for (const c of values.control ?? []) if (!c.trim()) throw new UsageError('--control needs a control ID');
  const frameworks = (values.framework ?? []).map((f) => FRAMEWORK_ALIASES[f.toLowerCase()] ?? f);
  const result = await runExportJob({
    profile,
    ...(fromStore
      ? {
          before: (b: LaunchedBrowser) =>
            readTeamFromStore(
              b,
              fromStore,
              trust.fingerprints,
              exporter ?? { name: 'ProofTrail CLI', email: 'cli@prooftrail.invalid' },
            ),
        }
      : {}),
    scope: {
      controls: values.control,
      frameworks,
      from: values.from,
      to: values.to,
      capturers: values.capturer,
      layout,
    },
    out: values.out,
    pdf: values.pdf,
    log: (line) => console.error(line),
  });
  console.log(result.bundlePath);
  if (result.pdfPath) console.log(result.pdfPath);
  return 0;
}

/** `--request ID`: the request's linked captures, with requests/<ID>/ and requests.csv. */
async function exportRequest(values: {
  profile: string;
  out: string;
  request?: string;
  pdf?: string;
  control?: string[];
  framework?: string[];
  from?: string;
  to?: string;
  capturer?: string[];
}): Promise<number> {
  const request = values.request?.trim();
  if (!request) throw new UsageError('--request needs a request ID');
  const mixed = (['control', 'framework', 'from', 'to', 'capturer', 'pdf'] as const).filter(
    (k) => values[k] !== undefined,
  );
  if (mixed.length)
    throw new UsageError(
      `--request exports the request's linked captures; it cannot be combined with ${mixed.map((k) => `--${k}`).join(', ')}`,
    );
  const path = await runRequestExportJob({
    profile: values.profile,
    request,
    out: values.out,
    log: (line) => console.error(line),
  });
  console.log(path);
  return 0;
}

/** `--layout`: one of the bundle layouts (docs/bundle-format.md, Layouts); per-control when absent. */
export function parseLayout(value: string | undefined): BundleLayout {
  if (value === undefined) return 'per-control';
  if ((BUNDLE_LAYOUTS as readonly string[]).includes(value)) return value as BundleLayout;
  throw new UsageError(`--layout "${value}" is not a layout: use ${BUNDLE_LAYOUTS.join(' or ')}`);
}

function isDay(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
}
