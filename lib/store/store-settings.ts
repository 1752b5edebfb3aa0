import { z } from 'zod';

/**
 * The team store's connection, as Settings saves it (docs/team-store.md). The secret access key is
 * kept only in this browser's database: it is never exported, never sent anywhere but in the
 * signature of a request to the endpoint, and never shown again once saved.
 */
export type StoreMode = 'owner' | 'reader';

export const storeSettingsSchema = z.object({
  /** `https://host[:port]`, or `http://` on a loopback host only. */
  endpoint: z.string(),
  bucket: z.string(),
  region: z.string(),
  /** The team's folder in the bucket, without leading or trailing `/`; '' for the bucket's root. */
  prefix: z.string(),
  /** owner: pushes this browser's evidence; reader: reads every owner's evidence, writes nothing. */
  mode: z.enum(['owner', 'reader']),
  accessKeyId: z.string(),
  secretAccessKey: z.string(),
  /**
   * Each object's own retention in days from its upload, sent as COMPLIANCE mode with
   * `x-amz-object-lock-retain-until-date`; absent: the bucket's default retention applies.
   */
  retainDays: z.number().int().positive().max(36_500).optional(),
  savedAt: z.string(),
});
export type StoreSettings = z.infer<typeof storeSettingsSchema>;

/** What a page may show of the saved settings: never the secret, and only the key id's end. */
export type StoreSettingsView = Omit<StoreSettings, 'secretAccessKey' | 'accessKeyId'> & {
  accessKeyIdEnd: string;
};

/** What the Settings form submits; an empty secret keeps the saved one. */
export type StoreSettingsInput = Omit<StoreSettings, 'savedAt'>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The endpoint normalised to its origin, or a sentence saying what is wrong with it. */
export function parseEndpoint(raw: string): { origin: string } | { problem: string } {
  const text = raw.trim();
  if (!text)
    return {
      problem: 'Endpoint: enter the address of the S3 service, e.g. https://s3.eu-west-1.amazonaws.com.',
    };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `Endpoint: "${text}" is not a valid address.` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    return {
      problem: `Endpoint: "${text}" must use https (plain http is accepted only on this machine, 127.0.0.1 or localhost).`,
    };
  if (url.username || url.password) return { problem: 'Endpoint: must not contain a user name or password.' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return {
      problem: `Endpoint: "${text}" must be the service's address only, without a path (the bucket goes in its own field).`,
    };
  return { origin: url.origin };
}

/** S3's bucket naming rules (the general-purpose ones, which also suit Ceph and MinIO). */
export function bucketProblem(bucket: string): string | undefined {
  if (!bucket) return 'Bucket: enter the bucket name.';
  if (bucket.length < 3 || bucket.length > 63) return `Bucket: "${bucket}" must be 3 to 63 characters long.`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket))
    return `Bucket: "${bucket}" may hold only lower-case letters, digits, dots and hyphens, and must start and end with a letter or digit.`;
  if (bucket.includes('..')) return `Bucket: "${bucket}" must not contain two dots in a row.`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return `Bucket: "${bucket}" must not look like an IP address.`;
  return undefined;
}

/** The prefix without surrounding slashes, or a problem. */
export function normalizePrefix(raw: string): { prefix: string } | { problem: string } {
  const prefix = raw.trim().replace(/^\/+|\/+$/g, '');
  if (prefix.length > 200) return { problem: 'Prefix: keep it under 200 characters.' };
  if (prefix.split('/').some((part) => part === '' || part === '.' || part === '..'))
    return prefix === ''
      ? { prefix }
      : { problem: `Prefix: "${raw.trim()}" must not contain empty, "." or ".." parts.` };
  if (!/^[A-Za-z0-9._\-/]*$/.test(prefix))
    return { problem: `Prefix: "${raw.trim()}" may hold only letters, digits, ".", "_", "-" and "/".` };
  return { prefix };
}

/**
 * Checks and normalises what the form submits. `previous` supplies the secret when the field is
 * left empty. Returns every problem at once, each naming its field.
 */
export function validateStoreSettings(
  input: StoreSettingsInput,
  previous: StoreSettings | undefined,
  now: Date = new Date(),
): { settings: StoreSettings } | { problems: string[] } {
  const problems: string[] = [];
  const endpoint = parseEndpoint(input.endpoint);
  if ('problem' in endpoint) problems.push(endpoint.problem);
  const bucket = input.bucket.trim();
  const bucketIssue = bucketProblem(bucket);
  if (bucketIssue) problems.push(bucketIssue);
  const region = input.region.trim() || 'us-east-1';
  if (!/^[a-z0-9-]{2,32}$/.test(region))
    problems.push(`Region: "${region}" is not a region name such as eu-west-1.`);
  const prefix = normalizePrefix(input.prefix);
  if ('problem' in prefix) problems.push(prefix.problem);
  const accessKeyId = input.accessKeyId.trim();
  if (!/^[A-Za-z0-9+/=_-]{3,128}$/.test(accessKeyId))
    problems.push('Access key id: enter the key id (letters and digits).');
  const secretAccessKey =
    input.secretAccessKey.trim() || (previous?.accessKeyId === accessKeyId ? previous.secretAccessKey : '');
  if (!secretAccessKey)
    problems.push(
      previous && previous.accessKeyId !== accessKeyId
        ? 'Secret access key: enter the secret of the new key id.'
        : 'Secret access key: enter the secret.',
    );
  const retainDays = input.retainDays;
  if (retainDays !== undefined && !(Number.isInteger(retainDays) && retainDays >= 1 && retainDays <= 36_500))
    problems.push(
      "Retention: enter whole days from 1 to 36500, or leave it empty to use the bucket's default.",
    );
  if (problems.length || 'problem' in endpoint || 'problem' in prefix) return { problems };
  return {
    settings: {
      endpoint: endpoint.origin,
      bucket,
      region,
      prefix: prefix.prefix,
      mode: input.mode,
      accessKeyId,
      secretAccessKey,
      ...(retainDays !== undefined ? { retainDays } : {}),
      savedAt: now.toISOString(),
    },
  };
}

export function viewOf(settings: StoreSettings): StoreSettingsView {
  const { secretAccessKey: _secret, accessKeyId, ...rest } = settings;
  return { ...rest, accessKeyIdEnd: accessKeyId.slice(-4) };
}

/** The host permission pattern for the endpoint (match patterns carry no port). */
export function endpointOriginPattern(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.protocol}//${url.hostname}/*`;
}

/** Where every owner's folder lives: `PREFIX/owners/`. */
export function ownersPrefix(settings: Pick<StoreSettings, 'prefix'>): string {
  return `${settings.prefix ? `${settings.prefix}/` : ''}owners/`;
}

/** Where an owner's objects live: `PREFIX/owners/FINGERPRINT/`. */
export function ownerPrefix(settings: Pick<StoreSettings, 'prefix'>, fingerprint: string): string {
  return `${ownersPrefix(settings)}${fingerprint}/`;
}

/** The lock to ask for on each upload, or undefined to rely on the bucket's default retention. */
export function retentionLock(
  settings: Pick<StoreSettings, 'retainDays'>,
  now: Date = new Date(),
): { mode: 'COMPLIANCE'; retainUntil: Date } | undefined {
  if (!settings.retainDays) return undefined;
  return { mode: 'COMPLIANCE', retainUntil: new Date(now.getTime() + settings.retainDays * 86_400_000) };
}

/** Whether two settings point at the same place in the same store (else the push plan restarts). */
export function sameStore(
  a: Pick<StoreSettings, 'endpoint' | 'bucket' | 'prefix'>,
  b: Pick<StoreSettings, 'endpoint' | 'bucket' | 'prefix'>,
): boolean {
  return a.endpoint === b.endpoint && a.bucket === b.bucket && a.prefix === b.prefix;
}
