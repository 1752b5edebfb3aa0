import type { ProofTrailDb } from '../db/database';
import { listTimestamps } from '../db/timestamps-repo';
import type { Identity } from '../db/types';
import { LEDGER_PATH, ledgerEntryPath, SHA256SUMS_PATH, timestampPath } from '../formats/bundle-paths';
import type { LedgerRecord } from '../formats/ledger-entry';
import type { BundleManifest, ManifestFile, ManifestWithoutFiles } from '../formats/manifest';
import { CHECKSUMS_BUNDLE_VERSION, MANIFEST_PATH } from '../formats/schema-ids';
import { sha256Sums } from '../formats/sha256sums';
import { canonicalJson } from '../integrity/canonical';
import { sha256Hex } from '../integrity/sha256';
import { appendIfLast, LedgerMoved } from '../ledger/commit';
import { exportDraft } from '../ledger/drafts';
import { entryBytes } from '../ledger/entry-bytes';
import { addLedgerFiles } from './ledger-files';
import { type LedgerSource, localLedgerSource } from './ledger-sources';
import type { ZipWriter } from './zip-writer';

const encoder = new TextEncoder();

/** What the exporter has written when it comes to sign. */
export interface UnsignedExport {
  fileName: string;
  /** The manifest without the exporter's ledger files and `signers` (added here). */
  manifest: ManifestWithoutFiles;
  files: ManifestFile[];
  actor: Identity;
  /** Asks a TSA to stamp the export entry now (the library's queue); resolves when done or given up. */
  timestampNow?: () => Promise<void>;
  now?: () => Date;
}

/**
 * Writes the exporter's ledger and signs the export: entries' exact bytes, replies and public key
 * (listed in the manifest), then the `export` entry committing to the manifest's bytes (which list
 * SHA256SUMS, format 9), then SHA256SUMS, ledger.jsonl, the export entry's own bytes and replies,
 * and manifest.json last. If the ledger
 * grows meanwhile (a capture in another tab), the new entries are written too and the manifest is
 * made again, so the export entry always follows everything the manifest lists.
 */
export async function signExport(
  db: ProofTrailDb,
  zip: ZipWriter,
  u: UnsignedExport,
  certs: Map<string, Uint8Array>,
): Promise<{ manifest: BundleManifest; record: LedgerRecord }> {
  const files = [...u.files];
  let written = 0;
  for (let attempt = 0; attempt < 10; attempt++) {
    const local = await localLedgerSource(db);
    const records = local?.records ?? [];
    if (local)
      files.push(...(await addLedgerFiles(zip, sliceAfter(local, written), certs, { withJsonl: false })));
    written = records.length;
    const sums = await withSha256Sums(u.manifest.formatVersion, files);
    const manifest: BundleManifest = { ...u.manifest, files: sums.files } as BundleManifest;
    const bytes = encoder.encode(canonicalJson(manifest));
    const manifestSha256 = await sha256Hex(bytes as BufferSource);
    // The entry stays in the ledger for good and later bundles carry it: it names neither the
    // bundle nor its scope, only the manifest's hash, its time and its counts.
    const draft = exportDraft(
      manifestSha256,
      {
        exportedAt: manifest.exportedAt,
        captureCount: manifest.captureCount,
        deletionCount: manifest.deletionCount,
        fileCount: manifest.files.length,
      },
      u.actor,
    );
    let record: LedgerRecord;
    try {
      record = await appendIfLast(db, draft, written, u.now);
    } catch (e) {
      if (e instanceof LedgerMoved) continue;
      throw e;
    }
    await u.timestampNow?.();
    if (sums.bytes) await zip.add(SHA256SUMS_PATH, sums.bytes, true);
    await writeLedgerEnd(db, zip, [...records, record]);
    await zip.add(MANIFEST_PATH, bytes, true);
    return { manifest, record };
  }
  throw new Error('The evidence ledger kept growing during the export; try again.');
}

/**
 * Format 9: the files with `SHA256SUMS` last, made from them (every file the manifest lists before
 * it); its bytes go into the ZIP once the export entry that signs the manifest is committed.
 */
async function withSha256Sums(
  formatVersion: number,
  files: ManifestFile[],
): Promise<{ files: ManifestFile[]; bytes?: Uint8Array }> {
  if (formatVersion < CHECKSUMS_BUNDLE_VERSION) return { files };
  const bytes = sha256Sums(files);
  const sha256 = await sha256Hex(bytes as BufferSource);
  return {
    files: [...files, { path: SHA256SUMS_PATH, sha256, size: bytes.byteLength, role: 'checksums' }],
    bytes,
  };
}

/** The part of a ledger source after its first `n` records (files already written are skipped). */
function sliceAfter(source: LedgerSource, n: number): LedgerSource & { from: number } {
  return { ...source, from: n + 1 };
}

/** ledger.jsonl, then the export entry's exact bytes and whatever replies it got in time. */
async function writeLedgerEnd(db: ProofTrailDb, zip: ZipWriter, records: LedgerRecord[]) {
  const last = records[records.length - 1]!;
  await zip.add(LEDGER_PATH, encoder.encode(records.map((r) => `${canonicalJson(r)}\n`).join('')), true);
  await zip.add(ledgerEntryPath(last.entry.seq), entryBytes(last.entry), true);
  const stamped = (await listTimestamps(db))
    .filter((t) => t.seq === last.entry.seq && t.status === 'stamped' && t.token)
    .sort((a, b) => a.tsaUrl.localeCompare(b.tsaUrl));
  for (const [i, t] of stamped.entries())
    await zip.add(timestampPath(last.entry.seq, i + 1), t.token!, false);
}
