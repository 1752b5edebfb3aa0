/**
 * Which part of the coverage grid is drawn, and where the keyboard goes in it. The grid is a
 * fixed-pitch table: a row per control, three fixed columns (control, cadence, owner; the control
 * column stays in view), then one column per period, oldest first. Only the rows and period
 * columns within half a viewport of the visible part are drawn (and the cell with the keyboard
 * focus), so opening the view costs what one screen of it costs, whatever the cadences.
 */

/** Sizes of the grid in CSS pixels (library.css reads them from custom properties set from these). */
export interface GridGeometry {
  /** Height of a control's row and of the header row. */
  rowPx: number;
  headPx: number;
  /** Width of each fixed column, in column order; the first stays in view when scrolling sideways. */
  fixedPx: readonly number[];
  /** Width of a period column. */
  colPx: number;
}

export const GEOMETRY: GridGeometry = { rowPx: 52, headPx: 30, fixedPx: [230, 150, 210], colPx: 176 };

/** The visible part of the grid's scroll box: its scroll offsets and inner size. */
export interface View {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Drawn rows and period columns, first and last inclusive (last below first: none). */
export interface GridWindow {
  rows: readonly [number, number];
  cols: readonly [number, number];
}

/** Where the first period column starts: after every fixed column. */
export const leadPx = (g: GridGeometry): number => g.fixedPx.reduce((a, b) => a + b, 0);

/**
 * The rows and period columns to draw for a view of a grid of `rows` rows and up to `cols` period
 * columns: those in view and within half a viewport's height (rows) or width (columns) of it.
 */
export function gridWindow(view: View, size: { rows: number; cols: number }, g: GridGeometry): GridWindow {
  const marginY = view.height / 2;
  const marginX = view.width / 2;
  // Rows start below the header; the header covers the top of the box.
  const y0 = view.top - marginY;
  const y1 = view.top + view.height - g.headPx + marginY;
  const rows = clamp(Math.floor(y0 / g.rowPx), Math.ceil(y1 / g.rowPx) - 1, size.rows);
  // Period columns start after the fixed columns; the first fixed column covers the left of the box.
  const lead = leadPx(g);
  const x0 = view.left + (g.fixedPx[0] ?? 0) - lead - marginX;
  const x1 = view.left + view.width - lead + marginX;
  const cols = clamp(Math.floor(x0 / g.colPx), Math.ceil(x1 / g.colPx) - 1, size.cols);
  return { rows, cols };
}

function clamp(first: number, last: number, n: number): [number, number] {
  const f = Math.max(0, first);
  const l = Math.min(n - 1, last);
  return l < f ? [0, -1] : [f, l];
}

export const sameWindow = (a: GridWindow, b: GridWindow): boolean =>
  a.rows[0] === b.rows[0] && a.rows[1] === b.rows[1] && a.cols[0] === b.cols[0] && a.cols[1] === b.cols[1];

/** A cell of the grid: its row, and its column counting the fixed ones (0: the control). */
export interface CellAt {
  row: number;
  col: number;
}

/**
 * Where a key moves the focus from `at` (the grid pattern of ARIA: arrows, Home and End in the
 * row, Ctrl+Home and Ctrl+End to the first and last cell, Page Up and Down by `pageRows`), or
 * undefined for a key that does not move it. Rows differ in length: moving up or down lands on
 * the same column or the row's last cell.
 */
export function moveFocus(
  at: CellAt,
  key: { key: string; ctrlKey?: boolean },
  grid: { rows: number; colsOf(row: number): number; pageRows: number },
): CellAt | undefined {
  const inRow = (row: number, col: number): CellAt => ({
    row,
    col: Math.max(0, Math.min(col, grid.colsOf(row) - 1)),
  });
  const lastRow = grid.rows - 1;
  if (lastRow < 0) return undefined;
  switch (key.key) {
    case 'ArrowRight':
      return inRow(at.row, at.col + 1);
    case 'ArrowLeft':
      return inRow(at.row, at.col - 1);
    case 'ArrowDown':
      return inRow(Math.min(lastRow, at.row + 1), at.col);
    case 'ArrowUp':
      return inRow(Math.max(0, at.row - 1), at.col);
    case 'PageDown':
      return inRow(Math.min(lastRow, at.row + Math.max(1, grid.pageRows)), at.col);
    case 'PageUp':
      return inRow(Math.max(0, at.row - Math.max(1, grid.pageRows)), at.col);
    case 'Home':
      return key.ctrlKey ? { row: 0, col: 0 } : { row: at.row, col: 0 };
    case 'End':
      return key.ctrlKey ? inRow(lastRow, Number.MAX_SAFE_INTEGER) : inRow(at.row, Number.MAX_SAFE_INTEGER);
    default:
      return undefined;
  }
}

/**
 * The scroll offsets that bring a cell fully into view (beside the sticky control column and below
 * the sticky header), moving as little as possible; the view's own when it is in view already.
 */
export function scrollToShow(at: CellAt, view: View, g: GridGeometry): { top: number; left: number } {
  const rowTop = at.row * g.rowPx;
  let top = view.top;
  if (rowTop < view.top) top = rowTop;
  else if (rowTop + g.rowPx > view.top + view.height - g.headPx)
    top = rowTop + g.rowPx - (view.height - g.headPx);
  let left = view.left;
  const sticky = g.fixedPx[0] ?? 0;
  if (at.col > 0) {
    const x = colLeft(at.col, g);
    const w = colWidth(at.col, g);
    if (x - sticky < view.left) left = x - sticky;
    else if (x + w > view.left + view.width) left = x + w - view.width;
  }
  return { top: Math.max(0, top), left: Math.max(0, left) };
}

/** Left edge of a column (counting the fixed ones) within a row. */
export function colLeft(col: number, g: GridGeometry): number {
  const fixed = g.fixedPx.length;
  if (col < fixed) return g.fixedPx.slice(0, col).reduce((a, b) => a + b, 0);
  return leadPx(g) + (col - fixed) * g.colPx;
}

function colWidth(col: number, g: GridGeometry): number {
  return col < g.fixedPx.length ? g.fixedPx[col]! : g.colPx;
}

/**
 * The rows to draw, each with its period columns (0: the first period): the window's, and the
 * cell holding the grid's tab stop wherever it is, so Tab and screen readers never lose it when it
 * scrolls out of view. `periodsOf(row)` is how many periods the row has.
 */
export function drawnCells(
  win: GridWindow,
  focus: CellAt | undefined,
  grid: { rows: number; fixed: number; periodsOf(row: number): number },
): { row: number; cols: number[] }[] {
  const out: { row: number; cols: number[] }[] = [];
  const colsOf = (row: number) => {
    const cols: number[] = [];
    const last = Math.min(win.cols[1], grid.periodsOf(row) - 1);
    for (let j = win.cols[0]; j <= last; j++) cols.push(j);
    const kept = focus?.row === row ? focus.col - grid.fixed : -1;
    if (kept >= 0 && kept < grid.periodsOf(row) && !cols.includes(kept)) cols.push(kept);
    return cols;
  };
  const last = Math.min(win.rows[1], grid.rows - 1);
  for (let i = win.rows[0]; i <= last; i++) out.push({ row: i, cols: colsOf(i) });
  // Outside the window, the focused row holds only the focused cell.
  if (focus && focus.row < grid.rows && (focus.row < win.rows[0] || focus.row > last)) {
    const kept = focus.col - grid.fixed;
    out.push({ row: focus.row, cols: kept >= 0 && kept < grid.periodsOf(focus.row) ? [kept] : [] });
  }
  return out;
}
