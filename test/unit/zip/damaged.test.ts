import { randomBytes } from 'node:crypto';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BundleReadError } from '../../../lib/verify/archive';
import { openZipArchive } from '../../../lib/zip/open-zip-archive';
import { bytesSource } from '../../../lib/zip/random-access-source';
import { seededRandom as prng } from '../../../node/fixtures/seeded-random';

/** A small bundle-like ZIP as the exporter writes it: streamed, data descriptors, stored and deflated. */
function sampleZip(): { zip: Uint8Array; files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>([
    ['manifest.json', strToU8(JSON.stringify({ format: 'prooftrail-bundle', files: ['a', 'b'] }))],
    ['controls/A.5.18/capture.png', new Uint8Array(randomBytes(300))],
    ['controls/A.5.18/capture.txt', strToU8('page text, repeated. '.repeat(200))],
    ['ledger.jsonl', strToU8('{"seq":1}\n{"seq":2}\n')],
  ]);
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  for (const [name, data] of files) {
    const entry = name.endsWith('.png') ? new ZipPassThrough(name) : new ZipDeflate(name);
    zip.add(entry);
    entry.push(data, true);
  }
  zip.end();
  return { zip: new Uint8Array(Buffer.concat(parts)), files };
}

/** Opens and reads everything; returns the bytes read, or the error (which must be a BundleReadError). */
async function readAll(zip: Uint8Array): Promise<Map<string, Uint8Array> | BundleReadError> {
  try {
    const archive = await openZipArchive(bytesSource(zip));
    const out = new Map<string, Uint8Array>();
    for (const name of archive.names) out.set(name, await archive.read(name, 1 << 20));
    for (const name of archive.names) await archive.digest(name, 1 << 20);
    return out;
  } catch (e) {
    if (e instanceof BundleReadError) return e;
    throw new Error(`not a BundleReadError: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

describe('truncated and damaged ZIPs give a BundleReadError, never another error', () => {
  const { zip, files } = sampleZip();

  it('the sample reads back whole', async () => {
    const read = await readAll(zip);
    expect(read).toBeInstanceOf(Map);
    for (const [name, data] of files)
      expect(Buffer.from((read as Map<string, Uint8Array>).get(name)!).equals(data)).toBe(true);
  });

  it('cut at every length', async () => {
    for (let length = 0; length < zip.length; length++) {
      const result = await readAll(zip.subarray(0, length));
      expect(result, `cut to ${length} bytes`).toBeInstanceOf(BundleReadError);
    }
  });

  it('2,000 single-byte changes: refused, or every entry either unchanged or changed only in stored bytes', async () => {
    const random = prng(9);
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const damaged = zip.slice();
      const at = Math.floor(random() * zip.length);
      damaged[at] = (damaged[at]! + 1 + Math.floor(random() * 255)) & 0xff;
      const result = await readAll(damaged);
      if (result instanceof BundleReadError) {
        refused++;
        expect(result.message, `byte ${at}`).not.toMatch(/\n/);
        continue;
      }
      // Accepted: same names and sizes (a change to data bytes is the verifier's to catch, by SHA-256).
      expect([...result.keys()], `byte ${at}`).toEqual([...files.keys()]);
      for (const [name, data] of files) expect(result.get(name)!.length, `byte ${at}`).toBe(data.length);
    }
    expect(refused).toBeGreaterThan(800);
  });

  it('random bytes, and random bytes after a real end record', async () => {
    const random = prng(4);
    for (let i = 0; i < 300; i++) {
      const junk = new Uint8Array(Math.floor(random() * 2000));
      for (let j = 0; j < junk.length; j++) junk[j] = Math.floor(random() * 256);
      expect(await readAll(junk)).toBeInstanceOf(BundleReadError);
      const withEnd = new Uint8Array([...junk, ...zip.subarray(zip.length - 22)]);
      expect(await readAll(withEnd)).toBeInstanceOf(BundleReadError);
    }
  });
});
