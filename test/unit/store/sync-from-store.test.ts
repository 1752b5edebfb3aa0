import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProofTrailDb } from '../../../lib/db/database';
import { getDeviceKey } from '../../../lib/db/keys-repo';
import { setIdentity } from '../../../lib/db/settings-repo';
import { deleteCaptureWithLedger } from '../../../lib/ledger/delete-with-ledger';
import { checkStore } from '../../../lib/store/check-store';
import { planPush } from '../../../lib/store/plan-push';
import { pushDue } from '../../../lib/store/push-objects';
import { S3Client } from '../../../lib/store/s3-client';
import { syncFromStore } from '../../../lib/store/sync-from-store';
import { readZip } from '../../../lib/verify/read-zip';
import { verifyBundle } from '../../../lib/verify/verify-bundle';
import { startTestStore, type TestStore } from '../../../node/services/ceph-store';
import { exportToBytes, freshDb, storeCapture } from '../helpers';

let store: TestStore;
let n = 0;
beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  await store?.stop();
});

async function bucket() {
  const name = `sync-${++n}`;
  await store.createBucket(name);
  return new S3Client(
    { endpoint: store.endpoint, bucket: name, region: store.region },
    { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
  );
}

/** An owner's browser: `count` captures, pushed. */
async function owner(client: S3Client, count: number, email: string) {
  const db = freshDb();
  const key = await getDeviceKey(db);
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await storeCapture(db, { capturer: { name: email.split('@')[0]!, email } })).id);
  return {
    db,
    key,
    ids,
    push: () => planPush(db, `team/owners/${key.fingerprint}/`, key).then(() => pushDue(db, client, key)),
  };
}

const captureIds = async (db: ProofTrailDb) => (await db.captures.toArray()).map((c) => c.id).sort();

/** Dana (`danaCount` captures) and Lee (one) pushed to a fresh bucket. */
async function danaAndLee(danaCount: number) {
  const client = await bucket();
  const dana = await owner(client, danaCount, 'dana@example.test');
  await dana.push();
  const lee = await owner(client, 1, 'lee@example.test');
  await lee.push();
  return { client, dana, lee };
}

/** Kim's fresh reader library reads the team, trusting `trust`. */
async function kimReads(client: S3Client, trust: string[]) {
  const reader = freshDb();
  await setIdentity(reader, { name: 'Kim Park', email: 'kim@example.test' });
  return { reader, result: await syncFromStore(client, reader, 'team/owners/', { trust }) };
}

describe('a reader library reads every owner from a real Ceph RGW', () => {
  it('untrusted owners are read but not stored; trusted, their captures, ledgers and deletions come in; an export verifies', async () => {
    const client = await bucket();
    const dana = await owner(client, 3, 'dana@example.test');
    await deleteCaptureWithLedger(dana.db, dana.ids[2]!, 'wrong page', {
      name: 'dana',
      email: 'dana@example.test',
    });
    await dana.push();
    const lee = await owner(client, 2, 'lee@example.test');
    await lee.push();

    const reader = freshDb();
    await setIdentity(reader, { name: 'Kim Park', email: 'kim@example.test' });
    const first = await syncFromStore(client, reader, 'team/owners/');
    expect(first.untrusted.map((u) => u.fingerprint).sort()).toEqual(
      [dana.key.fingerprint, lee.key.fingerprint].sort(),
    );
    expect(await reader.captures.count()).toBe(0);

    const second = await syncFromStore(client, reader, 'team/owners/', {
      trust: [dana.key.fingerprint, lee.key.fingerprint],
    });
    expect(second.untrusted).toEqual([]);
    const byEmail = [...second.owners].sort((a, b) => (a.email ?? '').localeCompare(b.email ?? ''));
    expect(byEmail.map((o) => [o.email, o.added, o.problems])).toEqual([
      ['dana@example.test', 2, []],
      ['lee@example.test', 2, []],
    ]);
    expect(await captureIds(reader)).toEqual([dana.ids[0], dana.ids[1], ...lee.ids].sort());
    expect((await reader.deletions.toArray()).map((d) => d.captureId)).toEqual([dana.ids[2]]);
    expect(await reader.foreignLedger.where('key').equals(dana.key.fingerprint).count()).toBe(4);
    expect((await reader.origins.get(lee.ids[0]!))?.bundle).toBe(`s3://${client.target.bucket}/team/`);

    // This library's own ledger: one import entry per owner read, and no capture entry of its own
    // (evidence read from the store is never taken for this browser's).
    const own = await reader.ledger.toArray();
    expect(own.map((r) => [r.entry.type, r.entry.content.count])).toEqual([
      ['import', 2],
      ['import', 2],
    ]);

    // Again: nothing new, and nothing written.
    const third = await syncFromStore(client, reader, 'team/owners/');
    expect(third.owners.map((o) => o.added)).toEqual([0, 0]);
    expect(await reader.ledger.count()).toBe(2);

    // A bundle of everything, exported by the reader, verifies with each owner's signatures kept.
    const out = await exportToBytes(reader);
    const report = await verifyBundle(await readZip(out.bytes));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('an owner whose image was written over is refused, with the object named; the others still come in', async () => {
    const { client, dana, lee } = await danaAndLee(2);
    const image = `team/owners/${dana.key.fingerprint}/captures/${dana.ids[1]}.png`;
    await store.admin.send(
      new PutObjectCommand({
        Bucket: client.target.bucket,
        Key: image,
        Body: new TextEncoder().encode('not it'),
      }),
    );

    const { reader, result } = await kimReads(client, [dana.key.fingerprint, lee.key.fingerprint]);
    const danaSync = result.owners.find((o) => o.fingerprint === dana.key.fingerprint)!;
    expect(danaSync.problems).toEqual([
      `${image}: is not the image entry 2 signs; nothing more of this owner was stored`,
    ]);
    expect(await captureIds(reader)).toEqual(lee.ids);
  });

  it('an object larger than its kind may be is refused unread: one owner cannot exhaust a reader’s memory', async () => {
    const { client, dana, lee } = await danaAndLee(1);
    // Dana's next ledger line, 2 MB (a ledger line may hold at most 1 MB).
    const huge = `team/owners/${dana.key.fingerprint}/ledger/000002.jsonl`;
    await store.admin.send(
      new PutObjectCommand({ Bucket: client.target.bucket, Key: huge, Body: new Uint8Array(2 << 20) }),
    );
    const { reader, result } = await kimReads(client, [dana.key.fingerprint, lee.key.fingerprint]);
    const danaSync = result.owners.find((o) => o.fingerprint === dana.key.fingerprint)!;
    expect(danaSync.problems).toEqual([
      `${huge}: could not be read: GET ${huge}: holds more than the 1048576 bytes such an object may hold; not read`,
    ]);
    expect(await captureIds(reader)).toEqual(lee.ids);
    // store check says the same of it.
    const check = await checkStore(client, 'team/owners/');
    expect(check.problems.map((p) => p.message)).toContain(
      `could not be read: GET ${huge}: holds more than the 1048576 bytes such an object may hold; not read`,
    );
  });

  it('a gap in an owner’s ledger refuses that owner whole', async () => {
    const client = await bucket();
    const dana = await owner(client, 3, 'dana@example.test');
    await planPush(dana.db, `team/owners/${dana.key.fingerprint}/`, dana.key);
    await dana.db.storeObjects.update(`team/owners/${dana.key.fingerprint}/ledger/000002.jsonl`, {
      state: 'stored',
    });
    await pushDue(dana.db, client, dana.key);
    const { reader, result } = await kimReads(client, [dana.key.fingerprint]);
    expect(result.owners[0]?.problems.join('\n')).toContain('line 2 holds entry 3, expected 2');
    expect(await reader.captures.count()).toBe(0);
  });
});
