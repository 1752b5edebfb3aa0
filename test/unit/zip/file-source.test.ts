import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleReadError } from '../../../lib/verify/archive';
import { openZipArchive } from '../../../lib/zip/open-zip-archive';
import { nodeSha256, openFileSource } from '../../../node/cli/file-source';

const dir = mkdtempSync(join(tmpdir(), 'prooftrail-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Node file source', () => {
  it('reads ranges of a file, and refuses ranges past its end', async () => {
    const path = join(dir, 'bytes.bin');
    const data = new Uint8Array(randomBytes(5000));
    writeFileSync(path, data);
    const source = await openFileSource(path);
    try {
      expect(source.size).toBe(5000);
      expect(Buffer.from(await source.read(100, 50)).equals(data.subarray(100, 150))).toBe(true);
      expect((await source.read(5000, 0)).length).toBe(0);
      await expect(source.read(4990, 11)).rejects.toThrow(BundleReadError);
      truncateSync(path, 4000); // the file shrinks while open
      await expect(source.read(3990, 20)).rejects.toThrow(/read 10 of 20 bytes at offset 3990/);
    } finally {
      await source.close();
    }
  });

  it('backs openZipArchive, with Node’s SHA-256', async () => {
    const path = join(dir, 'bundle.zip');
    const big = new Uint8Array(randomBytes(3 << 20));
    writeFileSync(
      path,
      zipSync({ 'big.png': [big, { level: 0 }], 'note.txt': new TextEncoder().encode('hi') }),
    );
    const source = await openFileSource(path);
    try {
      const archive = await openZipArchive(source, { hasher: nodeSha256 });
      expect(await archive.digest('big.png', big.length)).toEqual({
        sha256: createHash('sha256').update(big).digest('hex'),
        size: big.length,
      });
      expect(new TextDecoder().decode(await archive.read('note.txt', 2))).toBe('hi');
    } finally {
      await source.close();
    }
  });

  it('hashes ranges on other threads, several at once, each equal to a hash of the same bytes', async () => {
    const path = join(dir, 'ranges.bin');
    const data = new Uint8Array(randomBytes(6 << 20));
    writeFileSync(path, data);
    const source = await openFileSource(path);
    try {
      const ranges = Array.from({ length: 9 }, (_, i) => [i * 500_000 + 7, 1_500_000 - i * 1000] as const);
      const got = await Promise.all(ranges.map(([o, n]) => source.sha256Range!(o, n)));
      got.forEach((sha256, i) => {
        const [o, n] = ranges[i]!;
        expect(sha256).toBe(
          createHash('sha256')
            .update(data.subarray(o, o + n))
            .digest('hex'),
        );
      });
      expect(await source.sha256Range!(0, 0)).toBe(createHash('sha256').digest('hex'));
      await expect(source.sha256Range!(6 << 20, 1)).rejects.toThrow(BundleReadError);
      truncateSync(path, 1000); // the file shrinks while open: the threads see the same file
      await expect(source.sha256Range!(500, 1000)).rejects.toThrow(/read 500 of 1000 bytes at offset 500/);
    } finally {
      await source.close();
    }
  });
});
