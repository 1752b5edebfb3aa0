import { createHash } from 'node:crypto';
import { ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProofTrailDb } from '../../../lib/db/database';
import { getDeviceKey } from '../../../lib/db/keys-repo';
import { canonicalJson } from '../../../lib/integrity/canonical';
import { deleteCaptureWithLedger } from '../../../lib/ledger/delete-with-ledger';
import { planPush } from '../../../lib/store/plan-push';
import { backoffMs, pushDue } from '../../../lib/store/push-objects';
import { S3Client } from '../../../lib/store/s3-client';
import { startTestStore, type TestStore } from '../../../node/services/ceph-store';
import { freshDb, storeCapture } from '../helpers';

let store: TestStore;
let bucket = 0;
const dana = { name: 'Dana Reyes', email: 'dana@example.test' };
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store?.stop();
});

async function setup() {
  const name = `push-${++bucket}`;
  await store.createBucket(name);
  const client = new S3Client(
    { endpoint: store.endpoint, bucket: name, region: store.region },
    { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
  );
  const db = freshDb();
  const key = await getDeviceKey(db);
  const prefix = `team/owners/${key.fingerprint}/`;
  return { name, client, db, key, prefix };
}

async function versions(name: string, prefix: string) {
  const out = await store.admin.send(new ListObjectVersionsCommand({ Bucket: name, Prefix: prefix }));
  return (out.Versions ?? []).map((v) => v.Key as string).sort();
}

async function bytesAt(client: S3Client, key: string) {
  return new Uint8Array(await (await client.getObject(key)).arrayBuffer());
}

const states = async (db: ProofTrailDb) => (await db.storeObjects.toArray()).map((r) => r.state);

describe('pushing evidence to a real Ceph RGW', () => {
  it('plans every object of captures and a deletion, and the store ends up with their exact bytes', async () => {
    const { name, client, db, key, prefix } = await setup();
    const a = await storeCapture(db);
    const b = await storeCapture(db);
    const c = await storeCapture(db);
    await deleteCaptureWithLedger(db, c.id, 'wrong page', dana);
    expect(await planPush(db, prefix, key)).toBeGreaterThan(0);
    const outcome = await pushDue(db, client, key);
    expect(outcome).toMatchObject({ failed: 0, waiting: 0 });
    expect(new Set(await states(db))).toEqual(new Set(['stored']));

    const keys = await versions(name, prefix);
    const ledger = await db.ledger.orderBy('entry.seq').toArray();
    const deletion = (await db.deletions.toArray())[0]!;
    expect(keys).toEqual(
      [
        'public-key.json',
        `captures/${a.id}.json`,
        `captures/${a.id}.png`,
        `captures/${b.id}.json`,
        `captures/${b.id}.png`,
        `deletions/${deletion.id}.json`,
        ...ledger.map((r) => `ledger/${String(r.entry.seq).padStart(6, '0')}.jsonl`),
      ]
        .map((k) => prefix + k)
        .sort(),
    );
    // Exact bytes: each ledger line is the canonical record, the image the stored PNG.
    for (const r of ledger)
      expect(
        new TextDecoder().decode(
          await bytesAt(client, `${prefix}ledger/${String(r.entry.seq).padStart(6, '0')}.jsonl`),
        ),
      ).toBe(`${canonicalJson(r)}\n`);
    const png = new Uint8Array(await (await db.images.get(a.id))!.blob.arrayBuffer());
    expect(sha(await bytesAt(client, `${prefix}captures/${a.id}.png`))).toBe(sha(png));
    expect(sha(png)).toBe(a.image.sha256);
    // The image's lock as the store reported it.
    const image = await db.storeObjects.get(`${prefix}captures/${a.id}.png`);
    expect(image).toMatchObject({ state: 'stored', lockMode: 'COMPLIANCE' });
    expect(Date.parse(image!.retainUntil!)).toBeGreaterThan(Date.now());

    // Planning again adds nothing; a new capture adds only its own objects.
    expect(await planPush(db, prefix, key)).toBe(0);
    await storeCapture(db);
    expect(await planPush(db, prefix, key)).toBe(3);
  });

  it("the bucket's default rule is sent with every object, and once the store is seen to keep it no image is asked for its lock", async () => {
    const { client, db, key, prefix } = await setup();
    for (let i = 0; i < 5; i++) await storeCapture(db);
    await planPush(db, prefix, key);
    const heads: string[] = [];
    const counting = new S3Client(client.target, store, (input, init) => {
      if (init?.method === 'HEAD') heads.push(String(input));
      return fetch(input, init);
    });
    const before = Date.now();
    expect(await pushDue(db, counting, key, { concurrency: 1 })).toMatchObject({ waiting: 0, failed: 0 });
    // The default rule (COMPLIANCE, 1 day) plus a day's margin, the same date for every object.
    const images = (await db.storeObjects.toArray()).filter((r) => r.source.kind === 'image');
    expect(new Set(images.map((r) => r.retainUntil)).size).toBe(1);
    const until = Date.parse(images[0]!.retainUntil!);
    expect(until).toBeGreaterThanOrEqual(before + 2 * 86_400_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 2 * 86_400_000);
    expect(images.every((r) => r.lockMode === 'COMPLIANCE')).toBe(true);
    // One HEAD, of the first image: the store reported what was sent.
    expect(heads).toHaveLength(1);
    // And every object, not only that image, carries it.
    for (const r of await db.storeObjects.toArray()) {
      const head = await client.headObject(r.key);
      expect({ key: r.key, mode: head?.lockMode, until: head?.retainUntil?.getTime() }).toEqual({
        key: r.key,
        mode: 'COMPLIANCE',
        until,
      });
    }
  });

  it('a store that does not keep the lock sent is asked for the lock of every image, and its answer is shown', async () => {
    const { client, db, key, prefix } = await setup();
    for (let i = 0; i < 3; i++) await storeCapture(db);
    await planPush(db, prefix, key);
    const reported = new Date(Date.now() + 3_600_000);
    let heads = 0;
    // This store answers every HEAD with a retention of its own: the one sent is not what it keeps.
    const forgetful = new S3Client(client.target, store, async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method !== 'HEAD') return response;
      heads++;
      const headers = new Headers(response.headers);
      headers.set('x-amz-object-lock-retain-until-date', reported.toISOString());
      return new Response(null, { status: response.status, headers });
    });
    expect(await pushDue(db, forgetful, key, { concurrency: 1 })).toMatchObject({ waiting: 0, failed: 0 });
    const images = (await db.storeObjects.toArray()).filter((r) => r.source.kind === 'image');
    expect(heads).toBe(images.length);
    expect(images.map((r) => r.retainUntil)).toEqual(images.map(() => reported.toISOString()));
  });

  it('the store down: every attempt fails with a reason and a later retry; back up, all pushed once', async () => {
    const { name, client, db, key, prefix } = await setup();
    for (let i = 0; i < 10; i++) await storeCapture(db);
    await planPush(db, prefix, key);
    const rows = await db.storeObjects.count();
    await store.stopGateway();
    let now = new Date();
    try {
      const down = await pushDue(db, client, key, { now: () => now });
      expect(down).toMatchObject({ stored: 0, failed: rows, waiting: rows });
      const row = (await db.storeObjects.toArray())[0]!;
      expect(row.tries).toBe(1);
      expect(row.reason).toContain('could not be reached');
      expect(Date.parse(row.nextAttemptAt)).toBeGreaterThan(now.getTime());
      // Not due yet: nothing is attempted.
      expect(await pushDue(db, client, key, { now: () => now })).toMatchObject({ stored: 0, failed: 0 });
    } finally {
      await store.restartGateway();
    }
    now = new Date(Date.now() + 60_000);
    const back = await pushDue(db, client, key, { now: () => now });
    expect(back).toMatchObject({ stored: rows, failed: 0, waiting: 0 });
    const keys = await versions(name, prefix);
    expect(keys).toHaveLength(rows);
    expect(new Set(keys).size).toBe(rows);
  });

  it('a retry finds its object already there: compared, not written again; different bytes are never overwritten', async () => {
    const { name, client, db, key, prefix } = await setup();
    const a = await storeCapture(db);
    await planPush(db, prefix, key);
    await pushDue(db, client, key);
    // As if the answer to the first attempt had been lost: waiting again after one try.
    const imageKey = `${prefix}captures/${a.id}.png`;
    await db.storeObjects.update(imageKey, {
      state: 'waiting',
      tries: 1,
      nextAttemptAt: new Date(0).toISOString(),
    });
    expect(await pushDue(db, client, key)).toMatchObject({ stored: 1, failed: 0 });
    expect((await versions(name, imageKey)).length).toBe(1);

    // Someone else's bytes under a key we have yet to retry: a conflict, left as it is.
    const recordKey = `${prefix}captures/${a.id}.json`;
    const other = new TextEncoder().encode('{"forged":true}');
    await store.admin.send(
      new PutObjectCommand({ Bucket: name, Key: recordKey, Body: other, Metadata: { sha256: sha(other) } }),
    );
    await db.storeObjects.update(recordKey, {
      state: 'waiting',
      tries: 1,
      nextAttemptAt: new Date(0).toISOString(),
    });
    await pushDue(db, client, key);
    const row = await db.storeObjects.get(recordKey);
    expect(row?.state).toBe('conflict');
    expect(row?.reason).toContain(`SHA-256 ${sha(other)}`);
    expect(new TextDecoder().decode(await bytesAt(client, recordKey))).toBe('{"forged":true}');
  });

  it('a capture deleted after planning but before sending is marked gone; its deletion is pushed', async () => {
    const { client, db, key, prefix } = await setup();
    const a = await storeCapture(db);
    await planPush(db, prefix, key);
    await deleteCaptureWithLedger(db, a.id, 'duplicate', dana);
    await planPush(db, prefix, key);
    await pushDue(db, client, key);
    expect((await db.storeObjects.get(`${prefix}captures/${a.id}.png`))?.state).toBe('gone');
    const deletion = (await db.deletions.toArray())[0]!;
    expect((await db.storeObjects.get(`${prefix}deletions/${deletion.id}.json`))?.state).toBe('stored');
  });

  it('timestamp replies are queued when they arrive, after their entry', async () => {
    const { client, db, key, prefix } = await setup();
    await storeCapture(db);
    await planPush(db, prefix, key);
    const token = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]);
    await db.timestamps.put({
      seq: 1,
      tsaUrl: 'https://tsa.example',
      status: 'stamped',
      attempts: 1,
      nextAttemptAt: '',
      token,
    });
    expect(await planPush(db, prefix, key)).toBe(1);
    await pushDue(db, client, key);
    const path = `${prefix}ledger/000001.${sha(token).slice(0, 16)}.tsr`;
    expect(sha(await bytesAt(client, path))).toBe(sha(token));
    expect(await planPush(db, prefix, key)).toBe(0);
  });

  it('backs off from 5 s, doubling, up to 15 minutes, with jitter', () => {
    expect(backoffMs(1, () => 0.5)).toBe(5_000);
    expect(backoffMs(3, () => 0.5)).toBe(20_000);
    expect(backoffMs(30, () => 0.5)).toBe(15 * 60_000);
    expect(backoffMs(1, () => 0)).toBe(4_000);
    expect(backoffMs(1, () => 1)).toBe(6_000);
  });
});
