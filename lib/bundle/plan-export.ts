import { listAllControls } from '../db/catalog-repo';
import type { ProofTrailDb } from '../db/database';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import type { BundleLayout } from '../formats/manifest';
import type { SelectionScope } from '../formats/scope-types';
import { controlsInScope } from './scope';

/** What a person picks in the export form or on the command line; every part optional. */
export interface ScopeChoice {
  controlIds?: string[];
  frameworks?: string[];
  /** First and last UTC day, inclusive, `YYYY-MM-DD`; or ISO times. */
  from?: string;
  to?: string;
  capturers?: string[];
}

/**
 * Turns a choice into the scope a manifest records: the frameworks' controls (from the catalogs
 * and from the controls tagged on stored captures) are folded into `controlIds`.
 */
export async function resolveScope(db: ProofTrailDb, choice: ScopeChoice): Promise<SelectionScope> {
  const scope: SelectionScope = { kind: 'selection' };
  const frameworks = [...new Set(choice.frameworks ?? [])];
  if (choice.controlIds?.length || frameworks.length) {
    const ids = new Set(choice.controlIds ?? []);
    if (frameworks.length) {
      for (const c of await listAllControls(db)) if (frameworks.includes(c.framework)) ids.add(c.id);
      await db.captures.each((capture) => {
        for (const c of capture.controls) if (frameworks.includes(c.framework)) ids.add(c.id);
      });
      scope.frameworks = frameworks;
    }
    scope.controlIds = [...ids].sort();
  }
  if (choice.from) scope.from = dayStart(choice.from);
  if (choice.to) scope.to = dayAfter(choice.to);
  if (choice.capturers?.length)
    scope.capturers = [...new Set(choice.capturers.map((c) => c.trim().toLowerCase()))];
  return scope;
}

/** What an export will write, and roughly how big it will be. */
export interface ExportPlan {
  /** Captures in scope, oldest first, each with the controls it is filed under. */
  captures: { capture: CaptureMetadata; controlIds: string[] }[];
  deletions: DeletionRecord[];
  /** Number of filings: a capture under two controls counts twice (in either layout). */
  filings: number;
  /** Estimated bundle size in bytes. */
  estimatedBytes: number;
}

/** Per capture filed: reports, metadata and ledger lines, roughly (measured on demo bundles). */
const OVERHEAD_PER_FILING = 6_000;
/** Fixed files: viewer page, schema, readme, reports' frames. */
const FIXED_OVERHEAD = 700_000;
/** Write-once layout: a row of a control's captures.csv. */
const INDEX_ROW_BYTES = 300;

/**
 * Picks the captures and deletions of a scope and estimates the bundle's size, reading no image:
 * per-control, a capture's files once per control; write-once, once, plus an index row per control.
 */
export async function planExport(
  db: ProofTrailDb,
  scope: SelectionScope,
  layout: BundleLayout = 'per-control',
): Promise<ExportPlan> {
  const captures: ExportPlan['captures'] = [];
  let bytes = FIXED_OVERHEAD;
  let filings = 0;
  await db.captures.orderBy('capturedAt').each((capture) => {
    const controlIds = controlsInScope(
      {
        controlIds: capture.controlIds,
        capturedAt: capture.capturedAt,
        capturerEmail: capture.capturer.email,
        captureId: capture.id,
      },
      scope,
    );
    if (!controlIds.length) return;
    captures.push({ capture, controlIds });
    filings += controlIds.length;
    const v2 = capture.schema === 'prooftrail.capture/2' ? capture : undefined;
    const perFiling =
      capture.image.byteLength +
      (v2?.pageText?.byteLength ?? 0) / 3 +
      (v2?.pageSnapshot?.byteLength ?? 0) / 3 +
      OVERHEAD_PER_FILING;
    bytes +=
      layout === 'write-once'
        ? perFiling + INDEX_ROW_BYTES * controlIds.length
        : perFiling * controlIds.length;
  });
  const deletions = (await db.deletions.toArray())
    .filter(
      (d) =>
        controlsInScope(
          {
            controlIds: d.controlIds,
            capturedAt: d.capturedAt,
            capturerEmail: d.deletedBy.email,
            captureId: d.captureId,
          },
          scope,
        ).length > 0,
    )
    .sort((a, b) => a.deletedAt.localeCompare(b.deletedAt));
  return { captures, deletions, filings, estimatedBytes: Math.round(bytes) };
}

const dayStart = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : new Date(v).toISOString();
const dayAfter = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(v).toISOString();
  const d = new Date(`${v}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
};
