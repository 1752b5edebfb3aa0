import type { AcquireContext, Acquired } from './acquire';
import { toImageAreas } from './acquire';
import { dataUrlToBytes, readPngSize } from './png';

/** The visible area: one screenshot, masked where rules apply. */
export async function acquireVisible(ctx: AcquireContext): Promise<Acquired> {
  const metrics = await ctx.agent('agentBegin', {});
  const areasPromise = ctx.agent('agentRedactions', ctx.rules);
  areasPromise.catch(() => undefined);
  const dataUrl = await ctx.schedule(ctx.captureVisibleTab);
  const areas = await areasPromise;
  const size = readPngSize(dataUrlToBytes(dataUrl));
  const scale = size.width / metrics.viewportWidth;
  return {
    spec: {
      width: size.width,
      height: size.height,
      pieces: [{ dataUrl, sx: 0, sy: 0, sw: size.width, sh: size.height, dx: 0, dy: 0 }],
      masks: [],
      scale,
    },
    method: 'screenshot',
    frames: 1,
    metrics,
    areas: toImageAreas(areas, { x: metrics.scrollX, y: metrics.scrollY }, scale, size),
    notices: [],
    rawDataUrl: dataUrl,
  };
}
