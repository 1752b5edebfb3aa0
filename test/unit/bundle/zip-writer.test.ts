import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BlobSink } from '../../../lib/bundle/byte-sink';
import { ZipWriter } from '../../../lib/bundle/zip-writer';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { readZip } from '../../../lib/verify/read-zip';
import { crc32 } from '../../../lib/zip/crc32';

/** A Blob whose bytes JavaScript cannot read: the writer must hand it on without reading it. */
class UnreadableBlob extends Blob {
  override arrayBuffer(): Promise<ArrayBuffer> {
    throw new Error('read in JavaScript');
  }
  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    throw new Error('read in JavaScript');
  }
  override stream(): ReturnType<Blob['stream']> {
    throw new Error('read in JavaScript');
  }
  override text(): Promise<string> {
    throw new Error('read in JavaScript');
  }
}

const image = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 2654435761) >>> 24);
const text = new TextEncoder().encode('evidence '.repeat(5000));

async function writeZip(): Promise<{ bytes: Uint8Array; results: { sha256: string; size: number }[] }> {
  const sink = new BlobSink();
  const zip = new ZipWriter(sink, new Date(2026, 10, 28, 13, 0, 0));
  const sums = { size: image.byteLength, crc32: crc32(image), sha256: await sha256Hex(image) };
  const results = [
    await zip.add('notes/é-summary.txt', text, true),
    await zip.addBlob('controls/A.5.18/capture.png', new UnreadableBlob([image]), sums),
    await zip.add('small.json', new TextEncoder().encode('{"a":1}'), true),
  ];
  await zip.end();
  return { bytes: new Uint8Array(await sink.blob().arrayBuffer()), results };
}

describe('ZipWriter', () => {
  it('writes a stored Blob from its kept sums without reading it, and the ZIP reads back', async () => {
    const { bytes, results } = await writeZip();
    const files = unzipSync(bytes);
    expect(files['controls/A.5.18/capture.png']).toEqual(image);
    expect(files['notes/é-summary.txt']).toEqual(text);
    expect(results[1]).toEqual({ size: image.byteLength, sha256: await sha256Hex(image) });
    expect(results[0]).toEqual({ size: text.byteLength, sha256: await sha256Hex(text) });
    // The project's own reader (every check of step 0) accepts it.
    const archive = await readZip(bytes);
    expect(archive.names).toEqual(['notes/é-summary.txt', 'controls/A.5.18/capture.png', 'small.json']);
    expect(archive.size('controls/A.5.18/capture.png')).toBe(image.byteLength);
  });

  it('puts CRC-32 and sizes in every local header: no data descriptors; text deflated, the image stored', async () => {
    const { bytes } = await writeZip();
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const seen: { flags: number; method: number; crc: number; compressed: number; size: number }[] = [];
    for (let at = 0; view.getUint32(at, true) === 0x04034b50; ) {
      const entry = {
        flags: view.getUint16(at + 6, true),
        method: view.getUint16(at + 8, true),
        crc: view.getUint32(at + 14, true),
        compressed: view.getUint32(at + 18, true),
        size: view.getUint32(at + 22, true),
      };
      seen.push(entry);
      at += 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true) + entry.compressed;
    }
    expect(seen).toHaveLength(3);
    for (const e of seen) expect(e.flags & 0x8).toBe(0);
    expect(seen[0]).toMatchObject({ flags: 0x800, method: 8, crc: crc32(text), size: text.byteLength });
    expect(seen[0]!.compressed).toBeLessThan(text.byteLength);
    expect(seen[1]).toMatchObject({ flags: 0, method: 0, crc: crc32(image), compressed: image.byteLength });
  });

  it('is accepted by unzip -t (Info-ZIP)', async (ctx) => {
    if (spawnSync('unzip', ['-v']).status !== 0) ctx.skip();
    const dir = mkdtempSync(join(tmpdir(), 'zip-writer-'));
    try {
      const path = join(dir, 'out.zip');
      writeFileSync(path, (await writeZip()).bytes);
      expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a Blob whose size differs from the sums kept for it', async () => {
    const zip = new ZipWriter(new BlobSink());
    await expect(
      zip.addBlob('a.png', new Blob([image]), { size: image.byteLength + 1, crc32: 0, sha256: '0' }),
    ).rejects.toThrow(/has 300000 bytes, its sums were kept for 300001/);
  });

  it('reports a failed write and issues no write after it', async () => {
    let writes = 0;
    const sink = {
      write: async () => {
        writes++;
        throw new Error('disk full');
      },
      close: async () => undefined,
      abort: async () => undefined,
    };
    const zip = new ZipWriter(sink);
    const big = new Blob([new Uint8Array(9 << 20)]);
    const sums = { size: big.size, crc32: 0, sha256: '0' };
    await zip.addBlob('a.png', big, sums);
    await expect(
      (async () => {
        for (let i = 0; i < 20; i++) await zip.addBlob(`b${i}.png`, big, sums);
        await zip.end();
      })(),
    ).rejects.toThrow('disk full');
    expect(writes).toBe(1);
  });
});
