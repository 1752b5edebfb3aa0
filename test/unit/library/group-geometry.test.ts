import { describe, expect, it } from 'vitest';
import {
  columnsFor,
  GROUP_GEOMETRY,
  groupBodyHeight,
  listHeight,
  listTops,
  rowPitch,
  rowsBetween,
} from '../../../entrypoints/library/group-geometry';

const G = GROUP_GEOMETRY;
const REM = 14;
const HEAD = G.headRem * REM;
const CARD = G.cardRem * REM;

describe('evidence list geometry', () => {
  it('fits as many cards a row as the width allows, at least one', () => {
    expect(columnsFor(1160)).toBe(5); // (1160 + 12) / 232 = 5.05
    expect(columnsFor(220)).toBe(1);
    expect(columnsFor(451)).toBe(1);
    expect(columnsFor(452)).toBe(2); // two cards of 220 and a gap;
    expect(columnsFor(0)).toBe(1);
  });

  it('makes a list as tall as its rows with gaps between them', () => {
    expect(listHeight(0, REM)).toBe(0);
    expect(listHeight(1, REM)).toBe(CARD);
    expect(listHeight(3, REM)).toBe(3 * CARD + 2 * G.gapPx);
    expect(rowPitch(REM)).toBe(CARD + G.gapPx);
  });

  it('places each list after the groups above it: gap, heading, margin, rows, margin', () => {
    // 9 cards at 4 a row: 3 rows; 1 card: 1 row; 8 cards: 2 rows.
    const { tops, height } = listTops([9, 1, 8], 4, REM);
    const first = G.groupGapPx + HEAD + G.listMarginPx;
    expect(tops[0]).toBe(first);
    const group1 = first + listHeight(3, REM) + G.listMarginPx;
    expect(tops[1]).toBe(group1 + first);
    const group2 = tops[1]! + listHeight(1, REM) + G.listMarginPx;
    expect(tops[2]).toBe(group2 + first);
    expect(height).toBe(tops[2]! + listHeight(2, REM) + G.listMarginPx + G.groupGapPx);
    expect(listTops([], 4, REM)).toEqual({ tops: [], height: 0 });
  });

  it('moves every later list when the columns change, and none before the changed group', () => {
    const wide = listTops([10, 10, 10], 5, REM).tops;
    const narrow = listTops([10, 10, 10], 2, REM).tops;
    expect(narrow[0]).toBe(wide[0]);
    // 2 rows a list at 5 a row, 5 at 2 a row: 3 more rows above the second list, 6 above the third.
    expect(narrow[1]! - wide[1]!).toBe(3 * rowPitch(REM));
    expect(narrow[2]! - wide[2]!).toBe(6 * rowPitch(REM));
  });

  it('gives the rows of a list between two lines of the viewport', () => {
    const pitch = 100;
    // A list of 10 rows starting 250 px below the viewport's top; the window is -800 to 1600.
    expect(rowsBetween(250, 10, pitch, -800, 1600)).toEqual([0, 9]);
    expect(rowsBetween(-450, 10, pitch, 0, 300)).toEqual([4, 7]);
    // Entirely above or below: none.
    expect(rowsBetween(-2000, 10, pitch, -800, 1600)).toBeUndefined();
    expect(rowsBetween(1700, 10, pitch, -800, 1600)).toBeUndefined();
    expect(rowsBetween(0, 0, pitch, -800, 1600)).toBeUndefined();
  });
});

describe('a group’s height', () => {
  it('is what separates its list from the next list, less the gap between groups', () => {
    const counts = [9, 1, 8];
    const { tops, height } = listTops(counts, 4, REM);
    const body = counts.map((n) => groupBodyHeight(n, 4, REM));
    expect(tops[1]! - tops[0]!).toBe(body[0]! + G.groupGapPx);
    expect(tops[2]! - tops[1]!).toBe(body[1]! + G.groupGapPx);
    expect(height).toBe(body.reduce((a, b) => a + b + G.groupGapPx, 0) + G.groupGapPx);
  });
});
