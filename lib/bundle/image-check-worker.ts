// A dedicated worker for ImageCheck (lib/bundle/image-check.ts): reads each stored image Blob and
// compares its SHA-256 and CRC-32 with the sums kept for it, off the page's thread, READING images
// at a time (so the worker holds at most that many images' bytes).
import { type ImageCheckRequest, type ImageCheckResult, imageMismatch } from './image-check-sums';

const READING = 2;
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<ImageCheckRequest>) => void) | null;
  postMessage(result: ImageCheckResult): void;
};
const queue: ImageCheckRequest[] = [];
let reading = 0;

function next(): void {
  while (reading < READING && queue.length) {
    const { id, blob, sha256, crc32 } = queue.shift()!;
    reading++;
    imageMismatch(blob, { sha256, crc32 })
      .then(
        (mismatch) => scope.postMessage({ id, mismatch }),
        (error: unknown) => scope.postMessage({ id, mismatch: `could not be read (${String(error)})` }),
      )
      .finally(() => {
        reading--;
        next();
      });
  }
}

scope.onmessage = (e) => {
  queue.push(e.data);
  next();
};
