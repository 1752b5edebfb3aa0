import { asSelection, intersectScopes } from '../bundle/scope';
import type { DeletionRecord } from '../formats/deletion-record';
import type { LedgerRecord } from '../formats/ledger-entry';
import type { BundleManifest } from '../formats/manifest';
import type { PublicKeyFile } from '../formats/public-key';
import type { LedgerCoverage } from '../formats/scope-types';
import { readTimeStampResponse } from '../tsa/response';
import type { BundleArchive } from '../verify/archive';
import type { VerifiedBundle, VerifiedLedger } from '../verify/verified-bundle';
import type { TeammateCapture } from './store-teammate-captures';

/** A capture in a verified bundle with its files, and its preview when the bundle carries one. */
export interface BundleCapture extends TeammateCapture {
  thumbnail?: { bytes: Uint8Array; type: string };
}

/** A signed ledger in a verified bundle, with its replies and what the bundle covers of it. */
export interface BundleLedger {
  publicKey: PublicKeyFile;
  records: LedgerRecord[];
  tokens: { seq: number; n: number; token: Uint8Array; genTime: string; tsaName: string }[];
  coverage: LedgerCoverage[];
}

/** Everything an import takes from a bundle that verified. */
export interface BundleEvidence {
  captures: BundleCapture[];
  ledgers: BundleLedger[];
  deletions: DeletionRecord[];
}

const thumbTypes: Record<string, string> = { webp: 'image/webp', png: 'image/png', jpg: 'image/jpeg' };

/**
 * Reads the evidence of a bundle that verified: each capture once (from its first folder, or its
 * single copy under captures/ in a write-once bundle), with all the controls its record carries,
 * the files its record describes, read with the sizes the record gives; each signed ledger with
 * its replies and what the bundle covers of it; the deletion records.
 */
export async function readBundleEvidence(
  archive: BundleArchive,
  bundle: VerifiedBundle,
): Promise<BundleEvidence> {
  const listed = new Map(bundle.manifest.files.map((f) => [f.path, f]));
  const captures: BundleCapture[] = [];
  for (const { record, bases, signer, seq } of bundle.captures) {
    const base = bases[0]!;
    const capture: BundleCapture = {
      record,
      signer,
      seq,
      image: await archive.read(`${base}.png`, record.image.byteLength),
    };
    if (record.schema === 'prooftrail.capture/2') {
      if (record.pageText) capture.text = await archive.read(`${base}.txt`, record.pageText.byteLength);
      if (record.pageSnapshot)
        capture.snapshot = await archive.read(
          `${base}.${record.pageSnapshot.format}`,
          record.pageSnapshot.byteLength,
        );
    }
    const thumb = Object.keys(thumbTypes)
      .map((ext) => listed.get(`${base}.thumb.${ext}`))
      .find((f) => f !== undefined);
    if (thumb)
      capture.thumbnail = {
        bytes: await archive.read(thumb.path, thumb.size),
        type: thumbTypes[thumb.path.split('.').pop()!]!,
      };
    captures.push(capture);
  }
  const ledgers = bundle.ledgers.map((l) => withCoverage(l, bundle.manifest));
  return { captures, ledgers, deletions: bundle.deletions };
}

/** A ledger with its replies read and its coverage narrowed to the bundle's scope. */
function withCoverage(l: VerifiedLedger, manifest: BundleManifest): BundleLedger {
  const tokens = l.tokens.map((t) => {
    const info = readTimeStampResponse(t.der.slice().buffer);
    return { seq: t.seq, n: t.n, token: t.der, genTime: info.genTime, tsaName: info.tsaName };
  });
  const scope = asSelection(manifest.scope);
  const root = manifest.signers[0];
  const last = l.folder === '' ? (root?.throughSeq ?? l.records.length) : l.records.length;
  const coverage: LedgerCoverage[] = l.coverage
    ? l.coverage.map((c) => ({ ...intersectScopes(scope, c), throughSeq: Math.min(c.throughSeq, last) }))
    : [{ ...scope, throughSeq: last }];
  return { publicKey: l.publicKey, records: l.records, tokens, coverage };
}
