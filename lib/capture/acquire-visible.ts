import type { DocRect, ViewScope } from '../page-agent/types';
import type { AcquireContext, Acquired } from './acquire';
import { toImageAreas } from './acquire';
import { dataUrlToBytes, readPngSize } from './png';

/**
 * The visible area: one screenshot, masked where rules apply. Nothing on the page moves, so the
 * masks and the page text (of `scope`) come from one pass over the page, asked for before the
 * screenshot, beside it; the masks are drawn into the image, so they describe the DOM the frame
 * shows.
 */
export async function acquireVisible(
  ctx: AcquireContext,
  scope: ViewScope = { kind: 'viewport' },
): Promise<Acquired> {
  // One message asks the page for all it tells (metrics, masks, text, document marker) and starts
  // the server-clock probe: the fewer round trips to the page beside it, the less the screenshot
  // waits on the page's process.
  const viewed = ctx.agent('agentView', { ...ctx.rules, scope, serverClock: ctx.serverClock });
  viewed.then(
    (view) => ctx.inspected?.(view.inspection),
    () => undefined,
  );
  const dataUrl = await ctx.schedule(() => ctx.captureVisibleTab(viewed.then((v) => v.document)));
  const {
    metrics,
    inspection: { areas, text },
  } = await viewed;
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
    text,
  };
}

/** A rectangle the capturer dragged: cropped pixel-exactly from one screenshot of the visible area. */
export async function acquireRegion(ctx: AcquireContext, region: DocRect): Promise<Acquired> {
  const whole = await acquireVisible(ctx, { kind: 'region', rect: region });
  const { metrics } = whole;
  const inView =
    region.x >= metrics.scrollX - 1 &&
    region.y >= metrics.scrollY - 1 &&
    region.x + region.width <= metrics.scrollX + metrics.viewportWidth + 1 &&
    region.y + region.height <= metrics.scrollY + metrics.viewportHeight + 1;
  if (!inView) throw new Error('The region must be inside the visible area of the page.');
  const scale = whole.spec.scale;
  const sx = Math.max(0, Math.round((region.x - metrics.scrollX) * scale));
  const sy = Math.max(0, Math.round((region.y - metrics.scrollY) * scale));
  const width = Math.max(1, Math.min(whole.spec.width - sx, Math.round(region.width * scale)));
  const height = Math.max(1, Math.min(whole.spec.height - sy, Math.round(region.height * scale)));
  const piece = { ...whole.spec.pieces[0]!, sx, sy, sw: width, sh: height };
  const areas = whole.areas
    .map((a) => ({ ...a, imageX: a.imageX - sx, imageY: a.imageY - sy }))
    .map((a) => {
      const x = Math.max(0, a.imageX);
      const y = Math.max(0, a.imageY);
      return {
        ...a,
        imageX: x,
        imageY: y,
        imageWidth: Math.min(width, a.imageX + a.imageWidth) - x,
        imageHeight: Math.min(height, a.imageY + a.imageHeight) - y,
      };
    })
    .filter((a) => a.imageWidth > 0 && a.imageHeight > 0);
  return {
    ...whole,
    spec: { ...whole.spec, width, height, pieces: [piece] },
    method: 'crop',
    areas,
    target: { rect: region },
    rawDataUrl: undefined,
  };
}
