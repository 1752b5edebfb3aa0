import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { S3Client } from '../../lib/store/s3-client';
import { bucketProblem, normalizePrefix, parseEndpoint } from '../../lib/store/store-settings';
import { UsageError } from './usage';

/** `--store s3://BUCKET/PREFIX --endpoint URL [--region R]`, parsed and checked. */
export interface StoreTargetArgs {
  store?: string;
  endpoint?: string;
  region?: string;
}

export interface StoreTarget {
  endpoint: string;
  bucket: string;
  prefix: string;
  region: string;
}

export function parseStoreTarget(args: StoreTargetArgs, env: NodeJS.ProcessEnv = process.env): StoreTarget {
  if (!args.store) throw new UsageError('--store s3://BUCKET/PREFIX is required');
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(args.store);
  if (!m) throw new UsageError(`--store "${args.store}" must be s3://BUCKET or s3://BUCKET/PREFIX`);
  const bucket = m[1]!;
  const bad = bucketProblem(bucket);
  if (bad) throw new UsageError(`--store: ${bad}`);
  const prefix = normalizePrefix(m[2] ?? '');
  if ('problem' in prefix) throw new UsageError(`--store: ${prefix.problem}`);
  const raw = args.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (!raw) throw new UsageError('--endpoint URL is required (or AWS_ENDPOINT_URL_S3)');
  const endpoint = parseEndpoint(raw);
  if ('problem' in endpoint)
    throw new UsageError(`--endpoint: ${endpoint.problem.replace(/^Endpoint: /, '')}`);
  const region = args.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return { endpoint: endpoint.origin, bucket, prefix: prefix.prefix, region };
}

/**
 * Credentials as the AWS tools find them: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and
 * AWS_SESSION_TOKEN), else the shared files ~/.aws/credentials and ~/.aws/config (AWS_PROFILE).
 */
export async function storeCredentials(): Promise<{
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}> {
  try {
    const c = await defaultProvider()();
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    };
  } catch (e) {
    throw new UsageError(
      `no store credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials (${(e as Error).message})`,
    );
  }
}

export async function storeClient(target: StoreTarget): Promise<S3Client> {
  return new S3Client(target, await storeCredentials());
}
