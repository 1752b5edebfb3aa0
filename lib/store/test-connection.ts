import { sha256Hex } from '../integrity/sha256';
import { type S3Client, StoreError } from './s3-client';

/**
 * "Test connection": what a store must be before ProofTrail trusts it with evidence. Each check
 * says exactly what is wrong; the later checks run only when the earlier ones pass.
 */
export type ConnectionCheckId =
  | 'reach'
  | 'object-lock'
  | 'default-retention'
  | 'write'
  | 'retained'
  | 'undeletable'
  | 'read';

export interface ConnectionCheck {
  id: ConnectionCheckId;
  ok: boolean;
  /** One sentence for the user: what was found, and for a failure what to change. */
  detail: string;
}

export interface ConnectionReport {
  ok: boolean;
  checks: ConnectionCheck[];
  /** The test object left in the store (it cannot be deleted, by design). */
  testObject?: string;
}

export type ConnectionTestOptions =
  | {
      mode: 'owner';
      /** Where the test object goes, e.g. `PREFIX/owners/FINGERPRINT/connection-tests/`. */
      testPrefix: string;
      now?: Date;
    }
  | {
      /** A reader writes nothing: it must be able to list the owners' folders instead. */
      mode: 'reader';
      /** `PREFIX/owners/` */
      ownersPrefix: string;
    };

function describeRetention(days?: number, years?: number): string {
  if (years) return `${years} year${years === 1 ? '' : 's'}`;
  if (days) return `${days} day${days === 1 ? '' : 's'}`;
  return 'no period';
}

/** Runs the checks in order against the real store; never throws for a store-side failure. */
export async function testConnection(
  client: S3Client,
  options: ConnectionTestOptions,
): Promise<ConnectionReport> {
  const checks: ConnectionCheck[] = [];
  const done = (testObject?: string): ConnectionReport => ({
    ok: checks.every((c) => c.ok),
    checks,
    testObject,
  });
  const { bucket, endpoint } = client.target;

  // 1. The bucket answers, and its Object Lock configuration can be read.
  let lock: Awaited<ReturnType<S3Client['getLockConfiguration']>>;
  try {
    lock = await client.getLockConfiguration();
    checks.push({ id: 'reach', ok: true, detail: `Bucket ${bucket} answered at ${endpoint}.` });
  } catch (error) {
    checks.push({ id: 'reach', ok: false, detail: reachFailure(error, bucket, endpoint) });
    return done();
  }

  // 2. Object Lock is on, and 3. new objects are locked in COMPLIANCE mode by default.
  if (!lock.enabled) {
    checks.push({
      id: 'object-lock',
      ok: false,
      detail: `Bucket ${bucket} does not have Object Lock enabled. Object Lock can only be turned on when a bucket is created (or on AWS by support request): create a new bucket with Object Lock enabled.`,
    });
    return done();
  }
  checks.push({ id: 'object-lock', ok: true, detail: `Object Lock is enabled on ${bucket}.` });
  if (lock.defaultMode !== 'COMPLIANCE') {
    checks.push({
      id: 'default-retention',
      ok: false,
      detail: lock.defaultMode
        ? `The bucket's default retention is in ${lock.defaultMode} mode: in that mode a privileged user can delete evidence. Set the default retention to COMPLIANCE mode.`
        : `The bucket has no default retention, so objects uploaded without their own retention would not be locked. Set a default retention in COMPLIANCE mode (for example 7 years).`,
    });
    return done();
  }
  checks.push({
    id: 'default-retention',
    ok: true,
    detail: `New objects are locked in COMPLIANCE mode for ${describeRetention(lock.defaultDays, lock.defaultYears)} by default.`,
  });

  if (options.mode === 'reader') {
    try {
      const page = await client.listObjects(options.ownersPrefix);
      const owners = new Set(page.objects.map((o) => o.key.slice(options.ownersPrefix.length).split('/')[0]));
      checks.push({
        id: 'read',
        ok: true,
        detail: `The key can list ${options.ownersPrefix}: ${owners.size === 0 ? 'no owner has pushed evidence yet' : `evidence of ${owners.size}${page.next ? ' or more' : ''} owner${owners.size === 1 && !page.next ? '' : 's'} found`}.`,
      });
    } catch (error) {
      checks.push({
        id: 'read',
        ok: false,
        detail: `The key could not list ${options.ownersPrefix}: ${(error as Error).message}. A reader needs s3:ListBucket on that prefix and s3:GetObject under it.`,
      });
    }
    return done();
  }

  // 4. The key may write under its prefix.
  const now = options.now ?? new Date();
  const key = `${options.testPrefix.replace(/\/?$/, '/')}${now.toISOString().replace(/[:.]/g, '-')}.txt`;
  const body = new TextEncoder().encode(
    `ProofTrail connection test, ${now.toISOString()}. This object is locked and cannot be deleted.\n`,
  );
  const sha256 = await sha256Hex(body);
  let versionId: string | undefined;
  try {
    ({ versionId } = await client.putObject(key, body, { sha256, contentType: 'text/plain; charset=utf-8' }));
    checks.push({ id: 'write', ok: true, detail: `A test object was written: ${key}.` });
  } catch (error) {
    checks.push({
      id: 'write',
      ok: false,
      detail: `The key could not write ${key}: ${(error as Error).message}. The key needs s3:PutObject on the owner's prefix (see the bucket policy in the documentation).`,
    });
    return done();
  }

  // 5. The object it wrote is locked in COMPLIANCE mode.
  try {
    const head = await client.headObject(key, versionId);
    if (!head)
      throw new StoreError(
        'HEAD',
        404,
        'NoSuchKey',
        `HEAD ${key}: the object just written is not there`,
        key,
      );
    if (head.lockMode === 'COMPLIANCE' && head.retainUntil && head.retainUntil > now) {
      checks.push({
        id: 'retained',
        ok: true,
        detail: `The test object is locked in COMPLIANCE mode until ${head.retainUntil.toISOString()}.`,
      });
    } else {
      checks.push({
        id: 'retained',
        ok: false,
        detail: head.lockMode
          ? `The test object is locked in ${head.lockMode} mode until ${head.retainUntil?.toISOString() ?? '(no date)'}, not in COMPLIANCE mode.`
          : `The store reports no lock on the test object (x-amz-object-lock-mode is missing). If the key lacks s3:GetObjectRetention, grant it; otherwise the bucket does not lock new objects.`,
      });
    }
  } catch (error) {
    checks.push({
      id: 'retained',
      ok: false,
      detail: `The test object's lock could not be read: ${(error as Error).message}`,
    });
  }

  // 6. The test object cannot be deleted.
  if (!versionId) {
    checks.push({
      id: 'undeletable',
      ok: false,
      detail:
        'The store returned no version id for the test object, so the bucket is not versioned: Object Lock needs versioning.',
    });
    return done(key);
  }
  try {
    const response = await client.deleteObjectVersion(key, versionId);
    await response.body?.cancel();
    if (response.ok) {
      checks.push({
        id: 'undeletable',
        ok: false,
        detail: `The test object could be deleted (HTTP ${response.status}): this bucket does not protect evidence. Use a bucket whose default retention is COMPLIANCE mode.`,
      });
    } else {
      checks.push({
        id: 'undeletable',
        ok: true,
        detail: `Deleting the test object was refused (HTTP ${response.status}), as it must be.`,
      });
    }
  } catch (error) {
    checks.push({
      id: 'undeletable',
      ok: false,
      detail: `The delete test could not be sent: ${(error as Error).message}`,
    });
  }
  return done(key);
}

function reachFailure(error: unknown, bucket: string, endpoint: string): string {
  if (!(error instanceof StoreError)) return `The store could not be asked: ${(error as Error).message}`;
  if (error.code === 'NoSuchBucket') return `There is no bucket named ${bucket} at ${endpoint}.`;
  if (error.code === 'InvalidAccessKeyId')
    return `The store does not know this access key id (${error.code}).`;
  if (error.code === 'SignatureDoesNotMatch')
    return `The secret access key does not match the access key id (${error.code}).`;
  if (error.status === 403)
    return `The key was refused reading bucket ${bucket}'s Object Lock configuration (${error.code}). Grant it s3:GetBucketObjectLockConfiguration on the bucket.`;
  return error.message;
}
