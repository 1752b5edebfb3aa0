import type { Acquired } from './acquire';
import { hashLine } from './banner';
import { type Composed, compose } from './compose';
import { dataUrlToBytes, readPngSize } from './png';

/** Each area's image box, as burned into the pixels. */
export function masksOf(acquired: Acquired): { x: number; y: number; width: number; height: number }[] {
  return acquired.areas.map((a) => ({
    x: a.imageX,
    y: a.imageY,
    width: a.imageWidth,
    height: a.imageHeight,
  }));
}

/**
 * Burns the masks (and the evidence banner, if any) into the stored image. A screenshot with
 * nothing to crop, mask or label is stored as the browser made it.
 */
export async function maskImage(
  acquired: Acquired,
  banner: string[] | undefined,
  draw: typeof compose = compose,
  mark?: (step: string) => void,
): Promise<Composed> {
  const masks = masksOf(acquired);
  if (acquired.rawDataUrl && !masks.length && !banner) {
    const png = dataUrlToBytes(acquired.rawDataUrl);
    return { png, ...readPngSize(png), bannerHeight: 0 };
  }
  return draw({ ...acquired.spec, masks, banner }, hashLine, mark);
}
