import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code: hashes the ranges it is sent with Node's native SHA-256, reading them itself
 * through the file descriptor the main thread opened (threads share it; positioned reads do not
 * disturb each other), so the bytes never cross threads and are those of the file being verified. A range that the file does not hold in full (it was
 * truncated meanwhile) is answered with how many bytes were there.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const fd = workerData.fd;
const buffer = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, offset, length }) => {
  try {
    const hash = createHash('sha256');
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, length - done), offset + done);
      if (n === 0) break;
      hash.update(n === buffer.length ? buffer : buffer.subarray(0, n));
      done += n;
    }
    parentPort.postMessage(done === length ? { id, sha256: hash.digest('hex') } : { id, short: done });
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) });
  }
});
`;

type Reply = { id: number; sha256?: string; short?: number; error?: string };

/** Hashes ranges of one open file on other threads (up to the cores there are, at most four). */
export interface RangeHasher {
  sha256(offset: number, length: number): Promise<string>;
  close(): Promise<void>;
}

/** `onShort(got)` makes the error for a range the file no longer holds in full. */
export function rangeHasher(
  fd: number,
  onShort: (got: number, offset: number, length: number) => Error,
): RangeHasher {
  const size = Math.max(1, Math.min(4, availableParallelism()));
  const workers: { worker: Worker; busy: number }[] = [];
  const waiting = new Map<
    number,
    { resolve(v: string): void; reject(e: Error): void; offset: number; length: number }
  >();
  let nextId = 0;
  let failed: Error | undefined;
  const start = () => {
    const worker = new Worker(WORKER, { eval: true, workerData: { fd } });
    const slot = { worker, busy: 0 };
    worker.on('message', (r: Reply) => {
      slot.busy--;
      const w = waiting.get(r.id);
      if (!w) return;
      waiting.delete(r.id);
      if (r.sha256) w.resolve(r.sha256);
      else if (r.short !== undefined) w.reject(onShort(r.short, w.length, w.offset));
      else w.reject(new Error(`hashing failed: ${r.error}`));
    });
    worker.on('error', (e) => {
      failed = e;
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    });
    workers.push(slot);
    return slot;
  };
  return {
    sha256: (offset, length) =>
      new Promise((resolve, reject) => {
        if (failed) return reject(failed);
        // The least busy thread, a new one while there are fewer than `size`.
        const idle = workers.find((w) => w.busy === 0);
        const slot =
          idle ?? (workers.length < size ? start() : workers.reduce((a, b) => (b.busy < a.busy ? b : a)));
        const id = nextId++;
        waiting.set(id, { resolve, reject, offset, length });
        slot.busy++;
        slot.worker.postMessage({ id, offset, length });
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
