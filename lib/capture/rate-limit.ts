/** Chrome allows about two captureVisibleTab calls a second; this spacing stays under it. */
export const MIN_CAPTURE_SPACING_MS = 510;
const MAX_TRIES = 8;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs a screen capture, one at a time and spaced under the browser's rate limit. */
export type CaptureScheduler = <T>(capture: () => Promise<T>) => Promise<T>;

/**
 * Serialises captures and spaces them; when the browser still reports the quota exceeded, waits
 * and tries again: a capture waits for the limit, it never fails because of it.
 */
export function createCaptureScheduler(now = () => Date.now(), wait = sleep): CaptureScheduler {
  let last = Number.NEGATIVE_INFINITY;
  let queue: Promise<unknown> = Promise.resolve();
  const run = async <T>(capture: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const gap = last + MIN_CAPTURE_SPACING_MS - now();
      if (gap > 0) await wait(gap);
      last = now();
      try {
        return await capture();
      } catch (e) {
        if (!isQuotaError(e) || attempt >= MAX_TRIES) throw e;
      }
    }
  };
  return <T>(capture: () => Promise<T>): Promise<T> => {
    const next = queue.then(() => run(capture));
    queue = next.catch(() => undefined);
    return next;
  };
}

function isQuotaError(e: unknown): boolean {
  return /MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/.test(e instanceof Error ? e.message : String(e));
}
