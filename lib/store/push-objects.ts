import type { ProofTrailDb } from '../db/database';
import type { StoreObjectRow, StoreObjectSource } from '../db/store-object-row';
import type { DeviceKeyRow } from '../db/types';
import { jsonBody, publicKeyBody } from './plan-push';
import { type LockMode, type S3Client, StoreError } from './s3-client';

export interface PushOptions {
  now?: () => Date;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Per-object retention; without it the bucket's default retention applies. */
  lock?: { mode: LockMode; retainUntil: Date };
}

export interface PushOutcome {
  stored: number;
  failed: number;
  /** Rows still waiting (including those not yet due). */
  waiting: number;
  /** The earliest retry still planned, ISO. */
  nextAttemptAt?: string;
}

/** 5 s, 10 s, 20 s … up to 15 minutes, each with ±20 % jitter so owners do not retry in step. */
export function backoffMs(tries: number, random: () => number = Math.random): number {
  const base = Math.min(15 * 60_000, 5_000 * 2 ** Math.max(0, tries - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The exact bytes of a queued object, read where they are stored; undefined when they are gone. */
export async function loadBody(
  db: ProofTrailDb,
  source: StoreObjectSource,
  key: DeviceKeyRow,
): Promise<Blob | Uint8Array | undefined> {
  switch (source.kind) {
    case 'public-key':
      return publicKeyBody(key);
    case 'ledger-record': {
      const record = await db.ledger.get(source.seq);
      return record && jsonBody(record, true);
    }
    case 'timestamp':
      return (await db.timestamps.get([source.seq, source.tsaUrl]))?.token;
    case 'capture-record': {
      const capture = await db.captures.get(source.captureId);
      return capture && jsonBody(capture);
    }
    case 'image':
      return (await db.images.get(source.captureId))?.blob;
    case 'page-text':
      return (await db.pageContext.get(source.captureId))?.text;
    case 'page-snapshot':
      return (await db.pageContext.get(source.captureId))?.snapshot;
    case 'deletion-record': {
      const deletion = await db.deletions.get(source.deletionId);
      return deletion && jsonBody(deletion);
    }
  }
}

/** One attempt at one object: never overwrites what the store already holds under its key. */
async function pushOne(
  db: ProofTrailDb,
  client: S3Client,
  key: DeviceKeyRow,
  row: StoreObjectRow,
  options: PushOptions,
): Promise<StoreObjectRow> {
  const now = () => (options.now ?? (() => new Date()))();
  const body = await loadBody(db, row.source, key);
  if (!body) return { ...row, state: 'gone', reason: 'deleted here before it reached the store' };
  // After a failed or interrupted attempt the object may be there already: compare, never rewrite.
  if (row.tries > 0) {
    const head = await client.headObject(row.key);
    if (head) {
      const theirs = head.meta.sha256;
      if (theirs === row.sha256)
        return {
          ...row,
          state: 'stored',
          reason: undefined,
          storedAt: now().toISOString(),
          versionId: head.versionId,
          lockMode: head.lockMode,
          retainUntil: head.retainUntil?.toISOString(),
        };
      return {
        ...row,
        state: 'conflict',
        reason: `the store already holds different bytes at ${row.key} (SHA-256 ${theirs ?? 'unknown'}, ours ${row.sha256}); they are left as they are`,
      };
    }
  }
  const put = await client.putObject(row.key, body instanceof Blob ? body : (body as Uint8Array), {
    sha256: row.sha256,
    contentType: row.contentType,
    meta: { sha256: row.sha256 },
    lock: options.lock,
  });
  const stored: StoreObjectRow = {
    ...row,
    state: 'stored',
    reason: undefined,
    storedAt: now().toISOString(),
    versionId: put.versionId,
  };
  if (row.source.kind !== 'image') return stored;
  // The image's lock, as the store reports it, is what the library shows for the capture.
  const head = await client.headObject(row.key, put.versionId);
  return { ...stored, lockMode: head?.lockMode, retainUntil: head?.retainUntil?.toISOString() };
}

/**
 * Sends every waiting object that is due, oldest entry first, `concurrency` at a time. A failure
 * is kept on its row (tries, reason, next attempt) and never stops the others.
 */
export async function pushDue(
  db: ProofTrailDb,
  client: S3Client,
  key: DeviceKeyRow,
  options: PushOptions = {},
): Promise<PushOutcome> {
  const now = options.now ?? (() => new Date());
  const due = (await db.storeObjects.where('state').equals('waiting').toArray())
    .filter((r) => r.nextAttemptAt <= now().toISOString())
    .sort((a, b) => a.seq - b.seq || a.key.localeCompare(b.key));
  let stored = 0;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const row = due[next++]!;
      let result: StoreObjectRow;
      try {
        result = await pushOne(db, client, key, row, options);
        if (result.state === 'stored') stored++;
      } catch (error) {
        failed++;
        const tries = row.tries + 1;
        const reason =
          error instanceof StoreError ? error.message : `could not be sent: ${(error as Error).message}`;
        result = {
          ...row,
          tries,
          reason,
          nextAttemptAt: new Date(now().getTime() + backoffMs(tries)).toISOString(),
        };
      }
      await db.storeObjects.put(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  const waiting = await db.storeObjects.where('state').equals('waiting').toArray();
  const nextAttemptAt = waiting.map((r) => r.nextAttemptAt).sort()[0];
  return { stored, failed, waiting: waiting.length, ...(nextAttemptAt ? { nextAttemptAt } : {}) };
}
