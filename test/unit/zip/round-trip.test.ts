import { createHash, randomBytes } from 'node:crypto';
import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BlobSink } from '../../../lib/bundle/byte-sink';
import { ZipWriter } from '../../../lib/bundle/zip-writer';
import { BundleReadError } from '../../../lib/verify/archive';
import { blobSource } from '../../../lib/zip/blob-source';
import { openZipArchive } from '../../../lib/zip/open-zip-archive';
import { bytesSource } from '../../../lib/zip/random-access-source';
import { jsSha256 } from '../../../lib/zip/sha256-hasher';
import { nodeSha256 } from '../../../node/cli/file-source';
import { buildZip, stored } from './build-zip';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const text = strToU8(`${'{"control":"A.5.18","note":"quarterly access review"}\n'.repeat(3000)}`);
const image = new Uint8Array(randomBytes(300_000));
const files = new Map<string, Uint8Array>([
  ['manifest.json', strToU8('{"format":"prooftrail-bundle"}')],
  ['controls/A.5.18/2026-11-28T10-00-00Z_review.png', image],
  ['controls/A.5.18/2026-11-28T10-00-00Z_review.txt', text],
  ['__proto__', strToU8('an entry named __proto__')],
  ['constructor', strToU8('an entry named constructor')],
  ['caf\u00e9/r\u00e9sum\u00e9.txt', strToU8('non-ASCII names are UTF-8')],
  ['empty.txt', new Uint8Array(0)],
]);
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * A ZIP of `files` written by fflate in one go: PNG stored, the rest deflated. zipSync takes a
 * plain object, so it cannot write "__proto__" (the streaming Zip below can); it is left out.
 */
function zipAtOnce(): Uint8Array {
  const input: Parameters<typeof zipSync>[0] = {};
  for (const [name, data] of files)
    if (name !== '__proto__') input[name] = [data, { level: name.endsWith('.png') ? 0 : 6 }];
  return zipSync(input);
}

/** The same files through fflate's streaming Zip (data descriptors, as the exporter writes them). */
function zipStreamed(): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  for (const [name, data] of files) {
    const entry = name.endsWith('.png') ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    entry.push(data, true);
  }
  zip.end();
  return new Uint8Array(Buffer.concat(parts));
}

describe.each([
  ['zipSync', zipAtOnce],
  ['streaming Zip with data descriptors', zipStreamed],
])('a ZIP written by fflate (%s) reads back', (_, make) => {
  it('every entry, with its size, bytes and SHA-256', async () => {
    const archive = await openZipArchive(bytesSource(make()), { hasher: nodeSha256 });
    expect(archive.names.length).toBeGreaterThanOrEqual(files.size - 1);
    for (const name of archive.names) {
      const data = files.get(name)!;
      expect(archive.size(name)).toBe(data.length);
      expect(same(await archive.read(name, data.length), data)).toBe(true);
      expect(await archive.digest(name, data.length)).toEqual({ sha256: sha(data), size: data.length });
    }
  });
  it('through a Blob, with the JavaScript hasher', async () => {
    const archive = await openZipArchive(blobSource(new Blob([make() as BlobPart])));
    for (const name of archive.names) {
      const data = files.get(name)!;
      expect(await archive.digest(name, data.length)).toEqual({ sha256: sha(data), size: data.length });
    }
  });
});

describe('reading entries', () => {
  it('__proto__ and constructor are ordinary names', async () => {
    const archive = await openZipArchive(bytesSource(zipStreamed()));
    expect([...archive.names].sort()).toEqual([...files.keys()].sort());
    expect(archive.size('__proto__')).toBe(files.get('__proto__')!.length);
    expect(new TextDecoder().decode(await archive.read('__proto__', 100))).toBe('an entry named __proto__');
    expect(archive.size('toString')).toBeUndefined();
    await expect(archive.read('toString', 100)).rejects.toThrow(/^toString: no such file in the bundle/);
  });
  it('folders are skipped but files in them are listed', async () => {
    const archive = await openZipArchive(bytesSource(buildZip([stored('a/', ''), stored('a/b.txt', 'b')])));
    expect(archive.names).toEqual(['a/b.txt']);
    await expect(archive.read('a/', 10)).rejects.toThrow(/no such file/);
  });
  it('an entry larger than the limit is refused before it is read', async () => {
    const archive = await openZipArchive(bytesSource(zipAtOnce()));
    const name = 'controls/A.5.18/2026-11-28T10-00-00Z_review.txt';
    const err = await archive.read(name, text.length - 1).catch((e) => e);
    expect(err).toBeInstanceOf(BundleReadError);
    expect(err.message).toBe(
      `${name}: it declares ${text.length} bytes, more than the ${text.length - 1} expected`,
    );
    await expect(archive.digest(name, 10)).rejects.toThrow(BundleReadError);
  });
  it('a NaN limit (a missing size) refuses rather than allows', async () => {
    const archive = await openZipArchive(bytesSource(zipAtOnce()));
    await expect(archive.read('manifest.json', Number.NaN)).rejects.toThrow(/more than the NaN expected/);
  });
  it('opening 2,000 small entries takes a handful of reads, not two per entry', async () => {
    const entries = Array.from({ length: 2000 }, (_, i) => stored(`controls/A.5.18/${i}.json`, `{"n":${i}}`));
    const inner = bytesSource(buildZip(entries));
    let reads = 0;
    const counted = {
      size: inner.size,
      read: (o: number, l: number) => {
        reads++;
        return inner.read(o, l);
      },
    };
    const archive = await openZipArchive(counted);
    expect(archive.names.length).toBe(2000);
    expect(reads).toBeLessThan(20);
  });
  it('an empty archive has no names', async () => {
    expect((await openZipArchive(bytesSource(buildZip([])))).names).toEqual([]);
  });
  it('entries are read one at a time or together', async () => {
    const archive = await openZipArchive(bytesSource(zipStreamed()), { hasher: nodeSha256 });
    const all = await Promise.all(archive.names.map((n) => archive.digest(n, 1 << 20)));
    expect(all.map((d) => d.sha256)).toEqual(archive.names.map((n) => sha(files.get(n)!)));
  });
  it('a bundle written by the exporter (ZipWriter) reads back', async () => {
    const sink = new BlobSink();
    const writer = new ZipWriter(sink);
    const written = new Map<string, { sha256: string; size: number }>();
    for (const [name, data] of files) written.set(name, await writer.add(name, data, true));
    await writer.end();
    const archive = await openZipArchive(blobSource(sink.blob()), { hasher: nodeSha256 });
    for (const [name, expected] of written)
      expect(await archive.digest(name, expected.size)).toEqual(expected);
  });
});

describe('the two SHA-256 hashers agree', () => {
  it('on data fed in uneven chunks', async () => {
    const data = new Uint8Array(randomBytes(1_000_003));
    const js = jsSha256();
    const node = nodeSha256();
    for (let i = 0; i < data.length; i += 65_521) {
      js.update(data.subarray(i, i + 65_521));
      node.update(data.subarray(i, i + 65_521));
    }
    expect(await js.hex()).toBe(sha(data));
    expect(await node.hex()).toBe(sha(data));
  });
});
