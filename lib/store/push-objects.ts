import type { ProofTrailDb } from '../db/database';
import type { StoreObjectRow, StoreObjectSource } from '../db/store-object-row';
import type { DeviceKeyRow } from '../db/types';
import { jsonBody, publicKeyBody } from './plan-push';
import { type LockMode, type S3Client, StoreError } from './s3-client';

export interface PushOptions {
  now?: () => Date;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Per-object retention; without it, the bucket's default rule plus a day is sent (lockOfPass). */
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

/** Outcomes written together: at most this many rows, or what a second gathered. */
const WRITE_ROWS = 100;
const WRITE_MS = 1000;

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

/** A day: what a lock sent in place of the bucket's default adds, so a clock behind the server's never asks for less. */
const SKEW_MARGIN_MS = 86_400_000;

/**
 * The lock a pass sends with every object: the one configured, else the bucket's default rule
 * sent explicitly (read once per pass), so the lock of each image is known without a HEAD of it.
 * Undefined when the bucket has no default rule or cannot say (the store then applies its own).
 */
export async function lockOfPass(
  client: S3Client,
  configured: PushOptions['lock'],
  now: Date,
): Promise<PushOptions['lock']> {
  if (configured) return configured;
  const rule = await client.getLockConfiguration().catch(() => undefined);
  if (rule?.defaultMode !== 'COMPLIANCE' && rule?.defaultMode !== 'GOVERNANCE') return undefined;
  const until = new Date(now.getTime() + SKEW_MARGIN_MS);
  if (rule.defaultDays) until.setTime(until.getTime() + rule.defaultDays * 86_400_000);
  else if (rule.defaultYears) until.setUTCFullYear(until.getUTCFullYear() + rule.defaultYears);
  else return undefined;
  return { mode: rule.defaultMode, retainUntil: until };
}

/**
 * Whether the store keeps the lock a pass sends: learnt from the HEAD of the first image stored,
 * after which images are no longer asked for their lock (a store that ignores the headers is
 * asked for every image's).
 */
interface LockCheck {
  honoured?: boolean;
}

/** One attempt at one object: never overwrites what the store already holds under its key. */
async function pushOne(
  db: ProofTrailDb,
  client: S3Client,
  key: DeviceKeyRow,
  row: StoreObjectRow,
  options: PushOptions,
  lockCheck: LockCheck = {},
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
  // The image's lock is what the library shows for the capture: the one sent, once the store was
  // seen to keep it; else as the store reports it.
  const sent = options.lock;
  if (sent && lockCheck.honoured)
    return { ...stored, lockMode: sent.mode, retainUntil: sent.retainUntil.toISOString() };
  const head = await client.headObject(row.key, put.versionId);
  if (sent && lockCheck.honoured === undefined)
    lockCheck.honoured =
      head?.lockMode === sent.mode &&
      head.retainUntil !== undefined &&
      Math.abs(head.retainUntil.getTime() - sent.retainUntil.getTime()) < 1000;
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
  const lock = due.length ? await lockOfPass(client, options.lock, now()) : undefined;
  const pass: PushOptions = { ...options, ...(lock ? { lock } : {}) };
  const lockCheck: LockCheck = {};
  // Outcomes are written in groups: the database commits strictly (one disk flush per
  // transaction), and a row lost to a crash before its group is written is only retried, found
  // there with the same SHA-256, and marked stored.
  const outcomes: StoreObjectRow[] = [];
  let written = Promise.resolve();
  let lastWrite = Date.now();
  const write = () => {
    const rows = outcomes.splice(0);
    lastWrite = Date.now();
    if (rows.length) written = written.then(() => db.storeObjects.bulkPut(rows).then(() => undefined));
    return written;
  };
  const worker = async () => {
    while (next < due.length) {
      const row = due[next++]!;
      let result: StoreObjectRow;
      try {
        result = await pushOne(db, client, key, row, pass, lockCheck);
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
      outcomes.push(result);
      if (outcomes.length >= WRITE_ROWS || Date.now() - lastWrite >= WRITE_MS)
        void write().catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  await write();
  const waiting = await db.storeObjects.where('state').equals('waiting').toArray();
  const nextAttemptAt = waiting.map((r) => r.nextAttemptAt).sort()[0];
  return { stored, failed, waiting: waiting.length, ...(nextAttemptAt ? { nextAttemptAt } : {}) };
}
