import { describe, expect, it, vi } from 'vitest';
import type { ImageCheckRequest, ImageCheckResult } from '../../../lib/bundle/image-check-sums';
import { sha256Hex } from '../../../lib/integrity/sha256';
import { crc32 } from '../../../lib/zip/crc32';

const image = (n: number, size: number) =>
  Uint8Array.from({ length: size }, (_, i) => (i * 31 + n * 7) & 0xff);

/** The worker's module, loaded with its global scope stubbed: returns how to post to it and what it answered. */
async function startWorker() {
  const answers: ImageCheckResult[] = [];
  const g = globalThis as unknown as {
    onmessage: ((e: { data: ImageCheckRequest }) => void) | null;
    postMessage: (r: ImageCheckResult) => void;
  };
  g.postMessage = (r) => answers.push(r);
  vi.resetModules();
  await import('../../../lib/bundle/image-check-worker');
  const post = (data: ImageCheckRequest) => g.onmessage!({ data });
  return { post, answers };
}

describe('the image check worker', () => {
  it('checks images read together, naming each one whose bytes differ from its kept sums', async () => {
    const { post, answers } = await startWorker();
    // Sizes that make groups of several images, one image larger than a group, and a last one alone.
    const sizes = [300_000, 1_500_000, 5_000_000, 700_000, 2_100_000, 10, 900_000, 1_200_000];
    const images = sizes.map((size, n) => image(n, size));
    const requests = await Promise.all(
      images.map(async (bytes, id) => ({
        id,
        sha256: await sha256Hex(bytes as BufferSource),
        crc32: crc32(bytes),
        blob: new Blob([bytes as BlobPart]),
      })),
    );
    // Image 3 changed after its sums were kept (same size); image 6 has a CRC-32 kept for other bytes.
    const changed = images[3]!.slice();
    changed[500]! ^= 1;
    requests[3]!.blob = new Blob([changed]);
    requests[6]!.crc32 ^= 1;
    for (const r of requests) post(r);
    await vi.waitFor(() => expect(answers).toHaveLength(sizes.length), { timeout: 10_000 });
    const byId = new Map(answers.map((a) => [a.id, a.mismatch]));
    expect([...byId.keys()].sort((a, b) => a - b)).toEqual(sizes.map((_, i) => i));
    expect(byId.get(3)).toMatch(/^no longer matches its record \(SHA-256 [0-9a-f]{64}, signed /);
    expect(byId.get(6)).toBe('no longer matches the CRC-32 kept with it');
    for (const id of [0, 1, 2, 4, 5, 7]) expect(byId.get(id)).toBeUndefined();
  });

  it('names the one image that cannot be read, and checks the others of its group', async () => {
    const { post, answers } = await startWorker();
    // The first two are read as they come (the worker reads two at a time); the next three wait and
    // are read together, as one group.
    const bytes = [image(1, 1000), image(2, 2000), image(3, 3000), image(4, 4000), image(5, 5000)];
    const requests = await Promise.all(
      bytes.map(async (b, id) => ({
        id,
        sha256: await sha256Hex(b as BufferSource),
        crc32: crc32(b),
        blob: new Blob([b as BlobPart]),
      })),
    );
    // A Blob whose bytes are gone (a stored image file removed under the browser).
    const gone = new Blob([bytes[3]! as BlobPart]);
    gone.arrayBuffer = () => Promise.reject(new Error('NotReadableError'));
    (gone as { stream?: unknown }).stream = () => {
      throw new Error('NotReadableError');
    };
    requests[3]!.blob = gone;
    const realBlob = globalThis.Blob;
    let groupsWithIt = 0;
    // A Blob made of an unreadable one is unreadable too.
    globalThis.Blob = class extends realBlob {
      constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
        super(parts, options);
        if (parts?.includes(gone)) {
          groupsWithIt++;
          this.arrayBuffer = () => Promise.reject(new Error('NotReadableError'));
        }
      }
    } as typeof Blob;
    try {
      for (const r of requests) post(r);
      await vi.waitFor(() => expect(answers).toHaveLength(5), { timeout: 10_000 });
    } finally {
      globalThis.Blob = realBlob;
    }
    expect(groupsWithIt).toBe(1);
    const byId = new Map(answers.map((a) => [a.id, a.mismatch]));
    expect(byId.get(3)).toMatch(/^could not be read \(.*NotReadableError/);
    for (const id of [0, 1, 2, 4]) expect(byId.get(id)).toBeUndefined();
  });
});
