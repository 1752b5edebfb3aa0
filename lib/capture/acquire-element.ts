import type { AcquireContext, Acquired } from './acquire';
import { toImageAreas } from './acquire';
import { stitchPane } from './acquire-pane';
import { MAX_CANVAS_SIDE } from './compose';
import { dataUrlToBytes, readPngSize } from './png';

/**
 * One element. In view: cropped from one screenshot, pixel-exact. A scrolling container (a table
 * in a scrolling div): its content scrolled and stitched whole (acquire-pane.ts: virtualized rows,
 * a sticky header once, content loaded at the end). Larger than the viewport: rendered
 * from the DOM with html2canvas-pro (the record says so).
 */
export async function acquireElement(ctx: AcquireContext, selector: string): Promise<Acquired> {
  const metrics = await ctx.agent('agentBegin', {});
  const el = await ctx.agent('agentLocate', { selector });
  // Only a page that was scrolled to bring the element into view needs time to repaint.
  const after = el.scrolled
    ? await ctx.agent('agentScrollTo', {
        x: metrics.scrollX,
        y: (await ctx.agent('agentBegin', {})).scrollY,
        settleMs: ctx.settleMs,
      })
    : { scrollX: metrics.scrollX, scrollY: metrics.scrollY };
  const view = { x: after.scrollX, y: after.scrollY };
  const fits = (r: { x: number; y: number; width: number; height: number }) =>
    r.x >= view.x - 0.5 &&
    r.y >= view.y - 0.5 &&
    r.x + r.width <= view.x + metrics.viewportWidth + 0.5 &&
    r.y + r.height <= view.y + metrics.viewportHeight + 0.5;
  if (el.scrollable && fits(el.rect))
    return {
      ...(await stitchPane(ctx, selector, metrics, { withShell: false, view })),
      target: { selector, rect: { ...el.contentRect, height: el.scrollHeight } },
    };
  if (!fits(el.rect)) return renderFromDom(ctx, selector, metrics, el.rect);
  const areasPromise = ctx.agent('agentRedactions', ctx.rules);
  areasPromise.catch(() => undefined);
  const dataUrl = await ctx.schedule(ctx.captureVisibleTab);
  const frame = readPngSize(dataUrlToBytes(dataUrl));
  const scale = frame.width / metrics.viewportWidth;
  const sx = Math.round((el.rect.x - view.x) * scale);
  const sy = Math.round((el.rect.y - view.y) * scale);
  const width = Math.max(1, Math.min(frame.width - sx, Math.round(el.rect.width * scale)));
  const height = Math.max(1, Math.min(frame.height - sy, Math.round(el.rect.height * scale)));
  return {
    spec: {
      width,
      height,
      pieces: [{ dataUrl, sx, sy, sw: width, sh: height, dx: 0, dy: 0 }],
      masks: [],
      scale,
    },
    method: 'crop',
    frames: 1,
    metrics,
    areas: toImageAreas(await areasPromise, el.rect, scale, { width, height }),
    target: { selector, rect: el.rect },
    notices: [],
  };
}

async function renderFromDom(
  ctx: AcquireContext,
  selector: string,
  metrics: Acquired['metrics'],
  rect: { x: number; y: number; width: number; height: number },
): Promise<Acquired> {
  const scale = metrics.devicePixelRatio;
  if (rect.height * scale > MAX_CANVAS_SIDE || rect.width * scale > MAX_CANVAS_SIDE)
    throw new Error(
      `The element "${selector}" is too large to render (${Math.round(rect.width)}×${Math.round(rect.height)} px).`,
    );
  await ctx.checkTab();
  const areas = await ctx.agent('agentRedactions', ctx.rules);
  await ctx.loadRenderer();
  const rendered = await ctx.agent('agentRenderElement', { selector, scale });
  await ctx.checkTab();
  const size = { width: rendered.width, height: rendered.height };
  return {
    spec: {
      ...size,
      pieces: [{ dataUrl: rendered.dataUrl, sx: 0, sy: 0, sw: size.width, sh: size.height, dx: 0, dy: 0 }],
      masks: [],
      scale,
    },
    method: 'html2canvas',
    frames: 0,
    metrics,
    areas: toImageAreas(areas, rect, rendered.width / rect.width, size),
    target: { selector, rect },
    notices: [
      "Rendered from the page's DOM (html2canvas-pro) because the element is larger than the visible area; fonts and some effects may differ from the screen.",
    ],
  };
}
