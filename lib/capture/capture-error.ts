import { explainCaptureError } from './restricted';

/** A failure the user can act on; its message is shown as is. */
export class CaptureError extends Error {}

/** A browser or page failure, as a message the user can act on. */
export function toCaptureError(e: unknown): CaptureError {
  if (e instanceof CaptureError) return e;
  return new CaptureError(explainCaptureError(e instanceof Error ? e.message : String(e)));
}
