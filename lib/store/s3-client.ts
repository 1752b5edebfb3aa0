import { AwsClient } from 'aws4fetch';
import { XMLParser } from 'fast-xml-parser';

/**
 * The few S3 operations the team store needs, signed with AWS Signature V4 (aws4fetch) and sent
 * path-style (`ENDPOINT/BUCKET/KEY`), so the same code talks to AWS S3, Ceph RGW and MinIO from
 * the extension's worker and from Node. Responses are XML, parsed by fast-xml-parser (the worker
 * has no DOMParser). Every failure is a StoreError naming the operation, the key and the server's
 * own code and message.
 */
export interface StoreTarget {
  /** `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:7480`; no path, no trailing slash. */
  endpoint: string;
  bucket: string;
  region: string;
}

export interface StoreCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type LockMode = 'COMPLIANCE' | 'GOVERNANCE';

export interface PutOptions {
  /** Lower-case hex SHA-256 of the body: signed as the payload hash, so the server refuses other bytes. */
  sha256: string;
  contentType?: string;
  /** Per-object retention; without it the bucket's default retention applies. */
  lock?: { mode: LockMode; retainUntil: Date };
  /** Extra `x-amz-meta-*` headers (names without the prefix). */
  meta?: Record<string, string>;
}

export interface ObjectHead {
  size: number;
  etag: string;
  versionId?: string;
  lockMode?: string;
  retainUntil?: Date;
  meta: Record<string, string>;
}

export interface LockConfiguration {
  enabled: boolean;
  defaultMode?: string;
  defaultDays?: number;
  defaultYears?: number;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
}

export class StoreError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
  /** True when the failure is worth retrying later (offline, throttled, server trouble). */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** Each segment percent-encoded as S3 expects (RFC 3986 unreserved characters kept). */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((part) =>
      encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '' : String(value);
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export class S3Client {
  private readonly aws: AwsClient;
  private readonly base: string;

  constructor(
    readonly target: StoreTarget,
    credentials: StoreCredentials,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {
    this.aws = new AwsClient({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      service: 's3',
      region: target.region,
      retries: 0,
    });
    this.base = `${target.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(target.bucket)}`;
  }

  private url(key?: string, query = ''): string {
    return `${this.base}${key === undefined ? '' : `/${encodeKey(key)}`}${query}`;
  }

  private async send(operation: string, url: string, init: RequestInit, key?: string): Promise<Response> {
    let signed: Request;
    try {
      signed = await this.aws.sign(url, init);
    } catch (error) {
      throw new StoreError(operation, 0, 'SigningFailed', `${operation}: ${(error as Error).message}`, key);
    }
    let response: Response;
    try {
      // A Blob body is passed through untouched (aws4fetch's signed Request would read it into memory).
      response = await this.fetchImpl(signed.url, {
        method: signed.method,
        headers: signed.headers,
        body: init.body,
      });
    } catch (error) {
      throw new StoreError(
        operation,
        0,
        'NetworkError',
        `${operation}: the store at ${this.target.endpoint} could not be reached (${(error as Error).message}). Check the endpoint, the network, and that the bucket's CORS rule allows this extension.`,
        key,
      );
    }
    return response;
  }

  private async fail(operation: string, response: Response, key?: string): Promise<never> {
    let code = `HTTP${response.status}`;
    let message = response.statusText || 'no message';
    const body = await response.text().catch(() => '');
    if (body) {
      try {
        const parsed = xml.parse(body) as { Error?: { Code?: unknown; Message?: unknown } };
        if (parsed.Error) {
          code = text(parsed.Error.Code) || code;
          message = text(parsed.Error.Message) || code;
        }
      } catch {
        // not XML: keep the status line
      }
    }
    const where = key ? ` ${key}` : ` bucket ${this.target.bucket}`;
    throw new StoreError(
      operation,
      response.status,
      code,
      `${operation}${where}: ${code} (HTTP ${response.status}): ${message}`,
      key,
    );
  }

  async putObject(
    key: string,
    body: Blob | Uint8Array,
    options: PutOptions,
  ): Promise<{ versionId?: string; etag: string }> {
    if (!/^[0-9a-f]{64}$/.test(options.sha256))
      throw new Error(`putObject ${key}: sha256 must be 64 lower-case hex digits`);
    const headers: Record<string, string> = {
      'x-amz-content-sha256': options.sha256,
      'x-amz-checksum-sha256': hexToBase64(options.sha256),
      'content-type': options.contentType ?? 'application/octet-stream',
    };
    if (options.lock) {
      headers['x-amz-object-lock-mode'] = options.lock.mode;
      headers['x-amz-object-lock-retain-until-date'] = options.lock.retainUntil.toISOString();
    }
    for (const [name, value] of Object.entries(options.meta ?? {})) headers[`x-amz-meta-${name}`] = value;
    const response = await this.send(
      'PUT',
      this.url(key),
      { method: 'PUT', headers, body: body as BodyInit },
      key,
    );
    if (!response.ok) return this.fail('PUT', response, key);
    await response.body?.cancel();
    return {
      versionId: response.headers.get('x-amz-version-id') ?? undefined,
      etag: response.headers.get('etag') ?? '',
    };
  }

  /** The object's head, or undefined when there is none. */
  async headObject(key: string, versionId?: string): Promise<ObjectHead | undefined> {
    const query = versionId ? `?versionId=${encodeURIComponent(versionId)}` : '';
    const response = await this.send('HEAD', this.url(key, query), { method: 'HEAD' }, key);
    if (response.status === 404) return undefined;
    if (!response.ok) return this.fail('HEAD', response, key);
    const meta: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (name.startsWith('x-amz-meta-')) meta[name.slice('x-amz-meta-'.length)] = value;
    });
    const until = response.headers.get('x-amz-object-lock-retain-until-date');
    return {
      size: Number(response.headers.get('content-length') ?? 0),
      etag: response.headers.get('etag') ?? '',
      versionId: response.headers.get('x-amz-version-id') ?? undefined,
      lockMode: response.headers.get('x-amz-object-lock-mode') ?? undefined,
      retainUntil: until ? new Date(until) : undefined,
      meta,
    };
  }

  async getObject(key: string): Promise<Response> {
    const response = await this.send('GET', this.url(key), { method: 'GET' }, key);
    if (!response.ok) return this.fail('GET', response, key);
    return response;
  }

  /**
   * An object's bytes, refused past `limit` bytes (announced or received): whoever may write to
   * the bucket must not be able to exhaust a reader's memory with one object.
   */
  async getBytes(key: string, limit: number): Promise<{ bytes: Uint8Array; headers: Headers }> {
    const response = await this.getObject(key);
    const tooLarge = () => {
      void response.body?.cancel().catch(() => undefined);
      return new StoreError(
        'GET',
        0,
        'TooLarge',
        `GET ${key}: holds more than the ${limit} bytes such an object may hold; not read`,
        key,
      );
    };
    if (Number(response.headers.get('content-length') ?? 0) > limit) throw tooLarge();
    const reader = response.body?.getReader();
    if (!reader) return { bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers };
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw tooLarge();
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return { bytes, headers: response.headers };
  }

  /** Deletes one version (only the connection test uses this, expecting a refusal). */
  async deleteObjectVersion(key: string, versionId: string): Promise<Response> {
    return this.send(
      'DELETE',
      this.url(key, `?versionId=${encodeURIComponent(versionId)}`),
      { method: 'DELETE' },
      key,
    );
  }

  async headBucket(): Promise<Response> {
    return this.send('HEAD bucket', this.url(), { method: 'HEAD' });
  }

  async getLockConfiguration(): Promise<LockConfiguration> {
    const response = await this.send('GET object-lock', this.url(undefined, '?object-lock'), {
      method: 'GET',
    });
    if (response.status === 404) {
      const body = await response.text().catch(() => '');
      if (/ObjectLockConfigurationNotFound/.test(body)) return { enabled: false };
      throw new StoreError(
        'GET object-lock',
        404,
        /NoSuchBucket/.test(body) ? 'NoSuchBucket' : 'HTTP404',
        `GET object-lock bucket ${this.target.bucket}: not found`,
      );
    }
    if (!response.ok) return this.fail('GET object-lock', response);
    const parsed = xml.parse(await response.text()) as {
      ObjectLockConfiguration?: {
        ObjectLockEnabled?: unknown;
        Rule?: { DefaultRetention?: { Mode?: unknown; Days?: unknown; Years?: unknown } };
      };
    };
    const config = parsed.ObjectLockConfiguration;
    const retention = config?.Rule?.DefaultRetention;
    return {
      enabled: text(config?.ObjectLockEnabled) === 'Enabled',
      defaultMode: retention ? text(retention.Mode) || undefined : undefined,
      defaultDays: retention?.Days !== undefined ? Number(text(retention.Days)) : undefined,
      defaultYears: retention?.Years !== undefined ? Number(text(retention.Years)) : undefined,
    };
  }

  /** One page of ListObjectsV2 under `prefix`. */
  async listObjects(
    prefix: string,
    continuationToken?: string,
  ): Promise<{ objects: ListedObject[]; next?: string }> {
    const params = new URLSearchParams({ 'list-type': '2', prefix });
    if (continuationToken) params.set('continuation-token', continuationToken);
    const response = await this.send('LIST', this.url(undefined, `?${params}`), { method: 'GET' });
    if (!response.ok) return this.fail('LIST', response);
    const parsed = xml.parse(await response.text()) as {
      ListBucketResult?: {
        Contents?:
          | Array<{ Key?: unknown; Size?: unknown; ETag?: unknown }>
          | { Key?: unknown; Size?: unknown; ETag?: unknown };
        IsTruncated?: unknown;
        NextContinuationToken?: unknown;
      };
    };
    const result = parsed.ListBucketResult;
    if (!result)
      throw new StoreError(
        'LIST',
        response.status,
        'BadResponse',
        `LIST ${prefix}: the store's answer is not a ListBucketResult`,
      );
    return {
      objects: asList(result.Contents).map((c) => ({
        key: text(c.Key),
        size: Number(text(c.Size)),
        etag: text(c.ETag),
      })),
      next: text(result.IsTruncated) === 'true' ? text(result.NextContinuationToken) || undefined : undefined,
    };
  }

  /** Every version of every key under `prefix` (ListObjectVersions), page by page. */
  async *listVersions(
    prefix: string,
  ): AsyncGenerator<{ key: string; versionId: string; isLatest: boolean; size: number }> {
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      const params = new URLSearchParams({ prefix });
      if (keyMarker) params.set('key-marker', keyMarker);
      if (versionMarker) params.set('version-id-marker', versionMarker);
      const response = await this.send('LIST versions', this.url(undefined, `?versions&${params}`), {
        method: 'GET',
      });
      if (!response.ok) return this.fail('LIST versions', response);
      type Version = { Key?: unknown; VersionId?: unknown; IsLatest?: unknown; Size?: unknown };
      const parsed = xml.parse(await response.text()) as {
        ListVersionsResult?: {
          Version?: Version | Version[];
          IsTruncated?: unknown;
          NextKeyMarker?: unknown;
          NextVersionIdMarker?: unknown;
        };
      };
      const result = parsed.ListVersionsResult;
      if (!result)
        throw new StoreError(
          'LIST versions',
          response.status,
          'BadResponse',
          `LIST versions ${prefix}: the store's answer is not a ListVersionsResult`,
        );
      for (const v of asList(result.Version))
        yield {
          key: text(v.Key),
          versionId: text(v.VersionId),
          isLatest: text(v.IsLatest) === 'true',
          size: Number(text(v.Size)),
        };
      const more = text(result.IsTruncated) === 'true';
      keyMarker = more ? text(result.NextKeyMarker) || undefined : undefined;
      versionMarker = more ? text(result.NextVersionIdMarker) || undefined : undefined;
    } while (keyMarker);
  }

  /** Every object under `prefix`, page by page. */
  async *listAll(prefix: string): AsyncGenerator<ListedObject> {
    let next: string | undefined;
    do {
      const page = await this.listObjects(prefix, next);
      yield* page.objects;
      next = page.next;
    } while (next);
  }
}

function hexToBase64(hex: string): string {
  let binary = '';
  for (let i = 0; i < hex.length; i += 2)
    binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}
