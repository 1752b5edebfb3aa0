import type { ProofTrailDb } from '../db/database';
import { sumsOf } from '../db/image-sums';
import { peekDeviceKey } from '../db/keys-repo';
import { getIdentity } from '../db/settings-repo';
import { findUntrustedSigners } from '../db/trusted-signers-repo';
import type { Identity } from '../db/types';
import { type DeletionRecord, deletionRecordSchema } from '../formats/deletion-record';
import type { LedgerRecord } from '../formats/ledger-entry';
import { checkNoFork, ImportRefused, storeLedger } from '../import/import-bundle';
import type { BundleLedger } from '../import/read-bundle-evidence';
import type { UntrustedSigner } from '../import/signers-not-trusted';
import {
  storeTeammateCaptures,
  type TeammateCapture,
  teammateTables,
} from '../import/store-teammate-captures';
import { canonicalSha256 } from '../integrity/canonical';
import { readCanonicalJson } from '../integrity/canonical-bytes';
import { sha256Hex } from '../integrity/sha256';
import { commitWithLedger } from '../ledger/commit';
import { importDraft } from '../ledger/drafts';
import { readTimeStampResponse } from '../tsa/response';
import { claimedActor } from '../verify/check-signers';
import { readRecord } from '../verify/read-records';
import { type Gate, gate, mapLimit } from './map-limit';
import { verifyOwnerLedger } from './owner-ledger';
import type { S3Client } from './s3-client';
import { parseOwnerPath, readLimitOf, storePaths } from './store-paths';

/**
 * The library of compliance staff (a reader of the team store): every owner's evidence is read
 * from the store, each owner's ledger verified as a bundle's is, each capture's files checked
 * against the entry that signs them, and what is new is stored here as teammates' evidence (with
 * their ledger and timestamp replies), exactly as an imported bundle's: coverage, the library and
 * exports then treat it the same way. Owners whose key is not trusted are read but not stored until
 * the user trusts them; an owner whose folder does not verify is refused whole, with the reasons.
 */
export interface SyncOptions {
  /** Fingerprints the user chose to trust for this sync. */
  trust?: readonly string[];
  now?: () => Date;
  concurrency?: number;
  /** Captures stored per transaction. */
  batch?: number;
  onProgress?: (line: string) => void;
}

export interface OwnerSync {
  fingerprint: string;
  name?: string;
  email?: string;
  /** Captures stored by this sync. */
  added: number;
  /** Captures already here, or deleted by their owner. */
  skipped: number;
  /** Why the owner's folder was refused; empty when it verified. */
  problems: string[];
}

export interface SyncResult {
  /** Where: `s3://bucket/prefix`. */
  store: string;
  owners: OwnerSync[];
  /** Owners read but not stored: their keys are not trusted yet. */
  untrusted: UntrustedSigner[];
  /**
   * The captures this read stored. They have no previews yet: making them (about 20 ms each) is
   * left to the caller, after the read (lib/capture/missing-previews.ts).
   */
  addedCaptureIds: string[];
}

/** An object of an owner folder, refused past the limit for its kind. */
async function read(client: S3Client, folder: string, path: string): Promise<Uint8Array> {
  return (await client.getBytes(folder + path, readLimitOf(path))).bytes;
}

export async function syncFromStore(
  client: S3Client,
  db: ProofTrailDb,
  ownersPrefix: string,
  o: SyncOptions = {},
): Promise<SyncResult> {
  const now = o.now ?? (() => new Date());
  const limit = o.concurrency ?? 8;
  const store = `s3://${client.target.bucket}/${ownersPrefix.replace(/owners\/$/, '')}`;
  const device = await peekDeviceKey(db);
  const identity = await getIdentity(db);
  if (!identity)
    throw new Error('Set your name and email in Settings first: reading the team store records who read it.');
  const actor = identity;

  // Every owner folder and its keys, in one listing of the owners' prefix.
  const folders = new Map<string, string[]>();
  for await (const object of client.listAll(ownersPrefix)) {
    const rest = object.key.slice(ownersPrefix.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) continue;
    const owner = rest.slice(0, slash);
    folders.set(owner, [...(folders.get(owner) ?? []), rest.slice(slash + 1)]);
  }

  // Each owner's ledger, verified.
  const verified: { fingerprint: string; paths: string[]; ledger: BundleLedger }[] = [];
  const owners: OwnerSync[] = [];
  for (const [fingerprint, paths] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    if (fingerprint === device?.fingerprint) continue; // this browser's own evidence is here already
    const folder = `${ownersPrefix}${fingerprint}/`;
    const problems: string[] = [];
    const small = new Map<string, Uint8Array>();
    const wanted = paths.filter((p) =>
      ['public-key', 'ledger-record', 'timestamp'].includes(parseOwnerPath(p)?.kind ?? ''),
    );
    await mapLimit(wanted, limit, async (p) => {
      try {
        small.set(p, await read(client, folder, p));
      } catch (e) {
        problems.push(`${folder}${p}: could not be read: ${(e as Error).message}`);
      }
    });
    const ledger = problems.length
      ? undefined
      : await verifyOwnerLedger(fingerprint, folder, small, {
          add: (path, message) => problems.push(`${path}: ${message}`),
          warn: () => undefined,
        });
    const actor = ledger?.records.length ? claimedActor(ledger.records) : undefined;
    const summary: OwnerSync = { fingerprint, ...(actor ?? {}), added: 0, skipped: 0, problems };
    owners.push(summary);
    if (!ledger || problems.length) continue;
    o.onProgress?.(
      `${store}: ${actor?.name ?? fingerprint}'s ledger verified (${ledger.records.length} entries)`,
    );
    verified.push({
      fingerprint,
      paths,
      ledger: {
        publicKey: ledger.publicKey,
        records: ledger.records,
        tokens: ledger.tokens.map((t) => {
          const info = readTimeStampResponse(t.der.slice().buffer);
          return { seq: t.seq, n: t.n, token: t.der, genTime: info.genTime, tsaName: info.tsaName };
        }),
        coverage: [{ kind: 'selection', throughSeq: ledger.records.length }],
      },
    });
  }

  const untrusted = await findUntrustedSigners(
    db,
    verified.map((v) => ({ fingerprint: v.fingerprint, ...claimedActor(v.ledger.records) })),
    {
      ...(device ? { device: { fingerprint: device.fingerprint, email: identity?.email } } : {}),
      trust: o.trust,
    },
  );
  const refused = new Set(untrusted.map((u) => u.fingerprint));
  const added: string[] = [];
  const trusting = verified.filter((v) => o.trust?.includes(v.fingerprint));
  await checkNoFork(
    db,
    verified.filter((v) => !refused.has(v.fingerprint)).map((v) => v.ledger),
  );

  for (const v of verified) {
    if (refused.has(v.fingerprint)) continue;
    const summary = owners.find((s) => s.fingerprint === v.fingerprint)!;
    const folder = `${ownersPrefix}${v.fingerprint}/`;
    try {
      await syncOwner(client, db, folder, v, summary, { ...o, limit, store, now, actor, added });
      if (trusting.includes(v))
        await db.trustedSigners.put({
          fingerprint: v.fingerprint,
          ...claimedActor(v.ledger.records),
          trustedAt: now().toISOString(),
          source: 'import',
        });
    } catch (e) {
      summary.problems.push(e instanceof ImportRefused ? e.message : `${folder}: ${(e as Error).message}`);
    }
  }
  return { store, owners, untrusted, addedCaptureIds: added };
}

async function syncOwner(
  client: S3Client,
  db: ProofTrailDb,
  folder: string,
  v: { fingerprint: string; paths: string[]; ledger: BundleLedger },
  summary: OwnerSync,
  o: SyncOptions & { limit: number; store: string; now: () => Date; actor: Identity; added: string[] },
): Promise<void> {
  const records = v.ledger.records;
  const deletedByOwner = new Map<string, LedgerRecord>();
  for (const r of records) if (r.entry.type === 'deletion') deletedByOwner.set(r.entry.subject, r);
  const captureEntries = records.filter((r) => r.entry.type === 'capture');
  const ids = captureEntries.map((r) => r.entry.subject);
  const here = new Set<string>([
    ...(await db.captures.bulkGet(ids)).flatMap((c) => (c ? [c.id] : [])),
    ...(await db.deletions.where('captureId').anyOf(ids).toArray()).map((d) => d.captureId),
  ]);
  const wanted = captureEntries.filter(
    (r) => !here.has(r.entry.subject) && !deletedByOwner.has(r.entry.subject),
  );
  summary.skipped = captureEntries.length - wanted.length;

  // The owner's deletion records, each checked against the tombstone that signs it.
  const deletions: DeletionRecord[] = [];
  for (const r of deletedByOwner.values()) {
    const id = r.entry.content.deletionId;
    if (typeof id !== 'string' || (await db.deletions.get(id))) continue;
    const path = storePaths.deletionRecord(id);
    const bytes = await read(client, folder, path);
    const parsed = readCanonicalJson(bytes);
    const record = parsed.ok ? deletionRecordSchema.safeParse(parsed.value) : undefined;
    if (!record?.success || (await canonicalSha256(record.data)) !== r.entry.artifacts.deletion)
      throw new ImportRefused(
        `${folder}${path}: is not the deletion record entry ${r.entry.seq} signs; nothing of this owner was stored`,
      );
    deletions.push(record.data);
  }

  const batchSize = o.batch ?? 25;
  // Nothing new (no capture, no deletion, no entry this library has not stored): nothing is written.
  const known = await db.foreignLedger.where('key').equals(v.fingerprint).count();
  let ledgerStored = wanted.length === 0 && deletions.length === 0 && known >= records.length;
  // Every request of this owner shares one gate of `limit` in flight, kept full: a capture's files
  // are asked for together, and captures are asked for while earlier ones are committed, up to
  // `ahead` captures past the batch being committed (which bounds what is held in memory).
  const requests = gate(o.limit);
  const ahead = 2 * batchSize;
  const asked: Promise<TeammateCapture>[] = [];
  const askUpTo = (end: number) => {
    while (asked.length < Math.min(end, wanted.length)) {
      const fetching = fetchCapture(client, folder, wanted[asked.length]!, v.paths, requests);
      fetching.catch(() => undefined); // awaited in its turn; a commit failing first must not leave it unhandled
      asked.push(fetching);
    }
  };
  for (let start = 0; start < wanted.length || !ledgerStored; start += batchSize) {
    askUpTo(start + batchSize + ahead);
    const fetched = await Promise.all(asked.slice(start, start + batchSize));
    const importedAt = o.now().toISOString();
    // Like a bundle's import, each batch is an `import` entry in this library's own ledger (an
    // empty ledger is started first, so evidence read from the store is never taken for this
    // browser's own). It signs the SHA-256 of the canonical list of what came in (docs/team-store.md).
    const read = {
      store: o.store,
      owner: v.fingerprint,
      throughSeq: records.length,
      head: records.at(-1)?.hash ?? '',
      captures: fetched.map((c) => c.record.id),
    };
    await commitWithLedger(
      db,
      importDraft({ manifest: await canonicalSha256(read) }, { count: fetched.length }, o.actor),
      teammateTables(db),
      async () => {
        await storeTeammateCaptures(db, fetched, {
          sums: (c) => sumsOf(c.record.id, c.image, c.record.image.sha256),
          previews: new Map(),
          importedAt,
          from: o.store,
        });
        if (!ledgerStored) {
          await storeLedger(db, v.ledger, importedAt);
          for (const d of deletions) if (!(await db.deletions.get(d.id))) await db.deletions.add(d);
        }
      },
      o.now,
    );
    ledgerStored = true;
    summary.added += fetched.length;
    for (const c of fetched) o.added.push(c.record.id);
    if (fetched.length)
      o.onProgress?.(
        `${o.store}: ${summary.added} of ${wanted.length} new captures of ${summary.name ?? v.fingerprint} stored`,
      );
  }
}

/** A capture's files, each checked against what its entry and its record sign. */
async function fetchCapture(
  client: S3Client,
  folder: string,
  r: LedgerRecord,
  paths: readonly string[],
  requests: Gate,
): Promise<TeammateCapture> {
  const id = r.entry.subject;
  const a = r.entry.artifacts;
  const refuse = (path: string, why: string): never => {
    throw new ImportRefused(`${folder}${path}: ${why}; nothing more of this owner was stored`);
  };
  const recordPath = storePaths.captureRecord(id);
  const checked = async (path: string, sha: string | undefined, what: string) => {
    if (!sha) return undefined;
    const bytes = await requests(() => read(client, folder, path));
    if ((await sha256Hex(bytes as BufferSource)) !== sha)
      return refuse(path, `is not the ${what} entry ${r.entry.seq} signs`);
    return bytes;
  };
  // The entry names the image's and the page text's hashes: they are asked for with the record.
  const [recordBytes, image, text] = await Promise.all([
    requests(() => read(client, folder, recordPath)),
    checked(storePaths.image(id), a.image, 'image'),
    checked(storePaths.pageText(id), a.pageText, 'page text'),
  ]);
  const problems: string[] = [];
  const record = await readRecord(folder + recordPath, recordBytes, {
    add: (_p, m) => problems.push(m),
    warn: () => undefined,
  });
  if (!record || problems.length) return refuse(recordPath, problems.join('; ') || 'not a capture record');
  if (record.id !== id || record.metadataSha256 !== a.metadata)
    return refuse(recordPath, `is not the record entry ${r.entry.seq} signs`);
  if (!image || record.image.sha256 !== a.image)
    return refuse(storePaths.image(id), 'does not match its record');
  const v2 = record.schema === 'prooftrail.capture/2' ? record : undefined;
  const snapshotPath = v2?.pageSnapshot ? storePaths.pageSnapshot(id, v2.pageSnapshot.format) : undefined;
  const snapshot =
    snapshotPath && paths.includes(snapshotPath)
      ? await checked(snapshotPath, a.pageSnapshot, 'page snapshot')
      : undefined;
  if (a.pageSnapshot && !snapshot)
    return refuse(
      snapshotPath ?? storePaths.pageSnapshot(id, 'mhtml'),
      `missing: entry ${r.entry.seq} signs it`,
    );
  return {
    record,
    signer: ownerOf(folder),
    seq: r.entry.seq,
    image,
    ...(text ? { text } : {}),
    ...(snapshot ? { snapshot } : {}),
  };
}

/** The fingerprint an owner folder `…/owners/<fingerprint>/` is named by. */
function ownerOf(folder: string): string {
  return folder.split('/').at(-2) ?? '';
}
