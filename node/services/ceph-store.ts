import {
  S3Client as AwsS3Client,
  CreateBucketCommand,
  PutObjectLockConfigurationCommand,
} from '@aws-sdk/client-s3';
import { type CephRgw, startCephRgw } from './ceph-rgw';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface TestStore extends CephRgw {
  /** The AWS SDK, as the administrator: creates buckets and inspects what the tests wrote. */
  admin: AwsS3Client;
  /** Creates a bucket, with Object Lock and a default retention when asked. */
  createBucket(
    name: string,
    lock?: { mode?: 'COMPLIANCE' | 'GOVERNANCE'; days?: number } | false,
  ): Promise<void>;
}

/** A fresh single-node Ceph RGW for one test file (about 1-2 s to start). */
export async function startTestStore(): Promise<TestStore> {
  const rgw = await startCephRgw({ log: (line) => console.log(line) });
  const connect = () =>
    new AwsS3Client({
      endpoint: rgw.endpoint,
      region: rgw.region,
      forcePathStyle: true,
      credentials: { accessKeyId: rgw.accessKeyId, secretAccessKey: rgw.secretAccessKey },
    });
  let admin = connect();
  return {
    ...rgw,
    get admin() {
      return admin;
    },
    async restartGateway() {
      await rgw.restartGateway();
      // The SDK keeps sockets to the gateway that was stopped; its next request would hang ~30 s.
      admin.destroy();
      admin = connect();
    },
    async createBucket(name, lock = { mode: 'COMPLIANCE', days: 1 }) {
      await admin.send(new CreateBucketCommand({ Bucket: name, ObjectLockEnabledForBucket: lock !== false }));
      if (lock && lock.mode !== undefined)
        await admin.send(
          new PutObjectLockConfigurationCommand({
            Bucket: name,
            ObjectLockConfiguration: {
              ObjectLockEnabled: 'Enabled',
              Rule: { DefaultRetention: { Mode: lock.mode, Days: lock.days ?? 1 } },
            },
          }),
        );
    },
    async stop() {
      admin.destroy();
      await rgw.stop();
    },
  };
}
