import type { ProofTrailDb } from '../db/database';
import { peekDeviceKey } from '../db/keys-repo';
import { listLedger } from '../db/ledger-repo';
import type { Identity, SignerRow } from '../db/types';
import { MANIFEST_PATH, manifestSchema } from '../formats/manifest';
import { sha256Hex } from '../integrity/sha256';
import { commitWithLedger } from '../ledger/commit';
import { BundleReadError, readZip } from '../verify/read-zip';
import { formatReport } from '../verify/report';
import { verifyBundle } from '../verify/verify-bundle';
import { type BundleCapture, type BundleLedger, readBundleEvidence } from './read-bundle-evidence';

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
  bytes: Uint8Array,
  o: {
    fileName: string;
    actor: Identity;
    now?: () => Date;
    /** Makes a preview for captures whose bundle carries none (the library page passes one). */
    makeThumbnail?: (png: Blob) => Promise<Blob>;
  },
): Promise<ImportResult> {
  let zip: ReturnType<typeof readZip>;
  try {
    zip = readZip(bytes);
  } catch (e) {
    if (e instanceof BundleReadError) throw new ImportRefused(`${o.fileName}: ${e.message}`);
    throw e;
  }
  const report = await verifyBundle(zip);
  if (!report.ok)
    throw new ImportRefused(
      `${o.fileName} did not verify, so nothing was imported.`,
      formatReport(report, o.fileName),
    );
  const manifestBytes = zip.files.get(MANIFEST_PATH)!;
  const manifest = manifestSchema.parse(JSON.parse(new TextDecoder().decode(manifestBytes)));
  if (manifest.formatVersion < 3)
    throw new ImportRefused(
      `${o.fileName} is a format-${manifest.formatVersion} bundle: it carries no signed ledger, so its captures could not be vouched for after import. Ask for a new export.`,
    );
  const evidence = readBundleEvidence(zip, manifest);
  const localKey = await peekDeviceKey(db);
  const ledgerOf = new Map<string, BundleLedger>();
  for (const l of evidence.ledgers)
    for (const r of l.records) if (r.entry.type === 'capture') ledgerOf.set(r.entry.subject, l);

  const existingHashes = new Set<string>();
  await db.captures.each((c) => existingHashes.add(c.metadataSha256));
  const deletedHere = new Set((await db.deletions.toArray()).map((d) => d.captureId));
  const localEntries = new Map((await listLedger(db)).map((r) => [r.entry.subject, r.hash]));
  const take: BundleCapture[] = [];
  const skipped: ImportResult['skipped'] = [];
  for (const c of evidence.captures) {
    const id = c.record.id;
    const ledger = ledgerOf.get(id)!;
    const own = ledger.publicKey.fingerprint === localKey?.fingerprint;
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
  if (!take.length) return { bundle: o.fileName, imported: [], skipped, signers: [] };

  // Previews are made before the transaction: IndexedDB transactions cannot wait for a canvas.
  const previews = new Map<string, Blob>();
  if (o.makeThumbnail)
    for (const c of take)
      if (!c.thumbnail)
        try {
          previews.set(
            c.record.id,
            await o.makeThumbnail(new Blob([c.image as BlobPart], { type: 'image/png' })),
          );
        } catch {
          // An image the browser cannot decode keeps no preview; the library shows the image itself.
        }
  const now = (o.now ?? (() => new Date()))();
  const importedAt = now.toISOString();
  const usedForeign = foreign.filter((l) => take.some((c) => ledgerOf.get(c.record.id) === l));
  const draft = {
    type: 'import' as const,
    subject: o.fileName,
    artifacts: { manifest: await sha256Hex(manifestBytes as BufferSource) },
    content: {
      bundle: o.fileName,
      exportedAt: manifest.exportedAt,
      ...(manifest.exportedBy ? { exportedBy: manifest.exportedBy } : {}),
      captureIds: take.map((c) => c.record.id),
      skipped: skipped.length,
      signers: usedForeign.map((l) => l.publicKey.fingerprint),
    },
    actor: o.actor,
  };
  const tables = [
    db.captures,
    db.images,
    db.pageContext,
    db.thumbnails,
    db.signers,
    db.foreignLedger,
    db.foreignTokens,
    db.origins,
    db.deletions,
  ];
  await commitWithLedger(
    db,
    draft,
    tables,
    async () => {
      for (const c of take) {
        const r = c.record;
        await db.captures.add(r);
        await db.images.add({
          captureId: r.id,
          blob: new Blob([c.image as BlobPart], { type: 'image/png' }),
        });
        if (c.text || c.snapshot)
          await db.pageContext.add({
            captureId: r.id,
            ...(c.text ? { text: new Blob([c.text as BlobPart], { type: 'text/plain;charset=utf-8' }) } : {}),
            ...(c.snapshot ? { snapshot: new Blob([c.snapshot as BlobPart]) } : {}),
          });
        const preview = previews.get(r.id);
        if (preview) await db.thumbnails.put({ captureId: r.id, blob: preview });
        else if (c.thumbnail)
          await db.thumbnails.put({
            captureId: r.id,
            blob: new Blob([c.thumbnail.bytes as BlobPart], { type: c.thumbnail.type }),
          });
        const ledger = ledgerOf.get(r.id)!;
        const entry = ledger.records.find((x) => x.entry.type === 'capture' && x.entry.subject === r.id)!;
        await db.origins.put({
          captureId: r.id,
          key: ledger.publicKey.fingerprint,
          seq: entry.entry.seq,
          importedAt,
          bundle: o.fileName,
        });
      }
      for (const l of usedForeign) await storeLedger(db, l, importedAt);
      for (const d of evidence.deletions) if (!(await db.deletions.get(d.id))) await db.deletions.add(d);
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

/** Refuses a teammate's ledger that contradicts what an earlier import stored (a forked chain). */
async function checkNoFork(db: ProofTrailDb, ledgers: BundleLedger[]): Promise<void> {
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
async function storeLedger(db: ProofTrailDb, l: BundleLedger, importedAt: string): Promise<void> {
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
