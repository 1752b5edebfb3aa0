import { Deflate, inflateSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HashFactory } from '../../../lib/verify/archive';
import { INFLATE_PUSH } from '../../../lib/zip/inflate-entry';
import { openZipArchive } from '../../../lib/zip/open-zip-archive';
import { bytesSource } from '../../../lib/zip/random-access-source';
import { buildZip } from './build-zip';

const MiB = 1 << 20;

/**
 * A raw deflate stream of `mib` MiB of zeros, built without deflating them all: once the window is
 * all zeros, fflate codes each further MiB (ended by a sync flush) as the same bytes, so that
 * segment is repeated, then an empty final block (fixed Huffman: 0x03 0x00) ends the stream.
 */
function zerosDeflate(mib: number): Uint8Array {
  const segments: Uint8Array[] = [];
  let current: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => current.push(chunk.slice()));
  const zeros = new Uint8Array(MiB);
  for (let i = 0; i < 3; i++) {
    deflate.push(zeros);
    deflate.flush(true);
    segments.push(new Uint8Array(Buffer.concat(current)));
    current = [];
  }
  const [first, second, repeat] = segments as [Uint8Array, Uint8Array, Uint8Array];
  const out = new Uint8Array(first.length + second.length + repeat.length * (mib - 2) + 2);
  out.set(first);
  out.set(second, first.length);
  for (let i = 0, at = first.length + second.length; i < mib - 2; i++, at += repeat.length)
    out.set(repeat, at);
  out.set([0x03, 0x00], out.length - 2);
  return out;
}

/** A hasher that only counts what it is given: the bytes inflated and handed on. */
function counting() {
  const seen = { bytes: 0, peakRss: 0 };
  const hasher: HashFactory = () => ({
    update: (chunk) => {
      seen.bytes += chunk.byteLength;
      seen.peakRss = Math.max(seen.peakRss, process.memoryUsage.rss());
    },
    hex: () => '0'.repeat(64),
  });
  return { seen, hasher };
}

describe('a ZIP bomb: 1.5 MB of deflate holding 1.5 GB of zeros', () => {
  const BOMB_MIB = 1430; // 1.5 GB
  let stream: Uint8Array;
  beforeAll(() => {
    stream = zerosDeflate(BOMB_MIB);
  });

  it('the stream really is that (checked on a small one)', () => {
    const small = zerosDeflate(5);
    const out = inflateSync(small);
    expect(out.length).toBe(5 * MiB);
    expect(out.every((b) => b === 0)).toBe(true);
    expect(stream.length).toBeLessThan(1.6e6);
  });

  it('declared honestly, it is refused against the caller’s limit before anything is inflated', async () => {
    const size = BOMB_MIB * MiB;
    const { seen, hasher } = counting();
    const archive = await openZipArchive(
      bytesSource(buildZip([{ name: 'bomb.png', method: 8, data: stream, size }])),
      {
        hasher,
      },
    );
    expect(archive.size('bomb.png')).toBe(size);
    await expect(archive.digest('bomb.png', 10 * MiB)).rejects.toThrow(
      `bomb.png: it declares ${size} bytes, more than the ${10 * MiB} expected`,
    );
    await expect(archive.read('bomb.png', 10 * MiB)).rejects.toThrow(/more than the 10485760 expected/);
    expect(seen.bytes).toBe(0);
  });

  it('declared as 1 MiB, inflating stops just past 1 MiB, and memory stays flat', async () => {
    const { seen, hasher } = counting();
    const zip = buildZip([{ name: 'bomb.png', method: 8, data: stream, size: MiB }]);
    const archive = await openZipArchive(bytesSource(zip), { hasher });
    const before = process.memoryUsage.rss();
    seen.peakRss = before;
    await expect(archive.digest('bomb.png', 10 * MiB)).rejects.toThrow(
      'bomb.png: it inflates to more than the 1048576 bytes it declares (stopped there)',
    );
    await expect(archive.read('bomb.png', 10 * MiB)).rejects.toThrow(
      /inflates to more than the 1048576 bytes/,
    );
    seen.peakRss = Math.max(seen.peakRss, process.memoryUsage.rss());
    // Handed on: at most the declared MiB. Inflated in all: at most one more push (16 KiB × 1032).
    expect(seen.bytes).toBeLessThanOrEqual(MiB);
    expect(seen.peakRss - before).toBeLessThan(100e6);
    expect(INFLATE_PUSH * 1032).toBeLessThan(20e6);
  });

  it('when the caller allows it all, a large entry streams through digest() without being held', async () => {
    // 200 MiB rather than the whole 1.5 GB: enough to show memory stays flat, in a fraction of the time.
    const size = 200 * MiB;
    const { seen, hasher } = counting();
    const data = zerosDeflate(200);
    const archive = await openZipArchive(
      bytesSource(buildZip([{ name: 'zeros.bin', method: 8, data, size }])),
      {
        hasher,
      },
    );
    const before = process.memoryUsage.rss();
    seen.peakRss = before;
    expect((await archive.digest('zeros.bin', size)).size).toBe(size);
    expect(seen.bytes).toBe(size);
    expect(seen.peakRss - before).toBeLessThan(100e6);
  });
});
