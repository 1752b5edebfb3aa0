import { describe, expect, it } from 'vitest';
import {
  colLeft,
  drawnCells,
  type GridGeometry,
  gridWindow,
  leadPx,
  moveFocus,
  scrollToShow,
} from '../../../entrypoints/library/coverage-window';

// Round numbers: rows 50 px under a 30 px header; fixed columns 200, 100, 100 (the first sticky);
// periods 100 px wide from x = 400.
const g: GridGeometry = { rowPx: 50, headPx: 30, fixedPx: [200, 100, 100], colPx: 100 };
/** 150 controls, the longest with 366 daily periods (a year). */
const size = { rows: 150, cols: 366 };

describe('the coverage grid draws only what is near its visible part', () => {
  it('at the top left: the rows and periods in view and half a view beyond, none before', () => {
    const w = gridWindow({ top: 0, left: 0, width: 1000, height: 530 }, size, g);
    // 500 px of rows in view (10 rows) and 265 px below (6 rows): rows 0-15.
    expect(w.rows).toEqual([0, 15]);
    // Periods from x = 400: 600 px in view (6) and 500 px beyond (5): periods 0-10.
    expect(w.cols).toEqual([0, 10]);
  });

  it('scrolled to the middle: a margin of half a view on every side', () => {
    const w = gridWindow({ top: 5000, left: 10_000, width: 1000, height: 530 }, size, g);
    // Rows visible from y = 5000 (row 100) to 5500 (row 109); margins of 265 px: rows 94-115.
    expect(w.rows).toEqual([94, 115]);
    // Visible periods start beside the sticky column: x from 10,200 to 11,000, margins 500 px:
    // period (9700 - 400) / 100 = 93 to (11,500 - 400) / 100 - 1 = 110.
    expect(w.cols).toEqual([93, 110]);
  });

  it('at the bottom right: the last row and the last period are drawn, nothing past them', () => {
    const top = size.rows * g.rowPx + g.headPx - 530;
    const left = leadPx(g) + size.cols * g.colPx - 1000;
    const w = gridWindow({ top, left, width: 1000, height: 530 }, size, g);
    expect(w.rows[1]).toBe(size.rows - 1);
    expect(w.rows[0]).toBeGreaterThan(130);
    expect(w.cols[1]).toBe(size.cols - 1);
    expect(w.cols[0]).toBeGreaterThan(350);
  });

  it('draws a screenful, not the grid: about 200 cells of 150 × 366', () => {
    const w = gridWindow({ top: 0, left: 0, width: 1280, height: 560 }, size, g);
    const cells = (w.rows[1] - w.rows[0] + 1) * (w.cols[1] - w.cols[0] + 1);
    expect(cells).toBeLessThan(300);
    expect(cells).toBeGreaterThan(0);
  });

  it('a grid smaller than its box is drawn whole; an empty one not at all', () => {
    expect(gridWindow({ top: 0, left: 0, width: 1000, height: 400 }, { rows: 2, cols: 6 }, g)).toEqual({
      rows: [0, 1],
      cols: [0, 5],
    });
    const none = gridWindow({ top: 0, left: 0, width: 1000, height: 400 }, { rows: 0, cols: 0 }, g);
    expect(none.rows[1]).toBeLessThan(none.rows[0]);
    expect(none.cols[1]).toBeLessThan(none.cols[0]);
  });
});

describe('keyboard moves in the coverage grid (ARIA grid pattern)', () => {
  // Rows of different lengths: 3 fixed columns + 366, + 12, + 1 periods, then 52 again.
  const lengths = [369, 15, 4, 55];
  const grid = { rows: lengths.length, colsOf: (r: number) => lengths[r]!, pageRows: 2 };

  it('arrows move one cell, stopping at the edges; up and down keep the column or the row’s last', () => {
    expect(moveFocus({ row: 0, col: 5 }, { key: 'ArrowRight' }, grid)).toEqual({ row: 0, col: 6 });
    expect(moveFocus({ row: 0, col: 0 }, { key: 'ArrowLeft' }, grid)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 2, col: 3 }, { key: 'ArrowRight' }, grid)).toEqual({ row: 2, col: 3 });
    expect(moveFocus({ row: 0, col: 200 }, { key: 'ArrowDown' }, grid)).toEqual({ row: 1, col: 14 });
    expect(moveFocus({ row: 3, col: 9 }, { key: 'ArrowDown' }, grid)).toEqual({ row: 3, col: 9 });
    expect(moveFocus({ row: 1, col: 9 }, { key: 'ArrowUp' }, grid)).toEqual({ row: 0, col: 9 });
    expect(moveFocus({ row: 0, col: 9 }, { key: 'ArrowUp' }, grid)).toEqual({ row: 0, col: 9 });
  });

  it('Home and End go to the row’s ends, with Ctrl to the grid’s; Page keys move a page of rows', () => {
    expect(moveFocus({ row: 1, col: 7 }, { key: 'Home' }, grid)).toEqual({ row: 1, col: 0 });
    expect(moveFocus({ row: 1, col: 7 }, { key: 'End' }, grid)).toEqual({ row: 1, col: 14 });
    expect(moveFocus({ row: 1, col: 7 }, { key: 'Home', ctrlKey: true }, grid)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 1, col: 7 }, { key: 'End', ctrlKey: true }, grid)).toEqual({ row: 3, col: 54 });
    expect(moveFocus({ row: 0, col: 7 }, { key: 'PageDown' }, grid)).toEqual({ row: 2, col: 3 });
    expect(moveFocus({ row: 3, col: 7 }, { key: 'PageUp' }, grid)).toEqual({ row: 1, col: 7 });
    expect(moveFocus({ row: 2, col: 2 }, { key: 'PageDown' }, grid)).toEqual({ row: 3, col: 2 });
  });

  it('other keys (Enter, Tab, letters) are left alone', () => {
    for (const key of ['Enter', ' ', 'Tab', 'a'])
      expect(moveFocus({ row: 0, col: 0 }, { key }, grid)).toBeUndefined();
  });
});

describe('the focused cell is scrolled into view beside the sticky column and header', () => {
  const view = { top: 1000, left: 2000, width: 1000, height: 530 };

  it('a cell already in view leaves the scroll where it is', () => {
    // Row 22 (y 1100-1150), period 18 (x 2200-2300): in view.
    expect(scrollToShow({ row: 22, col: 3 + 18 }, view, g)).toEqual({ top: 1000, left: 2000 });
  });

  it('a cell above or left of the view is brought to its top or beside the sticky column', () => {
    expect(scrollToShow({ row: 5, col: 3 + 17 }, view, g)).toEqual({ top: 250, left: 2100 - 200 });
    expect(colLeft(3 + 17, g)).toBe(2100);
  });

  it('a cell below or right of the view is brought to its bottom or right edge', () => {
    // Row 40 ends at 2050; the rows' part of the box is 500 px tall: top 1550.
    expect(scrollToShow({ row: 40, col: 3 + 30 }, view, g)).toEqual({ top: 1550, left: 3500 - 1000 });
  });

  it('the control column is always in view; the cadence and owner columns scroll back into it', () => {
    expect(scrollToShow({ row: 22, col: 0 }, view, g)).toEqual({ top: 1000, left: 2000 });
    expect(scrollToShow({ row: 22, col: 1 }, view, g)).toEqual({ top: 1000, left: 0 });
    expect(scrollToShow({ row: 22, col: 2 }, { ...view, left: 50 }, g)).toEqual({ top: 1000, left: 50 });
    expect(scrollToShow({ row: 22, col: 2 }, { ...view, left: 150 }, g)).toEqual({ top: 1000, left: 100 });
  });
});

describe('the cell with the tab stop stays drawn when it scrolls out of view', () => {
  const lengths = Array.from({ length: 150 }, (_, i) => (i % 10 === 0 ? 366 : 12));
  const grid = { rows: 150, fixed: 3, periodsOf: (r: number) => lengths[r]! };
  const win = { rows: [40, 60] as const, cols: [100, 110] as const };

  it('draws the window: each row’s periods within it (rows shorter than the window have none there)', () => {
    const d = drawnCells(win, undefined, grid);
    expect(d.map((r) => r.row)).toEqual(Array.from({ length: 21 }, (_, i) => 40 + i));
    expect(d.find((r) => r.row === 40)!.cols).toEqual([
      100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110,
    ]);
    expect(d.find((r) => r.row === 41)!.cols).toEqual([]);
  });

  it('adds the focused row far above the window, holding only the focused period', () => {
    const d = drawnCells(win, { row: 0, col: 3 + 2 }, grid);
    expect(d.map((r) => r.row)).toEqual([...Array.from({ length: 21 }, (_, i) => 40 + i), 0]);
    expect(d.find((r) => r.row === 0)!.cols).toEqual([2]);
  });

  it('keeps a focused period far right in a row of the window, and a focused control cell’s row', () => {
    expect(drawnCells(win, { row: 50, col: 3 + 365 }, grid).find((r) => r.row === 50)!.cols).toContain(365);
    const d = drawnCells(win, { row: 149, col: 0 }, grid);
    expect(d.at(-1)).toEqual({ row: 149, cols: [] });
    // A window measured before a filter shortened the grid draws only rows that are left.
    expect(drawnCells(win, { row: 0, col: 0 }, { ...grid, rows: 1 }).map((r) => r.row)).toEqual([0]);
    expect(
      drawnCells({ rows: [0, 5], cols: [0, 3] }, undefined, { ...grid, rows: 2 }).map((r) => r.row),
    ).toEqual([0, 1]);
    // Inside the window, nothing is added twice.
    expect(drawnCells(win, { row: 45, col: 0 }, grid)).toHaveLength(21);
  });
});
