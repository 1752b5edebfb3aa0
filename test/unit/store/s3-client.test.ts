import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKey, S3Client, StoreError } from '../../../lib/store/s3-client';
import { startTestStore, type TestStore } from '../../../node/services/ceph-store';

let store: TestStore;
let s3: S3Client;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  store = await startTestStore();
  await store.createBucket('evidence');
  s3 = new S3Client(
    { endpoint: store.endpoint, bucket: 'evidence', region: store.region },
    { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
  );
});
afterAll(async () => {
  await store?.stop();
});

describe('S3 client against a real Ceph RGW', () => {
  it('puts a Blob and bytes with their SHA-256 and reads them back exactly', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    const put = await s3.putObject('owners/fp/captures/c1/image.png', new Blob([bytes]), {
      sha256: sha(bytes),
      contentType: 'image/png',
      meta: { sha256: sha(bytes) },
    });
    expect(put.versionId).toBeTruthy();
    const got = new Uint8Array(await (await s3.getObject('owners/fp/captures/c1/image.png')).arrayBuffer());
    expect(sha(got)).toBe(sha(bytes));
    const head = await s3.headObject('owners/fp/captures/c1/image.png');
    expect(head).toMatchObject({ size: 300_000, lockMode: 'COMPLIANCE', meta: { sha256: sha(bytes) } });
    expect(head?.retainUntil?.getTime()).toBeGreaterThan(Date.now());
  });

  it('the server refuses bytes that do not match the signed SHA-256', async () => {
    const bytes = new TextEncoder().encode('the real bytes');
    const other = new TextEncoder().encode('other bytes');
    const error = await s3.putObject('owners/fp/mismatch.txt', bytes, { sha256: sha(other) }).catch((e) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/XAmzContentSHA256Mismatch/);
    expect(await s3.headObject('owners/fp/mismatch.txt')).toBeUndefined();
  });

  it('sets per-object COMPLIANCE retention when asked', async () => {
    const bytes = new TextEncoder().encode('retained');
    const until = new Date(Date.now() + 3 * 86_400_000);
    await s3.putObject('owners/fp/retained.txt', bytes, {
      sha256: sha(bytes),
      lock: { mode: 'COMPLIANCE', retainUntil: until },
    });
    const head = await s3.headObject('owners/fp/retained.txt');
    expect(head?.lockMode).toBe('COMPLIANCE');
    expect(Math.abs((head?.retainUntil?.getTime() ?? 0) - until.getTime())).toBeLessThan(1000);
  });

  it('a locked version cannot be deleted, and an overwrite keeps the first version', async () => {
    const first = new TextEncoder().encode('first');
    const { versionId } = await s3.putObject('owners/fp/once.txt', first, { sha256: sha(first) });
    const refused = await s3.deleteObjectVersion('owners/fp/once.txt', versionId as string);
    expect(refused.status).toBe(403);
    const second = new TextEncoder().encode('second');
    await store.admin.send(
      new PutObjectCommand({ Bucket: 'evidence', Key: 'owners/fp/once.txt', Body: second }),
    );
    const old = await store.admin.send(
      new GetObjectCommand({ Bucket: 'evidence', Key: 'owners/fp/once.txt', VersionId: versionId }),
    );
    expect(await old.Body?.transformToString()).toBe('first');
  });

  it('lists every key under a prefix across pages, with keys that need encoding', async () => {
    const names = Array.from({ length: 1003 }, (_, i) => `owners/list/k ${String(i).padStart(4, '0')}+é.txt`);
    const body = new Uint8Array([1]);
    const hash = sha(body);
    for (let i = 0; i < names.length; i += 16)
      await Promise.all(names.slice(i, i + 16).map((n) => s3.putObject(n, body, { sha256: hash })));
    const listed: string[] = [];
    for await (const o of s3.listAll('owners/list/')) listed.push(o.key);
    expect(listed.sort()).toEqual([...names].sort());
  });

  it('encodes keys segment by segment', () => {
    expect(encodeKey("a b/c+d/é/(x)!*'")).toBe('a%20b/c%2Bd/%C3%A9/%28x%29%21%2A%27');
  });

  it('HEAD of a missing key is undefined; GET of one is a named NoSuchKey error', async () => {
    expect(await s3.headObject('owners/fp/none')).toBeUndefined();
    const error = await s3.getObject('owners/fp/none').catch((e) => e);
    expect(error).toMatchObject({ status: 404, code: 'NoSuchKey', key: 'owners/fp/none' });
    expect(error.transient).toBe(false);
  });
});
