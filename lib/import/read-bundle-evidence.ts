import { asSelection, intersectScopes } from '../bundle/scope';
import { LEDGER_PATH, PUBLIC_KEY_PATH } from '../formats/bundle-paths';
import { type CaptureMetadata, captureMetadataSchema } from '../formats/capture-metadata';
import { type DeletionRecord, deletionRecordSchema } from '../formats/deletion-record';
import { type LedgerRecord, ledgerRecordSchema } from '../formats/ledger-entry';
import type { BundleManifest } from '../formats/manifest';
import { type PublicKeyFile, publicKeyFileSchema } from '../formats/public-key';
import type { LedgerCoverage } from '../formats/scope-types';
import { readTimeStampResponse } from '../tsa/response';
import { recordPathOf, roleOfPath } from '../verify/file-roles';
import type { ZipContents } from '../verify/read-zip';

/** A capture in a verified bundle with its files. */
export interface BundleCapture {
  record: CaptureMetadata;
  image: Uint8Array;
  text?: Uint8Array;
  snapshot?: Uint8Array;
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

const decoder = new TextDecoder();
const json = (bytes: Uint8Array) => JSON.parse(decoder.decode(bytes)) as unknown;
const thumbTypes: Record<string, string> = { webp: 'image/webp', png: 'image/png', jpg: 'image/jpeg' };

/**
 * Reads the evidence out of a bundle that `verifyBundle` passed (so every file is where and what
 * the manifest says): one entry per capture however many control folders hold it, each signed
 * ledger with its tokens, and the deletion records.
 */
export function readBundleEvidence(zip: ZipContents, manifest: BundleManifest): BundleEvidence {
  const captures = new Map<string, BundleCapture>();
  for (const file of manifest.files) {
    if (roleOfPath(file.path) !== 'metadata') continue;
    const record = captureMetadataSchema.parse(json(zip.files.get(file.path)!));
    if (captures.has(record.id)) continue;
    const base = file.path.replace(/\.json$/, '');
    const capture: BundleCapture = { record, image: zip.files.get(`${base}.png`)! };
    if (record.schema === 'prooftrail.capture/2') {
      if (record.pageText) capture.text = zip.files.get(`${base}.txt`);
      if (record.pageSnapshot) capture.snapshot = zip.files.get(`${base}.${record.pageSnapshot.format}`);
    }
    const thumb = manifest.files.find(
      (f) => roleOfPath(f.path) === 'thumbnail' && recordPathOf(f.path) === file.path,
    );
    if (thumb) {
      const ext = thumb.path.split('.').pop()!;
      capture.thumbnail = {
        bytes: zip.files.get(thumb.path)!,
        type: thumbTypes[ext] ?? 'application/octet-stream',
      };
    }
    captures.set(record.id, capture);
  }
  const deletionsBytes = zip.files.get('deletions.json');
  const deletions = deletionsBytes
    ? (json(deletionsBytes) as unknown[]).map((d) => deletionRecordSchema.parse(d))
    : [];
  const folders =
    manifest.formatVersion >= 4
      ? (manifest.signers ?? [])
      : zip.files.has(LEDGER_PATH)
        ? [{ folder: '', fingerprint: '', coverage: undefined }]
        : [];
  const ledgers = folders.map((s) => readLedger(zip, manifest, s.folder, s.coverage));
  return { captures: [...captures.values()], ledgers, deletions };
}

function readLedger(
  zip: ZipContents,
  manifest: BundleManifest,
  folder: string,
  coverage: LedgerCoverage[] | undefined,
): BundleLedger {
  const publicKey = publicKeyFileSchema.parse(json(zip.files.get(`${folder}${PUBLIC_KEY_PATH}`)!));
  const records = decoder
    .decode(zip.files.get(`${folder}${LEDGER_PATH}`)!)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => ledgerRecordSchema.parse(JSON.parse(l)));
  const tokens: BundleLedger['tokens'] = [];
  for (const [path, der] of zip.files) {
    if (!path.startsWith(folder)) continue;
    const m = /^ledger\/(\d{6})(?:\.(\d+))?\.tsr$/.exec(path.slice(folder.length));
    if (!m) continue;
    const info = readTimeStampResponse(der.slice().buffer);
    tokens.push({
      seq: Number(m[1]),
      n: Number(m[2] ?? 1),
      token: der,
      genTime: info.genTime,
      tsaName: info.tsaName,
    });
  }
  const last = records.length;
  const scope = asSelection(manifest.scope);
  const covered: LedgerCoverage[] = coverage
    ? coverage.map((c) => ({ ...intersectScopes(scope, c), throughSeq: Math.min(c.throughSeq, last) }))
    : [{ ...scope, throughSeq: last }];
  return { publicKey, records, tokens, coverage: covered };
}
