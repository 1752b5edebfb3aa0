// A dedicated worker for ImageCheck (lib/bundle/image-check.ts): reads the stored image Blobs it
// is sent and compares each one's SHA-256 and CRC-32 with the sums kept for it, off the page's
// thread. Images waiting are read together, up to GROUP_BYTES at a time, as one Blob of their
// Blobs: one read crosses into the browser per group, not one per image (the browser's cost of a
// read is mostly per call). READING groups at a time, so the worker holds at most
// READING × GROUP_BYTES of image bytes (one image more when a single one is larger).
import {
  type ImageCheckRequest,
  type ImageCheckResult,
  imageMismatch,
  sumsMismatch,
} from './image-check-sums';

const READING = 2;
const GROUP_BYTES = 4 << 20;
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<ImageCheckRequest>) => void) | null;
  postMessage(result: ImageCheckResult): void;
};
const queue: ImageCheckRequest[] = [];
let reading = 0;

/** The next images to read together: at least one, then as many as fit in GROUP_BYTES. */
function takeGroup(): ImageCheckRequest[] {
  const group = [queue.shift()!];
  let bytes = group[0]!.blob.size;
  while (queue.length && bytes + queue[0]!.blob.size <= GROUP_BYTES) {
    bytes += queue[0]!.blob.size;
    group.push(queue.shift()!);
  }
  return group;
}

/** Checks a group from one read of its Blobs; if that read fails, each image alone, so the answer names the one. */
async function checkGroup(group: ImageCheckRequest[]): Promise<void> {
  let all: Uint8Array | undefined;
  try {
    all =
      group.length > 1 ? new Uint8Array(await new Blob(group.map((r) => r.blob)).arrayBuffer()) : undefined;
  } catch {
    all = undefined;
  }
  let at = 0;
  for (const { id, blob, sha256, crc32 } of group) {
    try {
      const mismatch = all
        ? await sumsMismatch(all.subarray(at, at + blob.size), { sha256, crc32 })
        : await imageMismatch(blob, { sha256, crc32 });
      scope.postMessage({ id, mismatch });
    } catch (error) {
      scope.postMessage({ id, mismatch: `could not be read (${String(error)})` });
    }
    at += blob.size;
  }
}

function next(): void {
  while (reading < READING && queue.length) {
    reading++;
    void checkGroup(takeGroup()).finally(() => {
      reading--;
      next();
    });
  }
}

scope.onmessage = (e) => {
  queue.push(e.data);
  next();
};
