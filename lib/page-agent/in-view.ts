import { overlaps, type SegmentMatch } from './text-match';
import type { DocRect } from './types';

/**
 * CSS px around the viewport within which matched text is still measured: well beyond the masks'
 * 2 px margin and any rounding between the viewport and the screenshot's size, so nothing that
 * could reach the image is skipped.
 */
export const VIEW_SLACK = 32;

/** The viewport in document coordinates, grown by `slack` on every side. */
export function viewRect(
  win: Pick<Window, 'scrollX' | 'scrollY' | 'innerWidth' | 'innerHeight'>,
  slack = 0,
): DocRect {
  return {
    x: win.scrollX - slack,
    y: win.scrollY - slack,
    width: win.innerWidth + 2 * slack,
    height: win.innerHeight + 2 * slack,
  };
}

/**
 * Whether a match may be drawn inside `view`, judged from the boxes of the whole segments it lies
 * in (`undefined` for a field's value, which is always measured). A range of a text node is laid
 * out inside that node's own boxes, so a match whose nodes all lie outside the view is outside it
 * too, and measuring its exact boxes can be skipped.
 */
export function mayShowIn(
  match: SegmentMatch,
  segmentBoxes: readonly (readonly DocRect[] | undefined)[],
  view: DocRect,
): boolean {
  return match.parts.some((p) => {
    const boxes = segmentBoxes[p.segment];
    return !boxes || boxes.some((b) => overlaps(b, view));
  });
}
