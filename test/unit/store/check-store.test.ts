import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDeviceKey } from '../../../lib/db/keys-repo';
import { deleteCaptureWithLedger } from '../../../lib/ledger/delete-with-ledger';
import { checkStore } from '../../../lib/store/check-store';
import { planPush } from '../../../lib/store/plan-push';
import { pushDue } from '../../../lib/store/push-objects';
import { S3Client } from '../../../lib/store/s3-client';
import { startTestStore, type TestStore } from '../../../node/services/ceph-store';
import { freshDb, storeCapture } from '../helpers';

let store: TestStore;
let n = 0;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store?.stop();
});

/** A bucket holding one owner's pushed evidence: three captures, one deleted. */
async function pushed(skip?: (key: string) => boolean) {
  const bucket = `check-${++n}`;
  await store.createBucket(bucket);
  const client = new S3Client(
    { endpoint: store.endpoint, bucket, region: store.region },
    { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
  );
  const db = freshDb();
  const key = await getDeviceKey(db);
  const prefix = `team/owners/${key.fingerprint}/`;
  await storeCapture(db);
  const b = await storeCapture(db);
  await storeCapture(db);
  await deleteCaptureWithLedger(db, b.id, 'wrong page', { name: 'Dana', email: 'dana@example.test' });
  await planPush(db, prefix, key);
  if (skip)
    for (const row of await db.storeObjects.toArray())
      if (skip(row.key.slice(prefix.length))) await db.storeObjects.update(row.key, { state: 'stored' });
  await pushDue(db, client, key);
  return { bucket, client, key, prefix };
}

describe('store check over a real Ceph RGW', () => {
  it('finds one owner whole: entries, captures, deletions, every object locked', async () => {
    const { client, key } = await pushed();
    const report = await checkStore(client, 'team/owners/');
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.owners).toEqual([
      expect.objectContaining({ fingerprint: key.fingerprint, entries: 4, captures: 3, deletions: 1 }),
    ]);
    // Trusted signers: the owner is, or is reported.
    expect((await checkStore(client, 'team/owners/', { trusted: new Set([key.fingerprint]) })).ok).toBe(true);
    const stranger = await checkStore(client, 'team/owners/', { trusted: new Set(['x'.repeat(43)]) });
    expect(stranger.problems.map((p) => p.message)).toEqual([
      `is owned by key ${key.fingerprint}, which is not among the trusted signers`,
    ]);
  });

  it('a ledger line that never reached the store shows as a gap in the chain', async () => {
    const { client, prefix } = await pushed((path) => path === 'ledger/000002.jsonl');
    const report = await checkStore(client, 'team/owners/');
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({
      path: `${prefix}ledger/`,
      message: 'line 2 holds entry 3, expected 2 (entries removed, added or reordered)',
    });
  });

  it('a capture image that never reached the store is missing; a stray object is named', async () => {
    const { bucket, client, prefix } = await pushed(
      (path) => path.endsWith('.png') && !path.includes('deleted'),
    );
    await store.admin.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${prefix}notes/stray.txt`, Body: 'x' }),
    );
    const report = await checkStore(client, 'team/owners/');
    const messages = report.problems.map((p) => `${p.path.slice(prefix.length)}: ${p.message}`);
    expect(messages).toContain('notes/stray.txt: is not an object the store layout defines');
    // Two live captures lost their image; the deleted one's image may be absent.
    expect(messages.filter((m) => /\.png: missing: entry \d signs this image$/.test(m))).toHaveLength(2);
  });
});
