import type { RedactionArea } from '../page-agent/types';
import type { AcquireContext, Acquired } from './acquire';
import { distinctAreas, toImageAreas } from './acquire';
import { stitchPane } from './acquire-pane';
import { MAX_CANVAS_SIDE, type Piece } from './compose';
import { dataUrlToBytes, readPngSize } from './png';

/**
 * The whole page. When the document does not scroll but a pane does (an app shell: fixed header
 * and navigation, a scrolling `main`), the pane is stitched with the shell drawn once
 * (acquire-pane.ts), and the record names it and why. Otherwise the document: scroll by one
 * viewport at a time, screenshot each, stitch. Fixed and sticky
 * elements are hidden after the first frame so headers and sidebars appear once. Areas to mask
 * are measured at every scroll position: a virtualized table renders its rows only near the
 * viewport, so each frame holds rows no other frame saw. The caller restores the page
 * afterwards, also on failure.
 */
export async function acquireFullPage(ctx: AcquireContext): Promise<Acquired> {
  const metrics = await ctx.agent('agentBegin', {});
  const choice = await ctx.agent('agentFindScroller', {});
  const scroller = { element: choice.element, reason: choice.reason };
  if ('pane' in choice) {
    const view = { x: metrics.scrollX, y: metrics.scrollY };
    return { ...(await stitchPane(ctx, choice.element, metrics, { withShell: true, view })), scroller };
  }
  const stitched = await stitchDocument(ctx, metrics);
  if (choice.element === 'none')
    stitched.notices.unshift('Nothing on this page scrolls: the capture is the visible area.');
  return { ...stitched, scroller };
}

/** The document scrolled a viewport at a time and stitched. */
async function stitchDocument(ctx: AcquireContext, metrics: Acquired['metrics']): Promise<Acquired> {
  const found: RedactionArea[] = [];
  const frames: { dataUrl: string; scrollY: number }[] = [];
  let height = metrics.scrollHeight;
  let scale = metrics.devicePixelRatio;
  const cap = () => Math.min(ctx.maxHeight, Math.floor(MAX_CANVAS_SIDE / scale));
  for (let y = 0; ; y += metrics.viewportHeight) {
    const wanted = Math.min(y, cap() - metrics.viewportHeight);
    const pos = await ctx.agent('agentScrollTo', { x: 0, y: wanted, settleMs: ctx.settleMs });
    // Measured while the screenshot waits its turn under the rate limit: it costs no time.
    const areas = ctx.agent('agentRedactions', ctx.rules);
    areas.catch(() => undefined);
    const dataUrl = await ctx.schedule(ctx.captureVisibleTab);
    found.push(...(await areas));
    if (frames.length === 0) {
      scale = readPngSize(dataUrlToBytes(dataUrl)).width / metrics.viewportWidth;
      await ctx.agent('agentHideFixed', {});
    }
    frames.push({ dataUrl, scrollY: pos.scrollY });
    // Lazy-loaded content may have made the page taller while we scrolled: keep going if so.
    const before = height;
    height = Math.max(height, (await ctx.agent('agentBegin', {})).scrollHeight);
    const bottom = pos.scrollY + metrics.viewportHeight;
    if (bottom >= Math.min(height, cap())) break;
    if (pos.scrollY < wanted && height === before) break; // cannot scroll further
    if (frames.length > 1000) break;
    if (pos.scrollY < wanted) y = pos.scrollY; // the page grew: continue from where we are
  }
  // Late content at the last position (rendered after its frame was measured) is masked too.
  found.push(...(await ctx.agent('agentRedactions', ctx.rules)));
  const notices: string[] = [];
  const capped = height > cap();
  if (capped) {
    notices.push(`The page is ${height} CSS px tall; only the top ${cap()} px were captured (height limit).`);
    height = cap();
  }
  const width = Math.round(metrics.viewportWidth * scale);
  const outHeight = Math.round(height * scale);
  // Draw later frames first so the first frame (with the header) wins where frames overlap.
  const pieces: Piece[] = frames
    .map((f) => ({
      dataUrl: f.dataUrl,
      sx: 0,
      sy: 0,
      sw: width,
      sh: Math.min(Math.round(metrics.viewportHeight * scale), outHeight - Math.round(f.scrollY * scale)),
      dx: 0,
      dy: Math.round(f.scrollY * scale),
    }))
    .filter((p) => p.sh > 0)
    .reverse();
  const size = { width, height: outHeight };
  return {
    spec: { width, height: outHeight, pieces, masks: [], scale },
    method: 'scroll-stitch',
    frames: frames.length,
    metrics,
    // Every frame's areas: lazy and virtualized content appears and moves while scrolling.
    areas: toImageAreas(distinctAreas(found), { x: 0, y: 0 }, scale, size),
    notices,
  };
}
