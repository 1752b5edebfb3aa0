import { VERIFIER_PACKAGE } from '../bundle/verifier-package';
import type { Identity } from '../db/types';
import type { ReportCapture, ReportControl, ReportDeletion, ReportModel } from './model';
import { coverageBlocks } from './pdf-coverage';

/**
 * What the PDF report says, in order, before any layout: the renderer (pdf-report.ts) flows these
 * blocks onto A4 pages. Strings are raw here (as in the model); the renderer sanitizes them.
 */
export type ReportBlock =
  /** Start a new page (unless the current one is still empty). */
  | { kind: 'page' }
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'text'; text: string; style?: 'lead' | 'muted' }
  /** A label and its value lines, as a two-column row; `tone` colours the values (a status). */
  | { kind: 'field'; label: string; values: string[]; tone?: 'ok' | 'warn' | 'alert' | 'muted' }
  /** The capture's PNG at `path` in the bundle, or a line saying it is missing. */
  | { kind: 'image'; path: string; sha256: string }
  | { kind: 'rule' };

/** `2026-11-28 10:00:00 UTC` from an ISO-8601 time; the input as is when it does not parse. */
export function formatUtc(iso: string | undefined): string {
  if (!iso) return '(not recorded)';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.000Z$/, 'Z')
    .replace(/Z$/, ' UTC');
}

/** `Name <email>`, with whichever part is present. */
export function formatIdentity(who: Identity | undefined): string {
  const name = who?.name?.trim() ?? '';
  const email = who?.email?.trim() ?? '';
  if (name && email) return `${name} <${email}>`;
  return name || email || '(not recorded)';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Distinct captures (a capture tagged to several controls is filed under each). */
function distinctCaptures(model: ReportModel): ReportCapture[] {
  const byId = new Map<string, ReportCapture>();
  for (const control of model.controls) for (const c of control.captures) byId.set(c.id, byId.get(c.id) ?? c);
  return [...byId.values()];
}

function coverBlocks(model: ReportModel): ReportBlock[] {
  const captures = distinctCaptures(model);
  const filings = model.controls.reduce((n, c) => n + c.captures.length, 0);
  let counts = `${plural(model.controls.length, 'control')}, ${plural(captures.length, 'capture')}`;
  if (model.deletions.length) counts += `, ${plural(model.deletions.length, 'deletion')}`;
  const contents = [counts];
  if (filings !== captures.length)
    contents.push(`${filings} filings: a capture tagged to several controls appears under each`);
  const capturers = [...new Set(captures.map((c) => formatIdentity(c.capturer)))].sort();
  const blocks: ReportBlock[] = [
    { kind: 'title', text: 'Evidence report' },
    { kind: 'text', text: model.scopeLabel, style: 'lead' },
    { kind: 'rule' },
    {
      kind: 'field',
      label: 'Period',
      values: [`${formatUtc(model.period.from)} to ${formatUtc(model.period.to)}`],
    },
    { kind: 'field', label: 'Exported at', values: [formatUtc(model.exportedAt)] },
    { kind: 'field', label: 'Exported by', values: [formatIdentity(model.exportedBy)] },
    { kind: 'field', label: 'Bundle', values: [model.bundleName] },
    { kind: 'field', label: 'Extension', values: [`ProofTrail ${model.extensionVersion}`] },
    { kind: 'field', label: 'Contents', values: contents },
    { kind: 'field', label: 'Captured by', values: capturers.length ? capturers : ['(no captures)'] },
    { kind: 'subheading', text: 'Signing keys' },
  ];
  if (!model.signers.length)
    blocks.push({ kind: 'text', text: 'No signing key: this bundle has no ledger.' });
  for (const signer of model.signers) {
    blocks.push(
      { kind: 'field', label: 'Key fingerprint', values: [signer.fingerprint] },
      {
        kind: 'field',
        label: 'Ledger entries',
        values: [`${signer.entries} entries, ${signer.stamped} with an RFC 3161 timestamp`],
      },
      { kind: 'field', label: 'Used by', values: signer.actors.map(formatIdentity) },
    );
  }
  blocks.push(
    { kind: 'subheading', text: 'How to verify' },
    {
      kind: 'text',
      text: 'This report summarises the bundle; the bundle itself is the evidence. To check it:',
    },
    { kind: 'field', label: 'In a browser', values: ['open verify.html (inside the bundle), offline'] },
    {
      kind: 'field',
      label: 'On the command line',
      values: [`npx ${VERIFIER_PACKAGE} verify ${model.bundleName}`],
    },
    {
      kind: 'text',
      text:
        "Both recompute every file's SHA-256 and check the signed ledger and its timestamps. " +
        'README-AUDITOR.txt in the bundle explains how to check it with stock tools.',
      style: 'muted',
    },
  );
  return blocks;
}

function timestampText(ts: ReportCapture['timestamp']): string {
  if (ts.status === 'pending') return 'pending: not yet stamped by a time-stamp authority';
  if (ts.status === 'none') return 'none';
  const by = ts.tsaName ? ` by ${ts.tsaName}` : '';
  return `stamped (RFC 3161) at ${formatUtc(ts.genTime)}${by}`;
}

function captureBlocks(capture: ReportCapture, index: number, total: number): ReportBlock[] {
  const field = (label: string, value: string): ReportBlock => ({ kind: 'field', label, values: [value] });
  const files = [capture.paths.image, capture.paths.metadata];
  return [
    { kind: 'subheading', text: `Capture ${index + 1} of ${total} · ${capture.id}` },
    { kind: 'image', path: capture.paths.image, sha256: capture.image.sha256 },
    field('Captured at', formatUtc(capture.capturedAt)),
    ...(capture.effectiveDate
      ? [field('Activity date', `${capture.effectiveDate} (as stated by the capturer)`)]
      : []),
    field('Page title', capture.pageTitle || '(none)'),
    field('URL', capture.pageUrl),
    field('Captured by', formatIdentity(capture.capturer)),
    field('Note', capture.note || '(none)'),
    field('Controls', capture.controlIds.join(', ')),
    field('Capture mode', capture.captureMode),
    field('Image', `${capture.image.width} x ${capture.image.height} px`),
    field('Image SHA-256', capture.image.sha256),
    field('Metadata SHA-256', capture.metadataSha256),
    field(
      'Ledger entry',
      capture.ledger
        ? `#${capture.ledger.seq}, key ${capture.ledger.fingerprint}`
        : 'none (not in the ledger)',
    ),
    field('Timestamp', timestampText(capture.timestamp)),
    field('Imported', capture.imported ? "yes, from a teammate's bundle" : 'no'),
    { kind: 'field', label: 'Files in bundle', values: files },
    { kind: 'rule' },
  ];
}

function controlBlocks(control: ReportControl): ReportBlock[] {
  const blocks: ReportBlock[] = [
    { kind: 'page' },
    { kind: 'heading', text: `${control.id} — ${control.title}` },
    {
      kind: 'text',
      text: `${control.framework} · ${plural(control.captures.length, 'capture')}`,
      style: 'muted',
    },
  ];
  control.captures.forEach((capture, i) => {
    blocks.push(...captureBlocks(capture, i, control.captures.length));
  });
  return blocks;
}

function deletionBlocks(deletions: ReportDeletion[]): ReportBlock[] {
  const blocks: ReportBlock[] = [
    { kind: 'page' },
    { kind: 'heading', text: 'Deletions' },
    {
      kind: 'text',
      text: `${plural(deletions.length, 'capture')} in scope ${deletions.length === 1 ? 'was' : 'were'} deleted. Each deletion is an entry in the signed ledger.`,
      style: 'muted',
    },
  ];
  for (const d of deletions) {
    blocks.push(
      { kind: 'subheading', text: `Capture ${d.captureId}` },
      { kind: 'field', label: 'Controls', values: [d.controlIds.join(', ')] },
      { kind: 'field', label: 'Captured at', values: [formatUtc(d.capturedAt)] },
      { kind: 'field', label: 'URL', values: [d.pageUrl] },
      { kind: 'field', label: 'Deleted at', values: [formatUtc(d.deletedAt)] },
      { kind: 'field', label: 'Deleted by', values: [formatIdentity(d.deletedBy)] },
      { kind: 'field', label: 'Reason', values: [d.reason || '(none given)'] },
      { kind: 'rule' },
    );
  }
  return blocks;
}

/** The whole report as blocks: cover, one section per control, then deletions if any. */
export function reportBlocks(model: ReportModel): ReportBlock[] {
  const blocks = coverBlocks(model);
  if (model.coverage) blocks.push(...coverageBlocks(model.coverage));
  if (!model.controls.length) blocks.push({ kind: 'text', text: 'No captures in scope.', style: 'muted' });
  for (const control of model.controls) blocks.push(...controlBlocks(control));
  if (model.deletions.length) blocks.push(...deletionBlocks(model.deletions));
  return blocks;
}
