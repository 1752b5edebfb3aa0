import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { unzipSync } from 'fflate';
import { SHA256SUMS_PATH } from '../../../lib/formats/bundle-paths';
import type { LedgerEntry, LedgerRecord } from '../../../lib/formats/ledger-entry';
import { type BundleManifest, layoutOf, type ManifestFile } from '../../../lib/formats/manifest';
import { sha256Sums } from '../../../lib/formats/sha256sums';
import { concatBytes } from '../../../lib/integrity/bytes';
import { canonicalJson } from '../../../lib/integrity/canonical';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { describePublicKey, generateDeviceKey, signBytes } from '../../../lib/integrity/signing';
import { entryBytes, entryHash } from '../../../lib/ledger/entry-bytes';
import { recordPathOf, roleOfPath } from '../../../lib/verify/file-roles';
import { crc32 } from '../../../node/fixtures/noise-png';

/**
 * The tools of someone forging a bundle: everything an attacker can do without the exporter's
 * private key (unzip, edit bytes, rewrite the manifest with fresh hashes and sizes, re-zip), and,
 * with a key of their own, re-sign the whole ledger as if they had exported it.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A bundle's files in ZIP order. A Map, so names like `__proto__` are kept like any other. */
export class Forged {
  constructor(readonly files: Map<string, Uint8Array>) {}

  static fromZip(bytes: Uint8Array): Forged {
    const out = new Map<string, Uint8Array>();
    unzipSync(bytes, {
      filter: (f) => {
        if (f.name === '__proto__') throw new Error('fromZip: cannot read __proto__ with fflate');
        return true;
      },
    });
    const all = unzipSync(bytes);
    for (const name of Object.keys(all)) if (!name.endsWith('/')) out.set(name, all[name]!);
    return new Forged(out);
  }

  clone(): Forged {
    return new Forged(new Map([...this.files].map(([k, v]) => [k, v.slice()])));
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  get(path: string): Uint8Array {
    const bytes = this.files.get(path);
    if (!bytes)
      throw new Error(`forge: no file ${path} in the bundle (has ${[...this.files.keys()].join(', ')})`);
    return bytes;
  }

  text(path: string): string {
    return decoder.decode(this.get(path));
  }

  json<T extends object = Record<string, unknown>>(path: string): T {
    return JSON.parse(this.text(path)) as T;
  }

  set(path: string, bytes: Uint8Array | string): this {
    this.files.set(path, typeof bytes === 'string' ? encoder.encode(bytes) : bytes);
    return this;
  }

  /** Writes a record as the exporter would: its RFC 8785 bytes. */
  setJson(path: string, value: unknown): this {
    return this.set(path, canonicalJson(value));
  }

  /** Edits a file's text in place; throws if `from` does not occur (the forgery would be a no-op). */
  replace(path: string, from: string | RegExp, to: string): this {
    const before = this.text(path);
    const after = before.replace(from, to);
    if (after === before) throw new Error(`forge: ${String(from)} not found in ${path}`);
    return this.set(path, after);
  }

  delete(path: string): this {
    if (!this.files.delete(path)) throw new Error(`forge: no file ${path} to delete`);
    return this;
  }

  /** Removes every file whose path starts with `prefix`; returns how many went. */
  deleteUnder(prefix: string): number {
    let n = 0;
    for (const path of [...this.files.keys()])
      if (path.startsWith(prefix)) {
        this.files.delete(path);
        n++;
      }
    if (!n) throw new Error(`forge: nothing under ${prefix}`);
    return n;
  }

  get manifest(): BundleManifest {
    return this.json<BundleManifest>('manifest.json');
  }

  set manifest(m: BundleManifest) {
    this.setJson('manifest.json', m);
  }

  /** Applies `edit` to the parsed manifest and writes it back canonical. */
  editManifest(edit: (m: BundleManifest) => void): this {
    const m = this.manifest;
    edit(m);
    this.manifest = m;
    return this;
  }

  /** The records of `<folder>ledger.jsonl`. */
  ledger(folder = ''): LedgerRecord[] {
    return this.text(`${folder}ledger.jsonl`)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LedgerRecord);
  }

  setLedger(records: LedgerRecord[], folder = ''): this {
    return this.set(`${folder}ledger.jsonl`, records.map((r) => `${canonicalJson(r)}\n`).join(''));
  }

  /** Paths of capture records (role metadata in the manifest), in manifest order. */
  recordPaths(): string[] {
    return this.manifest.files.filter((f) => f.role === 'metadata').map((f) => f.path);
  }

  /** The path of the (first) record of the capture whose note is `note`. */
  recordOf(note: string): string {
    const path = this.recordPaths().find((p) => this.has(p) && this.json(p).note === note);
    if (!path) throw new Error(`forge: no capture with note ${JSON.stringify(note)}`);
    return path;
  }

  /** Every path of the capture whose note is `note`, in every control folder. */
  filesOf(note: string): string[] {
    const id = this.json(this.recordOf(note)).id;
    return this.manifest.files.filter((f) => f.captureId === id).map((f) => f.path);
  }

  /** The files a format-5 manifest does not list: itself and the exporter's ledger written after signing. */
  unlisted(): Set<string> {
    const out = new Set(['manifest.json', 'ledger.jsonl']);
    if (!this.has('ledger.jsonl')) return out;
    const last = this.ledger().at(-1);
    if (!last) return out;
    const n = String(last.entry.seq).padStart(6, '0');
    for (const path of this.files.keys())
      if (path === `ledger/${n}.json` || new RegExp(`^ledger/${n}(\\.\\d+)?\\.tsr$`).test(path))
        out.add(path);
    return out;
  }

  /**
   * Rewrites the manifest's file list to match the files as they now are (hash and size of each),
   * as a forger who edited, added or removed files would. Roles and capture ids are kept for
   * paths already listed, guessed from the path for new ones. `counts` also recomputes
   * captureCount and deletionCount.
   */
  async relist(o: { counts?: boolean } = {}): Promise<this> {
    const m = this.manifest;
    const before = new Map(m.files.map((f) => [f.path, f]));
    const skip = this.unlisted();
    const files: ManifestFile[] = [];
    for (const [path, bytes] of this.files) {
      if (skip.has(path)) continue;
      const old = before.get(path);
      const role = old?.role ?? roleOfPath(path, false, m.formatVersion, layoutOf(m)) ?? 'image';
      const record = recordPathOf(path);
      const captureId =
        old?.captureId ??
        (/^(controls|captures)\//.test(path) && role !== 'control-index' && this.has(record)
          ? (this.json(record).id as string | undefined)
          : undefined);
      files.push({
        path,
        sha256: await sha256Hex(bytes as BufferSource),
        size: bytes.byteLength,
        role,
        ...(captureId ? { captureId } : {}),
      });
    }
    m.files = files;
    this.rewriteSha256Sums(m);
    if (o.counts) {
      m.captureCount = new Set(
        files.filter((f) => f.role === 'metadata' && this.has(f.path)).map((f) => this.json(f.path).id),
      ).size;
      m.deletionCount = this.has('deletions.json') ? this.json<unknown[]>('deletions.json').length : 0;
    }
    this.manifest = m;
    return this;
  }

  /**
   * Makes the bundle the forger's own: the exporter's ledger (all but its export entry, after
   * `edit`) is re-chained and re-signed with a fresh key, the public key replaced, the manifest
   * re-listed and a new export entry signing it appended. Timestamp replies (which stamp the old
   * entries) are dropped. The result verifies unless a check other than the signatures catches it.
   */
  async resign(
    o: {
      key?: ForgerKey;
      edit?: (entries: LedgerEntry[]) => LedgerEntry[];
      /** Called after the manifest is re-listed, before it is signed. */
      manifest?: (m: BundleManifest) => void;
    } = {},
  ): Promise<ForgerKey> {
    const key = o.key ?? (await forgerKey());
    const old = this.ledger();
    const entries = old.slice(0, -1).map((r) => r.entry);
    const exported = old.at(-1)!.entry;
    for (const path of [...this.files.keys()])
      if (/^ledger\/\d{6}(\.\d+)?\.(json|tsr)$/.test(path)) this.delete(path);
    if (this.has('tsa-chain.pem')) this.delete('tsa-chain.pem');
    const signed = await key.chain(o.edit ? o.edit(entries) : entries);
    for (const r of signed)
      this.set(`ledger/${String(r.entry.seq).padStart(6, '0')}.json`, entryBytes(r.entry));
    this.setJson('public-key.json', {
      format: 'prooftrail-public-key',
      jwk: key.jwk,
      fingerprint: key.fingerprint,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    this.setLedger([]);
    await this.relist({ counts: true });
    this.editManifest((m) => {
      m.signers[0] = { fingerprint: key.fingerprint, folder: '', throughSeq: signed.length };
      o.manifest?.(m);
      this.fitFormat(m);
    });
    const manifest = this.manifest;
    const exportEntry = await key.sign({
      ...exported,
      seq: signed.length + 1,
      prev: signed.length ? signed.at(-1)!.hash : '0'.repeat(64),
      key: key.fingerprint,
      artifacts: { manifest: await sha256Hex(this.get('manifest.json') as BufferSource) },
      content: {
        ...exported.content,
        captureCount: manifest.captureCount,
        deletionCount: manifest.deletionCount,
        fileCount: manifest.files.length,
      },
    });
    this.set(`ledger/${String(exportEntry.entry.seq).padStart(6, '0')}.json`, entryBytes(exportEntry.entry));
    this.setLedger([...signed, exportEntry]);
    return key;
  }

  /** Removes `layout` from a manifest (formats before 8 have none). */
  static withoutLayout(m: BundleManifest): void {
    delete (m as { layout?: unknown }).layout;
  }

  /**
   * SHA256SUMS made again from the manifest's other files (format 9), as a forger who changed
   * files would; its entry gets the new hash and size.
   */
  rewriteSha256Sums(m: BundleManifest): void {
    const entry = m.files.find((f) => f.path === SHA256SUMS_PATH);
    if (!entry || !this.has(SHA256SUMS_PATH)) return;
    const bytes = sha256Sums(m.files);
    this.set(SHA256SUMS_PATH, bytes);
    entry.sha256 = bytesToHex(sha256(bytes));
    entry.size = bytes.byteLength;
  }

  /**
   * Makes a manifest relabelled to a format before 9 (by `resign`'s `manifest` edit) carry no
   * SHA256SUMS, as that format's exporter wrote it (the edit removes `layout` itself if it must).
   */
  fitFormat(m: BundleManifest): void {
    const version = m.formatVersion as number;
    if (version < 9 && m.files.some((f) => f.path === SHA256SUMS_PATH)) {
      m.files = m.files.filter((f) => f.path !== SHA256SUMS_PATH);
      if (this.has(SHA256SUMS_PATH)) this.delete(SHA256SUMS_PATH);
    }
  }

  /** The bundle as a ZIP (stored entries, in Map order). */
  zip(): Uint8Array {
    return buildZip([...this.files]);
  }
}

/** A key pair of the forger's own, signing entries the way the extension does. */
export interface ForgerKey {
  fingerprint: string;
  jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  sign(entry: LedgerEntry): Promise<LedgerRecord>;
  /** Re-numbers, re-chains and signs entries from seq 1. */
  chain(entries: LedgerEntry[]): Promise<LedgerRecord[]>;
}

export async function forgerKey(): Promise<ForgerKey> {
  const pair = await generateDeviceKey();
  const { jwk, fingerprint } = await describePublicKey(pair.publicKey);
  const sign = async (entry: LedgerEntry): Promise<LedgerRecord> => {
    const e = { ...entry, key: fingerprint };
    return { entry: e, hash: await entryHash(e), signature: await signBytes(pair.privateKey, entryBytes(e)) };
  };
  return {
    fingerprint,
    jwk,
    sign,
    chain: async (entries) => {
      const out: LedgerRecord[] = [];
      for (const [i, entry] of entries.entries())
        out.push(await sign({ ...entry, seq: i + 1, prev: out.at(-1)?.hash ?? '0'.repeat(64) }));
      return out;
    },
  };
}

/** Canonical JSON bytes, pretty-printed JSON bytes, and other spellings of the same value. */
export const spell = {
  canonical: (v: unknown) => encoder.encode(canonicalJson(v)),
  pretty: (v: unknown) => encoder.encode(JSON.stringify(v, null, 2)),
  /** Keys in reverse order: same value, same whitespace, not canonical. */
  reversed: (v: unknown): Uint8Array => encoder.encode(reverseKeys(v)),
  withBom: (bytes: Uint8Array) => concatBytes(new Uint8Array([0xef, 0xbb, 0xbf]), bytes),
};

function reverseKeys(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(reverseKeys).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .reverse()
      .map((k) => `${JSON.stringify(k)}:${reverseKeys((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return canonicalJson(v);
}

/** Replaces the first occurrence of `needle` (ASCII) in `bytes` with `bytes` of equal or other length. */
export function replaceBytes(bytes: Uint8Array, needle: string, by: Uint8Array): Uint8Array {
  const n = encoder.encode(needle);
  outer: for (let i = 0; i + n.length <= bytes.length; i++) {
    for (let j = 0; j < n.length; j++) if (bytes[i + j] !== n[j]) continue outer;
    return concatBytes(bytes.subarray(0, i), by, bytes.subarray(i + n.length));
  }
  throw new Error(`forge: ${needle} not found`);
}

/**
 * A ZIP of stored entries written byte by byte, so that names fflate would merge or refuse
 * (duplicates, `__proto__`, `../x`) can be written as an attacker would. Names are flagged UTF-8.
 */
export function buildZip(entries: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = encoder.encode(name);
    const crc = crc32(data);
    const local = new Uint8Array(30 + nameBytes.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, 0x800, true);
    l.setUint16(8, 0, true);
    l.setUint16(10, 0, true);
    l.setUint16(12, 0x21, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, data.length, true);
    l.setUint32(22, data.length, true);
    l.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    const central = new Uint8Array(46 + nameBytes.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x800, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, 0, true);
    c.setUint16(14, 0x21, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, data.length, true);
    c.setUint32(24, data.length, true);
    c.setUint16(28, nameBytes.length, true);
    c.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
  }
  const cd = concatBytes(...centrals);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, cd.length, true);
  e.setUint32(16, offset, true);
  return concatBytes(...locals, cd, end);
}
