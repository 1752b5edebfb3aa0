import { describe, expect, it } from 'vitest';
import { mayShowIn, VIEW_SLACK, viewRect } from '../../../lib/page-agent/in-view';
import type { SegmentMatch } from '../../../lib/page-agent/text-match';
import type { DocRect } from '../../../lib/page-agent/types';

const win = { scrollX: 0, scrollY: 1000, innerWidth: 1280, innerHeight: 800 };
const view = viewRect(win, VIEW_SLACK);
const box = (y: number, x = 10, height = 20): DocRect => ({ x, y, width: 200, height });
const match = (...segments: number[]): SegmentMatch => ({
  pattern: 0,
  parts: segments.map((segment) => ({ segment, start: 0, end: 3 })),
});

describe('viewRect', () => {
  it('is the viewport in document coordinates, grown by the slack on every side', () => {
    expect(viewRect(win)).toEqual({ x: 0, y: 1000, width: 1280, height: 800 });
    expect(viewRect(win, 5)).toEqual({ x: -5, y: 995, width: 1290, height: 810 });
  });
});

describe('mayShowIn', () => {
  // Segment boxes: 0 in view, 1 far above, 2 far below, 3 unrendered, 4 a field's value,
  // 5 just above the viewport within the masks' margin, 6 wrapped over two lines, the second in view.
  const boxes: (DocRect[] | undefined)[] = [
    [box(1200)],
    [box(100)],
    [box(40_000)],
    [],
    undefined,
    [box(980 - 1, 10, 20)],
    [box(990 - 40), box(1790)],
  ];

  it.each([
    { name: 'text in the viewport', m: match(0), shows: true },
    { name: 'text far above it', m: match(1), shows: false },
    { name: 'text far below it', m: match(2), shows: false },
    { name: 'unrendered text', m: match(3), shows: false },
    { name: "a field's value (always measured)", m: match(4), shows: true },
    { name: 'text whose mask margin would reach the viewport', m: match(5), shows: true },
    { name: 'text wrapped onto a line in view', m: match(6), shows: true },
    { name: 'a match spanning an off-screen node and one in view', m: match(1, 0), shows: true },
    { name: 'a match spanning two off-screen nodes', m: match(1, 2), shows: false },
  ])('$name → $shows', ({ m, shows }) => {
    expect(mayShowIn(m, boxes, view)).toBe(shows);
  });

  it('keeps every match whose mask (box plus its 2 px margin) touches the viewport', () => {
    // Slide a one-line box past each edge of the viewport, a pixel at a time.
    const exact = viewRect(win);
    const overlapsExact = (b: DocRect) =>
      b.x - 2 < exact.x + exact.width &&
      b.x + b.width + 2 > exact.x &&
      b.y - 2 < exact.y + exact.height &&
      b.y + b.height + 2 > exact.y;
    for (let y = 900; y <= 1900; y++) {
      const b = box(y);
      if (overlapsExact(b)) expect(mayShowIn(match(0), [[b]], view)).toBe(true);
    }
    for (let x = -300; x <= 1400; x++) {
      const b = box(1200, x);
      if (overlapsExact(b)) expect(mayShowIn(match(0), [[b]], view)).toBe(true);
    }
  });
});
