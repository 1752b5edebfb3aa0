import { type ScopeVerdict, scopeVerdict } from '../bundle/scope';
import type { CaptureMetadata } from '../formats/capture-metadata';
import type { DeletionRecord } from '../formats/deletion-record';
import type { LedgerEntry } from '../formats/ledger-entry';
import { LEDGER_PATH } from '../formats/public-key';
import { canonicalJson, canonicalSha256 } from '../integrity/canonical';
import type { VerifiedCapture, VerifiedLedger } from './verified-bundle';
import type { Findings } from './verify-options';

/**
 * A ledger with the rule saying which of its entries the bundle must account for: `in`, `out`, or
 * `sealed` (a version-2 entry the scope's period and capturers select, whose controls the entry
 * does not name: the bundle may leave it out, on the exporter's signed word).
 */
export interface ScopedLedger extends VerifiedLedger {
  mustAccountFor: (entry: LedgerEntry) => ScopeVerdict;
}

/** What step 6 found besides problems. */
export interface Bindings {
  /** The ledger and entry signing each capture, by capture id. */
  signedBy: Map<string, { signer: string; seq: number }>;
  /** Per ledger folder, the sealed entries whose evidence the bundle leaves out. */
  sealedOut: Map<string, number>;
}

/**
 * Step 6: evidence and ledgers agree. Every capture matches a capture entry (every artifact hash,
 * its time) and no ledger records its deletion; every capture and deletion entry the bundle must
 * account for has its capture or its deletion record; every deletion record equals a signed
 * tombstone field for field (version 1) or hashes to the one it signs (version 2).
 */
export async function checkBindings(
  ledgers: ScopedLedger[],
  captures: ReadonlyMap<string, VerifiedCapture>,
  deletions: readonly DeletionRecord[],
  f: Findings,
): Promise<Bindings> {
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
  const sealedOut = new Map<string, number>();
  for (const l of ledgers) {
    const where = `${l.folder}${LEDGER_PATH}`;
    for (const { entry } of l.records) {
      const verdict = l.mustAccountFor(entry);
      if (verdict === 'out') continue;
      const missing =
        (entry.type === 'capture' && !captures.has(entry.subject) && !tombstones.has(entry.subject)) ||
        (entry.type === 'deletion' && !listed.has(entry.subject));
      if (!missing) continue;
      if (verdict === 'sealed') sealedOut.set(l.folder, (sealedOut.get(l.folder) ?? 0) + 1);
      else if (entry.type === 'capture')
        f.add(where, `capture ${entry.subject} (entry ${entry.seq}) is missing from the bundle (removed?)`);
      else
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
    const recordSha256 = await canonicalSha256(d);
    const backed = (tombstones.get(d.captureId) ?? []).some(({ entry }) =>
      matchesTombstone(d, recordSha256, entry),
    );
    if (!backed)
      f.add(
        'deletions.json',
        `record [${i}] (capture ${d.captureId}) matches no signed tombstone: invented or edited`,
      );
  }
  return { signedBy, sealedOut };
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

/**
 * A deletion record is backed by its tombstone (docs/ledger-format.md, deletion entries): a
 * version-2 tombstone signs the record's hash (`recordSha256`, SHA-256 of its canonical JSON) and
 * repeats its capture, id and times; a version-1 tombstone equals it in every field.
 */
export function matchesTombstone(d: DeletionRecord, recordSha256: string, entry: LedgerEntry): boolean {
  const c = entry.content;
  const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
  if (entry.v === 2)
    return (
      entry.type === 'deletion' &&
      entry.subject === d.captureId &&
      entry.artifacts.deletion === recordSha256 &&
      entry.artifacts.metadata === d.metadataSha256 &&
      entry.artifacts.image === d.imageSha256 &&
      c.deletionId === d.id &&
      c.deletedAt === d.deletedAt &&
      c.capturedAt === d.capturedAt &&
      same(entry.actor, d.deletedBy)
    );
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

/**
 * What a scope is matched against, from a capture or deletion entry: its controls (a version-1
 * entry's `content.controlIds`; unknown for version 2, which does not name them), its capture
 * time and who made it.
 */
export function entrySubject(entry: LedgerEntry) {
  const ids = entry.content.controlIds;
  const at = entry.content.capturedAt;
  return {
    controlIds:
      entry.v === 2
        ? undefined
        : Array.isArray(ids)
          ? ids.filter((x): x is string => typeof x === 'string')
          : [],
    capturedAt: typeof at === 'string' ? at : entry.at,
    capturerEmail: entry.actor.email,
    captureId: entry.subject,
  };
}

/** Whether a scope selects an entry (see `scopeVerdict`). */
export const entryVerdict = (entry: LedgerEntry, scope: Parameters<typeof scopeVerdict>[1]) =>
  scopeVerdict(entrySubject(entry), scope);
