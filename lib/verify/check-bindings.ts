import { inScope } from '../bundle/scope';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import type { LedgerEntry } from '../formats/ledger-entry';
import { LEDGER_PATH } from '../formats/public-key';
import { canonicalJson } from '../integrity/canonical';
import type { VerifiedCapture, VerifiedLedger } from './verified-bundle';
import type { Findings } from './verify-options';

/** A ledger with the rule saying which of its entries the bundle must account for. */
export interface ScopedLedger extends VerifiedLedger {
  mustAccountFor: (entry: LedgerEntry) => boolean;
}

/**
 * Step 6: evidence and ledgers agree. Every capture matches a capture entry (every artifact hash,
 * its time) and no ledger records its deletion; every capture and deletion entry the bundle must
 * account for has its capture or its deletion record; every deletion record equals a signed
 * tombstone field for field.
 */
export function checkBindings(
  ledgers: ScopedLedger[],
  captures: ReadonlyMap<string, VerifiedCapture>,
  deletions: readonly DeletionRecord[],
  f: Findings,
): Map<string, { signer: string; seq: number }> {
  const signedBy = new Map<string, { signer: string; seq: number }>();
  const captureEntries = new Map<string, { entry: LedgerEntry; where: string }>();
  const tombstones = new Map<string, { entry: LedgerEntry; where: string }[]>();
  for (const l of ledgers)
    for (const { entry } of l.records) {
      const where = `${l.folder}${LEDGER_PATH}`;
      if (entry.type === 'capture' && !captureEntries.has(entry.subject))
        captureEntries.set(entry.subject, { entry, where });
      if (entry.type === 'deletion')
        tombstones.set(entry.subject, [...(tombstones.get(entry.subject) ?? []), { entry, where }]);
    }
  for (const [id, { record, bases }] of captures) {
    const path = `${bases[0]}.json`;
    const found = captureEntries.get(id);
    if (!found) f.add(path, `capture ${id} has no ledger entry (added to the bundle?)`);
    else {
      signedBy.set(id, { signer: found.entry.key, seq: found.entry.seq });
      const differs = Object.entries(expectedArtifacts(record)).filter(
        ([k, v]) => found.entry.artifacts[k] !== v,
      );
      if (
        differs.length ||
        Object.keys(found.entry.artifacts).length !== Object.keys(expectedArtifacts(record)).length
      )
        f.add(
          path,
          `capture ${id} differs from ${found.where} entry ${found.entry.seq} (${differs.map(([k]) => k).join(', ') || 'artifacts'} replaced)`,
        );
      if (found.entry.content.capturedAt !== record.capturedAt)
        f.add(
          path,
          `capturedAt ${record.capturedAt} differs from ${found.where} entry ${found.entry.seq} (${String(found.entry.content.capturedAt)})`,
        );
    }
    if (tombstones.has(id)) f.add(path, `capture ${id} is in the bundle but a ledger records its deletion`);
  }
  const listed = new Map(deletions.map((d) => [d.captureId, d]));
  for (const l of ledgers) {
    const where = `${l.folder}${LEDGER_PATH}`;
    for (const { entry } of l.records) {
      if (!l.mustAccountFor(entry)) continue;
      if (entry.type === 'capture' && !captures.has(entry.subject) && !tombstones.has(entry.subject))
        f.add(where, `capture ${entry.subject} (entry ${entry.seq}) is missing from the bundle (removed?)`);
      if (entry.type === 'deletion' && !listed.has(entry.subject))
        f.add(
          'deletions.json',
          `the deletion of capture ${entry.subject} (${where} entry ${entry.seq}) is not listed`,
        );
    }
  }
  const seen = new Set<string>();
  for (const [i, d] of deletions.entries()) {
    if (seen.has(d.captureId))
      f.add('deletions.json', `record [${i}] lists the deletion of capture ${d.captureId} twice`);
    seen.add(d.captureId);
    const backed = (tombstones.get(d.captureId) ?? []).some(({ entry }) => matchesTombstone(d, entry));
    if (!backed)
      f.add(
        'deletions.json',
        `record [${i}] (capture ${d.captureId}) matches no signed tombstone: invented or edited`,
      );
  }
  return signedBy;
}

/** The artifacts a capture entry signs for a record: metadata and image, page text and snapshot when kept. */
function expectedArtifacts(record: CaptureMetadata): Record<string, string> {
  const v2 = record.schema === 'prooftrail.capture/2' ? record : undefined;
  return {
    metadata: record.metadataSha256,
    image: record.image.sha256,
    ...(v2?.pageText ? { pageText: v2.pageText.sha256 } : {}),
    ...(v2?.pageSnapshot ? { pageSnapshot: v2.pageSnapshot.sha256 } : {}),
  };
}

/** A deletion record equals its tombstone in every field (docs/ledger-format.md, deletion entries). */
export function matchesTombstone(d: DeletionRecord, entry: LedgerEntry): boolean {
  const c = entry.content;
  const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
  return (
    entry.type === 'deletion' &&
    entry.subject === d.captureId &&
    entry.artifacts.metadata === d.metadataSha256 &&
    entry.artifacts.image === d.imageSha256 &&
    deletionTimeMatches(d, entry) &&
    c.reason === d.reason &&
    c.pageUrl === d.pageUrl &&
    c.capturedAt === d.capturedAt &&
    same(c.controlIds, d.controlIds) &&
    same(entry.actor, d.deletedBy)
  );
}

/**
 * The record's id and time are the tombstone's `deletionId` and `deletedAt`. Tombstones written
 * before those were signed (ProofTrail 0.3) name neither: the record was made in the same
 * transaction as its tombstone, so its time must be within two minutes of the entry's.
 */
function deletionTimeMatches(d: DeletionRecord, entry: LedgerEntry): boolean {
  const c = entry.content;
  if (c.deletionId !== undefined || c.deletedAt !== undefined)
    return c.deletionId === d.id && c.deletedAt === d.deletedAt;
  return Math.abs(Date.parse(d.deletedAt) - Date.parse(entry.at)) <= 120_000;
}

/** What a scope is matched against, from a capture or deletion entry's content. */
export function entrySubject(entry: LedgerEntry) {
  const ids = entry.content.controlIds;
  const at = entry.content.capturedAt;
  return {
    controlIds: Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [],
    capturedAt: typeof at === 'string' ? at : entry.at,
    capturerEmail: entry.actor.email,
  };
}

/** True when an entry's subject falls in a scope. */
export const entryInScope = (entry: LedgerEntry, scope: Parameters<typeof inScope>[1]) =>
  inScope(entrySubject(entry), scope);
