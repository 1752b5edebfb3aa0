import type { BundleScope, SelectionScope } from '../formats/scope-types';

/** What a scope is matched against: a capture record, or the content of its ledger entry. */
export interface ScopeSubject {
  controlIds: readonly string[];
  capturedAt: string;
  capturerEmail: string;
  /** The capture's ID, matched against a scope's `captureIds` (a request's bundle). */
  captureId?: string;
}

/** Any scope as a selection: `all` selects everything, `control` one control. */
export function asSelection(scope: BundleScope): SelectionScope {
  if (scope.kind === 'all') return { kind: 'selection' };
  if (scope.kind === 'control') return { kind: 'selection', controlIds: [scope.controlId] };
  return scope;
}

/** The controls of a subject that the scope selects (none when it is out of scope). */
export function controlsInScope(subject: ScopeSubject, scope: BundleScope): string[] {
  const s = asSelection(scope);
  const t = Date.parse(subject.capturedAt);
  if (s.from && !(t >= Date.parse(s.from))) return [];
  if (s.to && !(t < Date.parse(s.to))) return [];
  if (s.capturers && !s.capturers.some((c) => c.toLowerCase() === subject.capturerEmail.toLowerCase()))
    return [];
  if (s.captureIds && !(subject.captureId !== undefined && s.captureIds.includes(subject.captureId)))
    return [];
  return s.controlIds
    ? subject.controlIds.filter((id) => s.controlIds!.includes(id))
    : [...subject.controlIds];
}

/** True when the scope selects the subject under at least one of its controls. */
export function inScope(subject: ScopeSubject, scope: BundleScope): boolean {
  return controlsInScope(subject, scope).length > 0;
}

/**
 * Whether a scope selects a ledger entry: `in` or `out`, or `sealed` when only the entry's
 * controls could tell (a version-2 entry does not name them) and the scope picks controls.
 */
export type ScopeVerdict = 'in' | 'out' | 'sealed';

/** The verdict for a subject whose controls may be unknown (`controlIds` undefined). */
export function scopeVerdict(
  subject: Omit<ScopeSubject, 'controlIds'> & { controlIds?: readonly string[] },
  scope: BundleScope,
): ScopeVerdict {
  const { controlIds } = subject;
  if (controlIds) return inScope({ ...subject, controlIds }, scope) ? 'in' : 'out';
  // Any one control stands in for the unknown ones: time and capturer decide the rest.
  if (!inScope({ ...subject, controlIds: ['*'] }, { ...asSelection(scope), controlIds: undefined }))
    return 'out';
  return asSelection(scope).controlIds ? 'sealed' : 'in';
}

/** The selection both scopes make: a scope per imported bundle narrows what a ledger must cover. */
export function intersectScopes(a: BundleScope, b: BundleScope): SelectionScope {
  const x = asSelection(a);
  const y = asSelection(b);
  const both = <T>(p?: T[], q?: T[]) => (p && q ? p.filter((v) => q.includes(v)) : (p ?? q));
  const later = (p?: string, q?: string) => (p && q ? (Date.parse(p) >= Date.parse(q) ? p : q) : (p ?? q));
  const earlier = (p?: string, q?: string) => (p && q ? (Date.parse(p) <= Date.parse(q) ? p : q) : (p ?? q));
  const out: SelectionScope = { kind: 'selection' };
  const controlIds = both(x.controlIds, y.controlIds);
  const captureIds = both(x.captureIds, y.captureIds);
  if (captureIds) out.captureIds = captureIds;
  const capturers = both(
    x.capturers?.map((c) => c.toLowerCase()),
    y.capturers?.map((c) => c.toLowerCase()),
  );
  const from = later(x.from, y.from);
  const to = earlier(x.to, y.to);
  if (controlIds) out.controlIds = controlIds;
  if (capturers) out.capturers = capturers;
  if (from) out.from = from;
  if (to) out.to = to;
  return out;
}

/** A scope in words, e.g. `Controls A.5.18, A.8.2 · 2026-01-01 to 2026-03-31 · by dana@example.com`. */
export function describeScope(scope: BundleScope): string {
  const s = asSelection(scope);
  const parts: string[] = [];
  if (s.request) parts.push(`Request ${s.request}`);
  if (s.frameworks?.length) parts.push(`Framework ${s.frameworks.join(', ')}`);
  const picked = s.controlIds && !s.frameworks?.length ? s.controlIds : undefined;
  if (picked) parts.push(`${picked.length === 1 ? 'Control' : 'Controls'} ${listShort(picked)}`);
  if (s.frameworks?.length && s.controlIds) parts.push(`${s.controlIds.length} controls`);
  if (s.from || s.to) parts.push(`${s.from ? day(s.from) : 'start'} to ${s.to ? lastDay(s.to) : 'today'}`);
  if (s.capturers?.length) parts.push(`captured by ${s.capturers.join(', ')}`);
  return parts.length ? parts.join(' · ') : 'All evidence';
}

/** A short tag for file names: `all`, `A.5.18`, `3-controls`, `ISO-IEC-27001-2022`, … */
export function scopeFileTag(scope: BundleScope): string {
  const s = asSelection(scope);
  const tags: string[] = [];
  if (s.request) tags.push(`request-${s.request}`);
  else if (s.frameworks?.length === 1) tags.push(s.frameworks[0]!);
  else if (s.controlIds?.length === 1) tags.push(s.controlIds[0]!);
  else if (s.controlIds) tags.push(`${s.controlIds.length}-controls`);
  if (s.from || s.to) tags.push(`${s.from ? day(s.from) : 'start'}_${s.to ? lastDay(s.to) : 'now'}`);
  if (s.capturers?.length === 1) tags.push(s.capturers[0]!.split('@')[0]!);
  const tag = tags
    .join('_')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '');
  return (tag || 'all').slice(0, 80);
}

/** Problems with a scope a person picked, as sentences (empty when fine). */
export function scopeProblems(scope: SelectionScope): string[] {
  const problems: string[] = [];
  if (scope.controlIds && !scope.controlIds.length) problems.push('No control is selected.');
  for (const [name, v] of [
    ['start date', scope.from],
    ['end date', scope.to],
  ] as const)
    if (v !== undefined && Number.isNaN(Date.parse(v))) problems.push(`The ${name} "${v}" is not a date.`);
  if (scope.from && scope.to && Date.parse(scope.from) >= Date.parse(scope.to))
    problems.push('The start date is after the end date.');
  if (scope.capturers && !scope.capturers.length) problems.push('No capturer is selected.');
  if (scope.captureIds && !scope.captureIds.length) problems.push('No capture is selected.');
  return problems;
}

const day = (iso: string) => iso.slice(0, 10);
/** The last day a `to` bound (exclusive) includes. */
const lastDay = (iso: string) => {
  const d = new Date(Date.parse(iso) - 1);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
};
const listShort = (ids: string[]) =>
  ids.length > 6 ? `${ids.slice(0, 6).join(', ')} and ${ids.length - 6} more` : ids.join(', ');
