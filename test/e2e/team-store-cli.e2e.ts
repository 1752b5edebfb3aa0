import { join } from 'node:path';
import { GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../node/demo/static-server';
import { startTestStore, type TestStore } from '../../node/services/ceph-store';
import { expectExit, runCli, startFixtureSite, tempDir } from './support';

let store: TestStore;
let site: StaticServer;
let env: NodeJS.ProcessEnv;
const dir = tempDir('store-cli');
const dana = join(dir, 'dana-profile');
const BUCKET = 'cli-evidence';
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  store = await startTestStore();
  await store.createBucket(BUCKET);
  site = await startFixtureSite();
  env = {
    AWS_ACCESS_KEY_ID: store.accessKeyId,
    AWS_SECRET_ACCESS_KEY: store.secretAccessKey,
    AWS_REGION: store.region,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
});
afterAll(async () => {
  await site?.close();
  await store?.stop();
});

const where = ['--store', `s3://${BUCKET}/acme`, '--endpoint', () => store.endpoint] as const;
const target = () => where.map((x) => (typeof x === 'function' ? x() : x));

describe('the team store from the command line (real Ceph RGW)', () => {
  it('store push sends a profile’s captures; store check reads them back and finds them whole and locked', async () => {
    for (const [page, control] of [
      ['review.html', 'A.5.18'],
      ['change.html', 'A.8.32'],
    ] as const) {
      const r = await runCli([
        'capture',
        '--profile',
        dana,
        '--url',
        `${site.origin}/${page}`,
        '--control',
        control,
        '--capturer',
        'Dana Reyes <dana@example.test>',
        '--out',
        join(dir, `${control}.zip`),
      ]);
      expectExit(r, 0);
    }
    const push = await runCli(['store', 'push', '--profile', dana, ...target()], env);
    expectExit(push, 0);
    expect(push.stdout).toMatch(
      /^OK: \d+ objects of this profile are in s3:\/\/cli-evidence\/acme\/owners\/; nothing waiting\.$/m,
    );

    const check = await runCli(['store', 'check', ...target(), '--until', day(0)], env);
    expectExit(check, 0);
    expect(check.stdout).toMatch(/^OK: s3:\/\/cli-evidence\/acme: 1 owner, \d+ objects/m);
    expect(check.stdout).toMatch(
      /owner \S{43} \(Dana Reyes <dana@example.test>\): 4 ledger entries, 2 captures, 0 deletions/,
    );

    // Locked for the bucket's one day only: a later date is refused, object by object.
    const later = await runCli(['store', 'check', ...target(), '--until', day(3)], env);
    expectExit(later, 1);
    expect(later.stderr).toMatch(
      /problem: acme\/owners\/\S+\/captures\/\S+\.png: is locked only until \S+, before /,
    );

    // A signer list that does not name Dana's key.
    const pinned = await runCli(['store', 'check', ...target(), '--signer', 'A'.repeat(43)], env);
    expectExit(pinned, 1);
    expect(pinned.stderr).toContain('NOT TRUSTED');
  });

  it('export --store: every trusted owner’s evidence in one bundle, verified with the signers pinned', async () => {
    const out = join(dir, 'from-store.zip');
    const compliance = join(dir, 'compliance-profile');
    const args = [
      'export',
      ...target(),
      '--profile',
      compliance,
      '--as',
      'Kim Park <kim@example.test>',
      '--framework',
      'iso27001',
      '--out',
      out,
    ];
    const refused = await runCli(args, env);
    expectExit(refused, 1);
    const fp = /key (\S{43}) is not trusted: check it with its owner, then add --trust \1/.exec(
      refused.stderr,
    )?.[1];
    expect(fp, refused.stderr).toBeTruthy();

    const exported = await runCli([...args, '--trust', fp!], env);
    expectExit(exported, 0);
    const verify = await runCli(['verify', out]);
    expectExit(verify, 0);
    expect(verify.stdout).toMatch(/2 captures match the manifest/);
    const exporter = /export signed by key (\S{43}) \(claims Kim Park <kim@example\.test>\)/.exec(
      verify.stdout,
    )?.[1];
    expect(verify.stdout).toContain(`signed by key ${fp}, claims Dana Reyes <dana@example.test>`);
    const pinned = await runCli(['verify', out, '--signer', exporter!, '--signer', fp!]);
    expectExit(pinned, 0);
    expect(pinned.stdout).toContain('every signer is pinned');
    // Pinning only the owner: the exporter is not among the signers given, so it fails.
    expectExit(await runCli(['verify', out, '--signer', fp!]), 1);
  });

  it('a capture’s image written over under another key is reported, and the first version is still there', async () => {
    const listed = await store.admin.send(
      new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'acme/owners/' }),
    );
    const image = listed.Versions?.find((v) => v.Key?.endsWith('.png'))?.Key as string;
    const mallory = store.createUser('mallory');
    // Mallory may write to the bucket (a careless policy), and writes other bytes over the image.
    const { S3Client: AwsS3 } = await import('@aws-sdk/client-s3');
    await store.admin.send(
      new (await import('@aws-sdk/client-s3')).PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: ['arn:aws:iam:::user/mallory'] },
              Action: ['s3:PutObject'],
              Resource: [`arn:aws:s3:::${BUCKET}/*`],
            },
          ],
        }),
      }),
    );
    const asMallory = new AwsS3({
      endpoint: store.endpoint,
      region: store.region,
      forcePathStyle: true,
      credentials: mallory,
    });
    await asMallory.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: image,
        Body: new TextEncoder().encode('not the evidence'),
        ACL: 'bucket-owner-full-control',
      }),
    );
    asMallory.destroy();

    const check = await runCli(['store', 'check', ...target()], env);
    expectExit(check, 1);
    expect(check.stderr).toContain(
      `problem: ${image}: holds 2 versions: something was written over the object first pushed there`,
    );
    // Object Lock kept the first version: a PNG, readable by its version id.
    const after = await store.admin.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: image }));
    const first = after.Versions?.find((v) => !v.IsLatest);
    const kept = await store.admin.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: image, VersionId: first?.VersionId }),
    );
    const bytes = await kept.Body?.transformToByteArray();
    expect([...(bytes ?? []).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(check.stderr).toMatch(
      new RegExp(`problem: ${image.replace(/[.]/g, '\\.')}: is not the image entry \\d+ signs`),
    );
  });

  it('refuses bad arguments with what is wrong', async () => {
    const noStore = await runCli(['store', 'check', '--endpoint', store.endpoint], env);
    expectExit(noStore, 2);
    expect(noStore.stderr).toContain('--store s3://BUCKET/PREFIX is required');
    const badBucket = await runCli(
      ['store', 'check', '--store', 's3://X_Y', '--endpoint', store.endpoint],
      env,
    );
    expectExit(badBucket, 2);
    expect(badBucket.stderr).toContain('Bucket: "X_Y" may hold only');
    const insecure = await runCli(
      ['store', 'check', '--store', 's3://bucket', '--endpoint', 'http://s3.example.com'],
      env,
    );
    expectExit(insecure, 2);
    expect(insecure.stderr).toContain('must use https');
    const noKeys = await runCli(['store', 'check', ...target()], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: 'nobody-has-this-profile',
      HOME: dir,
    });
    expectExit(noKeys, 2);
    expect(noKeys.stderr).toContain('no store credentials');
  });
});
