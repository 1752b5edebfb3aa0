import { describe, expect, it } from 'vitest';
import type { AcquireContext } from '../../../lib/capture/acquire';
import { stitchPane } from '../../../lib/capture/acquire-pane';
import type { AgentCall } from '../../../lib/capture/agent';
import type { PageMetrics, RedactionArea } from '../../../lib/page-agent/types';

// A 100×100 viewport (DPR 1): a 20 px header, a pane at x 30, y 20, 70×70, with `content` px of
// content; a 10 px footer under it. Each screenshot is a PNG of the viewport's size.

const metrics: PageMetrics = {
  scrollWidth: 100,
  scrollHeight: 100,
  viewportWidth: 100,
  viewportHeight: 100,
  scrollX: 0,
  scrollY: 0,
  devicePixelRatio: 1,
  title: 'Shell',
};

/** A PNG data URL whose IHDR says 100×100 (readPngSize reads only the header). */
const png = (() => {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, 100);
  new DataView(bytes.buffer).setUint32(20, 100);
  return `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
})();

function fakePane(o: { content: number; grows?: number; secretAt?: number }) {
  let top = 0;
  let height = o.content;
  let reachedEnd = 0;
  const calls: string[] = [];
  const shots: number[] = [];
  const agent = (async (type: string, data: { top?: number; keep?: string }) => {
    calls.push(type === 'agentHideFixed' ? `hide keep=${data.keep}` : type);
    if (type === 'agentScrollContainer') {
      top = Math.max(0, Math.min(data.top ?? 0, height - 70));
      if (top + 70 >= height && o.grows && reachedEnd++ === 1) height += o.grows;
      return { top, contentRect: { x: 30, y: 20, width: 70, height: 70 }, scrollHeight: height };
    }
    if (type === 'agentRedactions') {
      // A secret at content y `secretAt`, 10 px tall: where it shows in the viewport at this scroll.
      const y = o.secretAt === undefined ? undefined : 20 + o.secretAt - top;
      const areas: RedactionArea[] = [
        { x: 2, y: 2, width: 10, height: 10, rule: 'manual', detail: 'header' },
      ];
      if (y !== undefined && y + 10 > 20 && y < 90)
        areas.push({ x: 40, y, width: 20, height: 10, rule: 'text-pattern', detail: 'sk_' });
      return areas;
    }
    if (type === 'agentHideFixed') return { hidden: 1 };
    throw new Error(`unexpected ${type}`);
  }) as AgentCall;
  const ctx: AcquireContext = {
    agent,
    schedule: (fn) => fn(),
    captureVisibleTab: async () => {
      shots.push(top);
      return png;
    },
    checkTab: async () => undefined,
    rules: { selectors: [], textPatterns: ['sk_'] },
    settleMs: 0,
    maxHeight: 30_000,
    loadRenderer: async () => undefined,
  };
  return { ctx, calls, shots };
}

describe('stitchPane: a scrolling pane stitched whole', () => {
  it('full page of an app shell: the shell once, the pane’s content below its first view, the footer last', async () => {
    const { ctx, calls, shots } = fakePane({ content: 250 });
    const a = await stitchPane(ctx, '#main', metrics, { withShell: true, view: { x: 0, y: 0 } });
    // Pane heights of 70: tops 0, 70, 140, then 180 (the end) — each frame shows new content.
    expect(shots).toEqual([0, 70, 140, 180]);
    expect(calls.filter((c) => c.startsWith('hide'))).toEqual(['hide keep=#main']);
    // Header 20 + content 250 + footer 10.
    expect(a.spec).toMatchObject({ width: 100, height: 280, background: '#ffffff' });
    expect(a.frames).toBe(4);
    // Drawn last to first: the first frame (whole shell) is drawn last, so it wins.
    expect(a.spec.pieces.map(({ sx, sy, sw, sh, dx, dy }) => [sx, sy, sw, sh, dx, dy])).toEqual([
      [30, 20, 70, 70, 30, 200],
      [30, 20, 70, 70, 30, 160],
      [30, 20, 70, 70, 30, 90],
      [0, 90, 100, 10, 0, 270],
      [0, 0, 100, 90, 0, 0],
    ]);
  });

  it('masks a secret where its slice lands, and the header’s box once', async () => {
    const { ctx } = fakePane({ content: 250, secretAt: 100 });
    const a = await stitchPane(ctx, '#main', metrics, { withShell: true, view: { x: 0, y: 0 } });
    const secret = a.areas.filter((x) => x.detail === 'sk_');
    // Content y 100 lands at 20 + 100 = 120 in the image, however many frames saw it.
    expect(secret.length).toBeGreaterThan(0);
    for (const s of secret)
      expect(s).toMatchObject({ imageX: 40, imageY: 120, imageWidth: 20, imageHeight: 10 });
    expect(a.areas.filter((x) => x.detail === 'header')).toHaveLength(1);
  });

  it('follows a pane that loads more when its end is reached', async () => {
    const { ctx, shots } = fakePane({ content: 140, grows: 100 });
    const a = await stitchPane(ctx, '#list', metrics, { withShell: false, view: { x: 0, y: 0 } });
    expect(a.spec.height).toBe(240);
    expect(shots.at(-1)).toBe(170);
    expect(a.notices).toEqual([]);
  });

  it('after stopping short at the end, goes on from there when the content grows (no gap)', async () => {
    const { ctx, shots } = fakePane({ content: 250, grows: 100 });
    const a = await stitchPane(ctx, '#list', metrics, { withShell: false, view: { x: 0, y: 0 } });
    // 180 is where the end stopped it; the next slice starts 70 below it, not at 280.
    expect(shots).toEqual([0, 70, 140, 180, 250, 280]);
    expect(a.spec.height).toBe(350);
  });

  it('stops at the height cap, and says so', async () => {
    const { ctx } = fakePane({ content: 5000 });
    const a = await stitchPane(ctx, '#list', metrics, {
      withShell: false,
      view: { x: 0, y: 0 },
    });
    expect(a.spec.height).toBe(5000);
    const capped = await stitchPane(
      { ...fakePane({ content: 5000 }).ctx, maxHeight: 1000 },
      '#list',
      metrics,
      {
        withShell: false,
        view: { x: 0, y: 0 },
      },
    );
    expect(capped.spec.height).toBe(1000);
    expect(capped.notices).toEqual([
      "The container's content is 5000 CSS px tall; only the top 1000 px were captured (height limit).",
    ]);
  });
});
