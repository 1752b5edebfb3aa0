import type { ProofTrailDb } from '../db/database';
import { type ImageSumsRow, sumsOf } from '../db/image-sums';
import { peekDeviceKey } from '../db/keys-repo';
import { listLedger } from '../db/ledger-repo';
import { getIdentity } from '../db/settings-repo';
import { thumbnailRow } from '../db/thumbnail-sums';
import { findUntrustedSigners, trustSigners } from '../db/trusted-signers-repo';
import type { Identity, SignerRow, ThumbnailRow, TrustedSignerRow } from '../db/types';
import { sha256Hex } from '../integrity/sha256';
import { commitWithLedger } from '../ledger/commit';
import { importDraft } from '../ledger/drafts';
import { type BundleArchive, BundleReadError } from '../verify/archive';
import { claimedActor } from '../verify/check-signers';
import { readZip } from '../verify/read-zip';
import { formatReport } from '../verify/report';
import type { VerifiedBundle } from '../verify/verified-bundle';
import { verifyBundle } from '../verify/verify-bundle';
import type { VerifyOptions } from '../verify/verify-options';
import { blobSource } from '../zip/blob-source';
import { openZipArchive } from '../zip/open-zip-archive';
import { type BundleCapture, type BundleLedger, readBundleEvidence } from './read-bundle-evidence';
import { SignersNotTrusted } from './signers-not-trusted';
import { storeTeammateCaptures, teammateTables } from './store-teammate-captures';

/** The bundle was not imported; `lines` say why (the verifier's report for a tampered bundle). */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}

/** What an import did. */
export interface ImportResult {
  bundle: string;
  imported: string[];
  /** Captures not imported, with why (already here, deleted here…). */
  skipped: { id: string; reason: string }[];
  /** Teammates' keys whose ledgers came with it. */
  signers: string[];
}

/**
 * Imports a teammate's bundle into the library. The bundle is verified first; a bundle with any
 * problem is refused with the verifier's report and nothing is stored. Captures already here (same
 * ID or same metadata hash) are skipped. Each capture keeps its record, its capturer, and the
 * teammate's signed ledger and timestamp replies, so a later export that includes it verifies.
 * Everything is written in one transaction with an `import` entry in this device's ledger.
 */
export async function importBundle(
  db: ProofTrailDb,
  /** The bundle: its bytes, or a File (read on demand, never whole). */
  source: Uint8Array | Blob,
  o: {
    fileName: string;
    actor: Identity;
    now?: () => Date;
    /** Makes a preview for captures whose bundle carries none (the library page passes one). */
    makeThumbnail?: (png: Blob) => Promise<Blob>;
    /** Fingerprints the user chose to trust for this import (after SignersNotTrusted). */
    trust?: readonly string[];
    /** Timestamp roots trusted besides the defaults (from Settings). */
    verifyOptions?: VerifyOptions;
  },
): Promise<ImportResult> {
  let archive: BundleArchive;
  try {
    archive = source instanceof Uint8Array ? await readZip(source) : await openZipArchive(blobSource(source));
  } catch (e) {
    if (e instanceof BundleReadError) throw new ImportRefused(`${o.fileName}: ${e.message}`);
    throw e;
  }
  const report = await verifyBundle(archive, o.verifyOptions);
  if (!report.ok || !report.bundle)
    throw new ImportRefused(
      `${o.fileName} did not verify, so nothing was imported.`,
      formatReport(report, o.fileName),
    );
  const bundle = report.bundle;
  const now = o.now ?? (() => new Date());
  const localKey = await peekDeviceKey(db);
  const identity = await getIdentity(db);
  const untrusted = await findUntrustedSigners(
    db,
    bundle.ledgers.map((l) => ({ fingerprint: l.publicKey.fingerprint, ...claimedActor(l.records) })),
    {
      ...(localKey ? { device: { fingerprint: localKey.fingerprint, email: identity?.email } } : {}),
      trust: o.trust,
    },
  );
  if (untrusted.length) throw new SignersNotTrusted(untrusted);
  const evidence = await readBundleEvidence(archive, bundle);

  const existingHashes = new Set<string>();
  await db.captures.each((c) => existingHashes.add(c.metadataSha256));
  const deletedHere = new Set((await db.deletions.toArray()).map((d) => d.captureId));
  const localEntries = new Map((await listLedger(db)).map((r) => [r.entry.subject, r.hash]));
  const take: BundleCapture[] = [];
  const skipped: ImportResult['skipped'] = [];
  for (const c of evidence.captures) {
    const id = c.record.id;
    const own = c.signer === localKey?.fingerprint;
    if ((await db.captures.get(id)) || existingHashes.has(c.record.metadataSha256))
      skipped.push({ id, reason: 'already in the library' });
    else if (deletedHere.has(id))
      skipped.push({ id, reason: 'deleted from this library (the deletion stands)' });
    else if (own && !localEntries.has(id))
      skipped.push({ id, reason: "signed with this device's key but missing from its ledger" });
    else take.push(c);
  }
  const foreign = evidence.ledgers.filter((l) => l.publicKey.fingerprint !== localKey?.fingerprint);
  await checkNoFork(db, foreign);
  const trusting = trustRows(bundle, o.trust ?? [], now());
  if (!take.length) {
    if (trusting.length) await trustSigners(db, trusting);
    return { bundle: o.fileName, imported: [], skipped, signers: [] };
  }

  // Each image's sums, kept with it so an export writes it without reading it: computed over the
  // bytes stored, which must still be those the record signs (the file could change after it was
  // verified).
  const sums = new Map<string, ImageSumsRow>();
  for (const c of take) {
    const sha256 = await sha256Hex(c.image as BufferSource);
    if (sha256 !== c.record.image.sha256)
      throw new ImportRefused(
        `${o.fileName} changed while it was imported (the image of capture ${c.record.id} no longer matches its record), so nothing was imported.`,
      );
    sums.set(c.record.id, sumsOf(c.record.id, c.image, sha256));
  }
  // Previews are made, and their sums computed, before the transaction: IndexedDB transactions
  // cannot wait for a canvas or a Blob's bytes.
  const previews = new Map<string, ThumbnailRow>();
  for (const c of take)
    if (c.thumbnail)
      previews.set(
        c.record.id,
        await thumbnailRow(
          c.record.id,
          new Blob([c.thumbnail.bytes as BlobPart], { type: c.thumbnail.type }),
          c.thumbnail.bytes,
        ),
      );
    else if (o.makeThumbnail)
      try {
        const made = await o.makeThumbnail(new Blob([c.image as BlobPart], { type: 'image/png' }));
        previews.set(c.record.id, await thumbnailRow(c.record.id, made));
      } catch {
        // An image the browser cannot decode keeps no preview; the library shows the image itself.
      }
  const importedAt = now().toISOString();
  const usedForeign = foreign.filter((l) => take.some((c) => c.signer === l.publicKey.fingerprint));
  // Which bundle, from whom and with what stays in the library (origins); the entry signs only the
  // manifest's hash and the counts, so later bundles reveal nothing of this import.
  const draft = importDraft(
    { manifest: bundle.manifestSha256 },
    { count: take.length, skipped: skipped.length },
    o.actor,
  );
  const tables = [...teammateTables(db), db.trustedSigners];
  await commitWithLedger(
    db,
    draft,
    tables,
    async () => {
      await storeTeammateCaptures(db, take, {
        sums: (c) => sums.get(c.record.id)!,
        previews,
        importedAt,
        from: o.fileName,
      });
      for (const l of usedForeign) await storeLedger(db, l, importedAt);
      for (const d of evidence.deletions) if (!(await db.deletions.get(d.id))) await db.deletions.add(d);
      if (trusting.length) await trustSigners(db, trusting);
    },
    o.now,
  );
  return {
    bundle: o.fileName,
    imported: take.map((c) => c.record.id),
    skipped,
    signers: usedForeign.map((l) => l.publicKey.fingerprint),
  };
}

/** Rows for the keys the user chose to trust, with the identity their entries claim. */
function trustRows(bundle: VerifiedBundle, trust: readonly string[], at: Date): TrustedSignerRow[] {
  return bundle.ledgers
    .filter((l) => trust.includes(l.publicKey.fingerprint))
    .map((l) => ({
      fingerprint: l.publicKey.fingerprint,
      ...claimedActor(l.records),
      trustedAt: at.toISOString(),
      source: 'import' as const,
    }));
}

/** Refuses a teammate's ledger that contradicts what an earlier import stored (a forked chain). */
export async function checkNoFork(db: ProofTrailDb, ledgers: BundleLedger[]): Promise<void> {
  for (const l of ledgers) {
    const key = l.publicKey.fingerprint;
    for (const r of l.records) {
      const stored = await db.foreignLedger.get([key, r.entry.seq]);
      if (stored && stored.record.hash !== r.hash)
        throw new ImportRefused(
          `The ledger of key ${key} in this bundle differs at entry ${r.entry.seq} from the one imported before: the two cannot both be genuine, so nothing was imported.`,
        );
    }
  }
}

/** Adds a teammate's ledger entries, replies and this bundle's coverage; keeps what was stored. */
export async function storeLedger(db: ProofTrailDb, l: BundleLedger, importedAt: string): Promise<void> {
  const key = l.publicKey.fingerprint;
  const existing = await db.signers.get(key);
  const row: SignerRow = {
    fingerprint: key,
    publicJwk: l.publicKey.jwk,
    createdAt: l.publicKey.createdAt,
    coverage: [...(existing?.coverage ?? []), ...l.coverage].filter(
      (c, i, all) => all.findIndex((d) => JSON.stringify(d) === JSON.stringify(c)) === i,
    ),
    importedAt,
  };
  await db.signers.put(row);
  for (const r of l.records)
    if (!(await db.foreignLedger.get([key, r.entry.seq])))
      await db.foreignLedger.add({ key, seq: r.entry.seq, record: r });
  for (const t of l.tokens) {
    const same = await db.foreignTokens
      .where('[key+seq+n]')
      .between([key, t.seq, 0], [key, t.seq, 1e9])
      .toArray();
    if (same.some((s) => s.token.length === t.token.length && s.token.every((b, i) => b === t.token[i])))
      continue;
    await db.foreignTokens.add({
      key,
      seq: t.seq,
      n: same.length + 1,
      token: t.token,
      genTime: t.genTime,
      tsaName: t.tsaName,
    });
  }
}
