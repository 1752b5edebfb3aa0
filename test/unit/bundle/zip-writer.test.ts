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

/** A sink whose writes finish only when the test releases them, in order. */
class HeldSink {
  started = 0;
  done = 0;
  private allowed = 0;
  private readonly waiting: (() => void)[] = [];
  write(): Promise<void> {
    this.started++;
    if (this.done < this.allowed) return this.finish();
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.finish());
  }
  private async finish(): Promise<void> {
    this.done++;
  }
  /** Lets the write in progress and the next n - 1 finish (the writer issues one at a time). */
  release(n: number): void {
    this.allowed = this.done + n;
    this.waiting.shift()?.();
  }
  close = async () => undefined;
  abort = async () => undefined;
}

/** Lets every pending promise callback and timer run (no time is measured). */
const drain = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

function settledFlag<T>(promise: Promise<T>): { promise: Promise<T>; settled: boolean } {
  const out = { promise, settled: false };
  void promise.finally(() => {
    out.settled = true;
  });
  return out;
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

  it('goes on with the next files while the sink writes, up to 64 batches queued, then waits for it', async () => {
    const sink = new HeldSink();
    const zip = new ZipWriter(sink);
    const big = new Blob([new Uint8Array(9 << 20)]);
    const sums = { size: big.size, crc32: 0, sha256: '0' };
    // Each file fills a batch: the first is being written, the next 63 wait in the queue.
    for (let i = 0; i < 64; i++) await zip.addBlob(`q${i}.png`, big, sums);
    expect(sink.started).toBe(1);
    const more = settledFlag(zip.addBlob('more.png', big, sums));
    await drain();
    expect(more.settled).toBe(false);
    sink.release(1);
    await more.promise;
    expect(more.settled).toBe(true);
    sink.release(Number.POSITIVE_INFINITY);
    await zip.end();
    expect(sink.done).toBe(66); // and the central directory's
  });

  it('waits for the sink once 64 MB of bytes it holds (not stored Blobs) are queued', async () => {
    const sink = new HeldSink();
    const zip = new ZipWriter(sink);
    const bytes = new Uint8Array(9 << 20);
    let added = 0;
    const adding = (async () => {
      for (let i = 0; i < 12; i++) {
        await zip.add(`b${i}.bin`, bytes, false);
        added++;
      }
    })();
    await drain();
    // The first batch is being written; the next six (54 MB) are queued; the eighth would pass 64 MB.
    expect(added).toBe(7);
    expect(sink.started).toBe(1);
    sink.release(Number.POSITIVE_INFINITY);
    await adding;
    await zip.end();
    expect(sink.done).toBe(13); // and the central directory's
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
