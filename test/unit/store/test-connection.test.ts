import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Client } from '../../../lib/store/s3-client';
import { testConnection } from '../../../lib/store/test-connection';
import { startTestStore, type TestStore } from '../../../node/services/ceph-store';

let store: TestStore;
const client = (bucket: string, keys?: { accessKeyId: string; secretAccessKey: string }) =>
  new S3Client(
    { endpoint: store.endpoint, bucket, region: store.region },
    keys ?? { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
  );
const testPrefix = 'team/owners/abc123/connection-tests/';

beforeAll(async () => {
  store = await startTestStore();
  await store.createBucket('locked-compliance');
  await store.createBucket('locked-governance', { mode: 'GOVERNANCE' });
  await store.createBucket('lock-no-default', { mode: undefined });
  await store.createBucket('not-locked', false);
});
afterAll(async () => {
  await store?.stop();
});

describe('Test connection against a real Ceph RGW', () => {
  it('passes every check on a bucket with COMPLIANCE default retention, and leaves an undeletable object', async () => {
    const report = await testConnection(client('locked-compliance'), { mode: 'owner', testPrefix });
    expect(report.checks.map((c) => [c.id, c.ok])).toEqual([
      ['reach', true],
      ['object-lock', true],
      ['default-retention', true],
      ['write', true],
      ['retained', true],
      ['undeletable', true],
    ]);
    expect(report.ok).toBe(true);
    expect(report.testObject).toMatch(/^team\/owners\/abc123\/connection-tests\/.+\.txt$/);
    expect(report.checks[2]?.detail).toContain('COMPLIANCE mode for 1 day');
    // The object is really still there.
    const head = await client('locked-compliance').headObject(report.testObject as string);
    expect(head?.lockMode).toBe('COMPLIANCE');
  });

  it('says a GOVERNANCE default lets a privileged user delete, and stops there', async () => {
    const report = await testConnection(client('locked-governance'), { mode: 'owner', testPrefix });
    expect(report.ok).toBe(false);
    const last = report.checks.at(-1);
    expect(last?.id).toBe('default-retention');
    expect(last?.detail).toMatch(/GOVERNANCE mode.*Set the default retention to COMPLIANCE/);
  });

  it('says when Object Lock is on but there is no default retention', async () => {
    const report = await testConnection(client('lock-no-default'), { mode: 'owner', testPrefix });
    expect(report.checks.at(-1)).toMatchObject({ id: 'default-retention', ok: false });
    expect(report.checks.at(-1)?.detail).toContain('no default retention');
  });

  it('says when the bucket has no Object Lock', async () => {
    const report = await testConnection(client('not-locked'), { mode: 'owner', testPrefix });
    expect(report.checks.at(-1)).toMatchObject({ id: 'object-lock', ok: false });
    expect(report.checks.at(-1)?.detail).toContain('does not have Object Lock enabled');
  });

  it('names a missing bucket, an unknown key and a wrong secret', async () => {
    const missing = await testConnection(client('no-such-bucket'), { mode: 'owner', testPrefix });
    expect(missing.checks).toHaveLength(1);
    expect(missing.checks[0]?.detail).toBe(`There is no bucket named no-such-bucket at ${store.endpoint}.`);

    const unknown = await testConnection(
      client('locked-compliance', { accessKeyId: 'NOSUCHKEY0000000', secretAccessKey: 'x' }),
      { mode: 'owner', testPrefix },
    );
    expect(unknown.checks[0]?.detail).toContain('does not know this access key id');

    const wrongSecret = await testConnection(
      client('locked-compliance', { accessKeyId: store.accessKeyId, secretAccessKey: 'wrong-secret' }),
      { mode: 'owner', testPrefix },
    );
    expect(wrongSecret.checks[0]?.detail).toContain('secret access key does not match');
  });

  it('says the store cannot be reached when nothing listens', async () => {
    const nowhere = new S3Client(
      { endpoint: 'http://127.0.0.1:9', bucket: 'locked-compliance', region: 'us-east-1' },
      { accessKeyId: 'a', secretAccessKey: 'b' },
    );
    const report = await testConnection(nowhere, { mode: 'owner', testPrefix });
    expect(report.ok).toBe(false);
    expect(report.checks[0]?.detail).toContain('could not be reached');
  });
});

describe('Test connection for a reader', () => {
  it('lists the owners instead of writing', async () => {
    const report = await testConnection(client('locked-compliance'), {
      mode: 'reader',
      ownersPrefix: 'team/owners/',
    });
    expect(report.checks.map((c) => c.id)).toEqual(['reach', 'object-lock', 'default-retention', 'read']);
    expect(report.ok).toBe(true);
    // The owner test above left one object under team/owners/abc123/.
    expect(report.checks.at(-1)?.detail).toContain('evidence of 1 owner found');
  });

  it('a reader key that may not list is told what it needs', async () => {
    const stranger = store.createUser('stranger');
    const report = await testConnection(client('locked-compliance', stranger), {
      mode: 'reader',
      ownersPrefix: 'team/owners/',
    });
    expect(report.ok).toBe(false);
    expect(report.checks[0]?.detail).toMatch(/refused|AccessDenied/);
  });
});
