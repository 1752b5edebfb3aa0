import { StoredImageMismatch } from '../db/image-sums';
import { type ImageCheckRequest, type ImageCheckResult, imageMismatch } from './image-check-sums';

/**
 * Image bytes waiting to be checked, at most, before the export waits for the check to catch up
 * (one image more when a single one is larger). In the worker they are Blob handles, not bytes:
 * it reads two at a time. In this thread (Node) they are read as they come.
 */
const IN_FLIGHT_BYTES = 64 << 20;

/** Checks one image: in a worker when the platform has them, else here. */
type Checker = {
  check(blob: Blob, sums: { sha256: string; crc32: number }): Promise<string | undefined>;
  close(): void;
};

/**
 * Checks, beside the export, that each image written from its kept sums still has those sums:
 * the stored Blob is read once more and its SHA-256 and CRC-32 compared with the kept ones, in a
 * dedicated worker in the browser (off the writer's thread), in this thread elsewhere (Node). The
 * export awaits `done()` before it signs the manifest, so a stored image whose bytes changed (a
 * damaged or edited IndexedDB file) stops the export with StoredImageMismatch naming the capture:
 * no bundle whose manifest disagrees with its bytes is ever signed.
 */
export class ImageCheck {
  private readonly pending = new Set<Promise<void>>();
  private readonly checker = startChecker();
  private inFlight = 0;
  private failure: Error | undefined;

  /** Starts checking one image; waits first while too many bytes are being checked. */
  async add(captureId: string, blob: Blob, sums: { sha256: string; crc32: number }): Promise<void> {
    while (this.pending.size && this.inFlight + blob.size > IN_FLIGHT_BYTES) await Promise.race(this.pending);
    this.throwIfFailed();
    this.inFlight += blob.size;
    const check = this.checker
      .check(blob, sums)
      .then((mismatch) => {
        if (mismatch) throw new StoredImageMismatch(captureId, mismatch);
      })
      .catch((e: unknown) => {
        this.failure ??= e instanceof Error ? e : new Error(String(e));
      })
      .finally(() => {
        this.inFlight -= blob.size;
        this.pending.delete(check);
      });
    this.pending.add(check);
  }

  /** Resolves once every image checked out; throws the first mismatch found. Ends the worker. */
  async done(): Promise<void> {
    try {
      while (this.pending.size) await Promise.all(this.pending);
      this.throwIfFailed();
    } finally {
      this.checker.close();
    }
  }

  /** Ends the worker without waiting (the export failed or was cancelled). */
  close(): void {
    this.checker.close();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

function startChecker(): Checker {
  if (typeof Worker === 'undefined') return { check: imageMismatch, close: () => undefined };
  const worker = new Worker(new URL('./image-check-worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<number, (r: ImageCheckResult) => void>();
  let next = 0;
  worker.onmessage = (e: MessageEvent<ImageCheckResult>) => {
    waiting.get(e.data.id)?.(e.data);
    waiting.delete(e.data.id);
  };
  worker.onerror = (e) => {
    for (const answer of waiting.values())
      answer({ id: -1, mismatch: `could not be checked (${e.message})` });
    waiting.clear();
  };
  return {
    check: (blob, sums) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, (r) => resolve(r.mismatch));
        worker.postMessage({ id, blob, ...sums } satisfies ImageCheckRequest);
      }),
    close: () => worker.terminate(),
  };
}
