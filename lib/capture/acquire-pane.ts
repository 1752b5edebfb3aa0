import type { DocRect, RedactionArea } from '../page-agent/types';
import type { AcquireContext, Acquired } from './acquire';
import { distinctAreas } from './acquire';
import { MAX_CANVAS_SIDE, type Piece } from './compose';
import { dataUrlToBytes, readPngSize } from './png';

/** One screenshot of a scrolled pane: where its content was scrolled to, and the areas to mask then. */
interface Slice {
  dataUrl: string;
  /** The pane's scrollTop when the frame was taken (CSS px). */
  top: number;
  areas: RedactionArea[];
}

/** Where a scrolled pane's content shows, in viewport CSS px (the document does not move meanwhile). */
interface PaneBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Metrics = Acquired['metrics'];

/**
 * A scrolling pane (a `main` in an app shell, a table in a scrolling div) scrolled by its own
 * height at a time and stitched: each frame contributes only the pane's content box, so rows
 * appear once, virtualized rows included (each is rendered when its slice is in view). After the
 * first frame, fixed and sticky elements other than the pane and its ancestors are hidden, so a
 * table header sticking to the pane's top appears once. Content that grows when the end is
 * reached (a "load more" pane) is followed, up to the height cap.
 *
 * `withShell`: full page of an app shell. The first frame is kept whole down to the pane's
 * bottom (header, navigation and the pane's first view: the shell, once), the rest of the pane's
 * content follows below it, and what lay under the pane in the viewport (a footer) comes last.
 * Without it (element capture), the image is the pane's content alone.
 */
export async function stitchPane(
  ctx: AcquireContext,
  selector: string,
  metrics: Metrics,
  o: { withShell: boolean; view: { x: number; y: number } },
): Promise<Acquired> {
  const { view } = o;
  const first = await ctx.agent('agentScrollContainer', { selector, top: 0, settleMs: ctx.settleMs });
  const box: PaneBox = {
    ...first.contentRect,
    x: first.contentRect.x - view.x,
    y: first.contentRect.y - view.y,
  };
  const slices: Slice[] = [await shoot(ctx, first.top)];
  const scale = readPngSize(dataUrlToBytes(slices[0]!.dataUrl)).width / metrics.viewportWidth;
  // The shell above the pane reaches down to the pane's top; the cap counts it too.
  const shellTop = o.withShell ? box.y : 0;
  const below = o.withShell ? Math.max(0, metrics.viewportHeight - (box.y + box.height)) : 0;
  const cap = Math.min(ctx.maxHeight, Math.floor(MAX_CANVAS_SIDE / scale)) - shellTop - below;
  await ctx.agent('agentHideFixed', { keep: selector });
  let contentHeight = first.scrollHeight;
  for (let top = box.height; top < Math.min(contentHeight, cap); top += box.height) {
    const pos = await ctx.agent('agentScrollContainer', { selector, top, settleMs: ctx.settleMs });
    if (pos.top <= slices[slices.length - 1]!.top) break; // it cannot scroll further
    slices.push(await shoot(ctx, pos.top));
    // Stopped short at the end: the next slice (if the content grows) starts below this one.
    top = pos.top;
    contentHeight = Math.max(contentHeight, pos.scrollHeight);
    if (pos.top + box.height >= contentHeight) {
      // At the end: a pane that loads more rows grows now; wait once more and follow it if so.
      const again = await ctx.agent('agentScrollContainer', {
        selector,
        top: pos.top,
        settleMs: ctx.settleMs,
        settleAlways: true,
      });
      contentHeight = Math.max(contentHeight, again.scrollHeight);
    }
    if (slices.length > 2000) break;
  }
  // Late content at the last position (rendered after its frame was measured) is masked too.
  slices[slices.length - 1]!.areas.push(...(await ctx.agent('agentRedactions', ctx.rules)));
  const total = Math.min(contentHeight, cap);
  const notices =
    contentHeight > total
      ? [
          `The ${o.withShell ? 'scrolling pane' : "container's content"} is ${Math.round(contentHeight)} CSS px tall; only the top ${total} px were captured (height limit).`,
        ]
      : [];
  return {
    ...layout(slices, box, total, scale, metrics, view, o.withShell ? { shellTop, below } : undefined),
    method: 'scroll-stitch',
    frames: slices.length,
    metrics,
    notices,
  };
}

/** One frame: the areas to mask are measured while the screenshot waits its turn under the rate limit. */
async function shoot(ctx: AcquireContext, top: number): Promise<Slice> {
  const areas = ctx.agent('agentRedactions', ctx.rules);
  areas.catch(() => undefined);
  const dataUrl = await ctx.schedule(ctx.captureVisibleTab);
  return { dataUrl, top, areas: await areas };
}

/** Image pixels of a band of the output, from one frame. */
interface Band {
  /** The frame region, viewport CSS px. */
  from: DocRect;
  /** Where its top-left lands in the output, CSS px. */
  to: { x: number; y: number };
}

function layout(
  slices: Slice[],
  box: PaneBox,
  total: number,
  scale: number,
  metrics: Metrics,
  view: { x: number; y: number },
  shell: { shellTop: number; below: number } | undefined,
): Pick<Acquired, 'spec' | 'areas'> {
  const px = (v: number) => Math.round(v * scale);
  const width = shell ? metrics.viewportWidth : box.width;
  const height = (shell ? shell.shellTop + shell.below : 0) + total;
  const bands: { slice: Slice; band: Band }[] = [];
  for (const [i, s] of slices.entries()) {
    // The part of the content this frame shows that is not past the captured height.
    const h = Math.min(box.height, total - s.top);
    if (h <= 0) continue;
    const top = shell ? shell.shellTop : 0;
    if (i === 0 && shell) {
      // The shell and the pane's first view: the viewport down to the pane's bottom, whole.
      bands.push({
        slice: s,
        band: { from: { x: 0, y: 0, width: metrics.viewportWidth, height: box.y + h }, to: { x: 0, y: 0 } },
      });
      if (shell.below > 0)
        bands.push({
          slice: s,
          band: {
            from: { x: 0, y: box.y + box.height, width: metrics.viewportWidth, height: shell.below },
            to: { x: 0, y: top + total },
          },
        });
    } else
      bands.push({
        slice: s,
        band: {
          from: { x: box.x, y: box.y, width: box.width, height: h },
          to: { x: shell ? box.x : 0, y: top + s.top },
        },
      });
  }
  const size = { width: px(width), height: px(height) };
  // Drawn last to first, so the earliest frame wins where two overlap (the last slice may
  // overlap the one before when the content's end is not a whole number of pane heights).
  const pieces: Piece[] = bands
    .map(({ slice, band }) => ({
      dataUrl: slice.dataUrl,
      sx: px(band.from.x),
      sy: px(band.from.y),
      sw: Math.min(px(band.from.width), size.width - px(band.to.x)),
      sh: Math.min(px(band.from.height), size.height - px(band.to.y)),
      dx: px(band.to.x),
      dy: px(band.to.y),
    }))
    .filter((p) => p.sw > 0 && p.sh > 0)
    .reverse();
  const areas = bands.flatMap(({ slice, band }) =>
    distinctAreas(slice.areas).flatMap((a) => {
      // Into the frame's viewport coordinates, clipped to the band, then moved to where the band lands.
      const x0 = Math.max(a.x - view.x, band.from.x);
      const y0 = Math.max(a.y - view.y, band.from.y);
      const x1 = Math.min(a.x - view.x + a.width, band.from.x + band.from.width);
      const y1 = Math.min(a.y - view.y + a.height, band.from.y + band.from.height);
      if (x1 <= x0 || y1 <= y0) return [];
      const imageX = (x0 - band.from.x + band.to.x) * scale;
      const imageY = (y0 - band.from.y + band.to.y) * scale;
      return [{ ...a, imageX, imageY, imageWidth: (x1 - x0) * scale, imageHeight: (y1 - y0) * scale }];
    }),
  );
  return {
    spec: { width: size.width, height: size.height, pieces, masks: [], scale, background: '#ffffff' },
    areas,
  };
}
