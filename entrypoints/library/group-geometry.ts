/**
 * Where each control's card list stands in the evidence list, computed from the number of cards
 * and fixed sizes instead of measured: the first render draws the right cards without the browser
 * laying out all groups first (measuring one section's position forced the layout of all of them).
 * VirtualGroups sets these sizes on the list as CSS custom properties, which library.css lays the
 * groups out with, so the computed and the drawn positions are the same numbers.
 */

/** Sizes of the grouped list, in rem (cards and headings follow the page's font size) and px. */
export interface GroupGeometry {
  /** A group's heading row (one line; a longer title is cut with an ellipsis). */
  headRem: number;
  /** A card's height. */
  cardRem: number;
  /** Gap between cards, across and down. */
  gapPx: number;
  /** The narrowest a card gets. */
  cardMinPx: number;
  /** Space above and below each card list, inside its group. */
  listMarginPx: number;
  /** Space above the first group and between groups. */
  groupGapPx: number;
}

export const GROUP_GEOMETRY: GroupGeometry = {
  headRem: 2.5,
  cardRem: 17,
  gapPx: 12,
  cardMinPx: 220,
  listMarginPx: 10,
  groupGapPx: 18,
};

/** Cards per row in a list `widthPx` wide (at least one). */
export function columnsFor(widthPx: number, g: GroupGeometry = GROUP_GEOMETRY): number {
  return Math.max(1, Math.floor((widthPx + g.gapPx) / (g.cardMinPx + g.gapPx)));
}

/** The distance from one card row's top to the next, in px. */
export const rowPitch = (remPx: number, g: GroupGeometry = GROUP_GEOMETRY): number =>
  g.cardRem * remPx + g.gapPx;

/** Height of a list of `rows` card rows, in px. */
export function listHeight(rows: number, remPx: number, g: GroupGeometry = GROUP_GEOMETRY): number {
  return rows > 0 ? rows * g.cardRem * remPx + (rows - 1) * g.gapPx : 0;
}

/**
 * The top of each group's card list below the top of the groups' box, in px, for groups of
 * `counts` cards at `cols` a row, and the box's height. Each group is: the gap above it, its
 * heading, the list's margin, the list, the list's margin; the last gap follows the last group.
 */
export function listTops(
  counts: readonly number[],
  cols: number,
  remPx: number,
  g: GroupGeometry = GROUP_GEOMETRY,
): { tops: number[]; height: number } {
  const head = g.headRem * remPx;
  const tops: number[] = [];
  let y = 0;
  for (const n of counts) {
    y += g.groupGapPx + head + g.listMarginPx;
    tops.push(y);
    y += listHeight(Math.ceil(n / cols), remPx, g) + g.listMarginPx;
  }
  return { tops, height: counts.length ? y + g.groupGapPx : 0 };
}

/**
 * A group's height below the gap above it (heading, margins, list): the size the browser gives a
 * group it skips while the group is off screen (library.css `content-visibility`).
 */
export function groupBodyHeight(
  count: number,
  cols: number,
  remPx: number,
  g: GroupGeometry = GROUP_GEOMETRY,
): number {
  return g.headRem * remPx + 2 * g.listMarginPx + listHeight(Math.ceil(count / cols), remPx, g);
}

/**
 * The card rows of a list whose top is `top` px below the viewport's top, `rows` rows tall, that
 * lie between `above` and `below` (px from the viewport's top), first and last inclusive; or
 * undefined when none does.
 */
export function rowsBetween(
  top: number,
  rows: number,
  pitch: number,
  above: number,
  below: number,
): [number, number] | undefined {
  if (rows <= 0 || top + rows * pitch < above || top > below) return undefined;
  return [
    Math.max(0, Math.floor((above - top) / pitch)),
    Math.min(rows - 1, Math.floor((below - top) / pitch)),
  ];
}
