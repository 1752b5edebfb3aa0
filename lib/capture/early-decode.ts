import type { Acquired } from './acquire';
import type { CheckedRequest } from './check-request';

/** Starts decoding a PNG data URL into pixels (compose.ts `decodeFrame`). */
export type DecodeFrame = (dataUrl: string) => Promise<ImageBitmap>;

/**
 * Decoding a screenshot for composing starts as soon as the browser returns it, so the decode runs
 * beside the tab check, the page snapshot and the page's restore that follow instead of after them.
 * Only when the one frame taken is sure to be composed: a region (it is cropped) or the visible
 * area with the evidence banner. The pixels decoded are those of the very data URL composed.
 */
export function earlyDecoder(checked: Pick<CheckedRequest, 'mode' | 'settings'>, decode?: DecodeFrame) {
  const { mode, settings } = checked;
  const wanted = decode && (mode === 'region' || (mode === 'visible' && settings.banner));
  const started = new Map<string, Promise<ImageBitmap>>();
  return {
    /** The screenshot call, starting the decode of its first frame when it returns. */
    wrap(shot: () => Promise<string>): () => Promise<string> {
      if (!wanted) return shot;
      return async () => {
        const dataUrl = await shot();
        if (!started.size) {
          const decoded = decode(dataUrl);
          decoded.catch(() => undefined); // compose reports the failure if it still needs the pixels
          started.set(dataUrl, decoded);
        }
        return dataUrl;
      };
    },
    /** The frames, each piece given the decode already started for its data URL. */
    attach(acquired: Acquired): Acquired {
      if (!started.size) return acquired;
      const pieces = acquired.spec.pieces.map((p) => {
        const decoded = started.get(p.dataUrl);
        return decoded ? { ...p, decoded } : p;
      });
      return { ...acquired, spec: { ...acquired.spec, pieces } };
    },
  };
}
