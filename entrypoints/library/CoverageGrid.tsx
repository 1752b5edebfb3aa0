import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { COVERAGE_STATUSES, type CoverageStatus, windowDays } from '../../lib/period/coverage';
import { formatInZone } from '../../lib/period/zoned-time';
import type { FrameworkGrid } from './coverage-model';
import {
  type CellAt,
  colLeft,
  drawnCells,
  GEOMETRY,
  type GridWindow,
  gridWindow,
  leadPx,
  moveFocus,
  sameWindow,
  scrollToShow,
  type View,
} from './coverage-window';

/** A cell picked in the grid: one control's period. */
export interface OpenCell {
  framework: string;
  controlId: string;
  from: string;
  to: string;
  status: CoverageStatus;
  captureIds: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const G = GEOMETRY;
const FIXED = G.fixedPx.length;
/** Tallest the grid's scroll box gets, as a share of the window's height (library.css says the same). */
const BOX_SHARE = 0.7;

/**
 * One framework's coverage: a grid (ARIA `grid`) with a row per scheduled control, its periods as
 * cells in time order. Only the rows and periods near the visible part of its scroll box are in
 * the page (`aria-rowcount`, `aria-colcount` and each drawn cell's index say where they are), and
 * the cell with the keyboard focus, which arrows, Home, End and Page keys move. The box says which
 * scroll offsets its drawn cells are for (`data-view`), so automation can wait for them.
 */
export function CoverageGrid(props: {
  grid: FrameworkGrid;
  titles: ReadonlyMap<string, string>;
  owner: string;
  status: '' | CoverageStatus;
  focusControl?: string;
  open?: OpenCell;
  onOpen(cell: OpenCell): void;
}) {
  const { grid } = props;
  const zone = grid.period.timeZone;
  const rows = useMemo(
    () =>
      grid.coverage.controls.filter(
        (c) =>
          (!props.owner || (props.owner === '-' ? !c.owner : c.owner?.email === props.owner)) &&
          (!props.status || c.periods.some((p) => p.status === props.status)),
      ),
    [grid, props.owner, props.status],
  );
  const counts = useMemo(() => {
    const n = Object.fromEntries(COVERAGE_STATUSES.map((s) => [s, 0])) as Record<CoverageStatus, number>;
    for (const c of rows) for (const p of c.periods) n[p.status]++;
    return n;
  }, [rows]);
  const periodCols = useMemo(() => rows.reduce((m, c) => Math.max(m, c.periods.length), 0), [rows]);
  const size = { rows: rows.length, cols: periodCols };
  const width = leadPx(G) + periodCols * G.colPx;

  const box = useRef<HTMLTableElement>(null);
  /** The box's visible part, measured on scroll and resize (estimated from the window at first). */
  const view = useRef<View>({
    top: 0,
    left: 0,
    width: innerWidth,
    height: Math.min(innerHeight * BOX_SHARE, G.headPx + rows.length * G.rowPx),
  });
  const [win, setWin] = useState<GridWindow>(() => gridWindow(view.current, size, G));
  const frame = useRef(0);
  const measure = () => {
    frame.current = 0;
    const el = box.current;
    if (!el) return;
    view.current = { top: el.scrollTop, left: el.scrollLeft, width: el.clientWidth, height: el.clientHeight };
    const next = gridWindow(view.current, latest.current, G);
    setWin((old) => (sameWindow(old, next) ? old : next));
    el.dataset.view = viewKey(view.current);
  };
  const latest = useRef(size);
  latest.current = size;
  // Measured again when filters change the grid's size; not on the first render, whose estimate
  // stands until the observer below reports the laid-out box (measuring here forced the page's
  // first layout before the browser's own).
  const sized = useRef(false);
  useLayoutEffect(() => {
    if (sized.current) measure();
    sized.current = true;
  }, [rows.length, periodCols]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      frame.current ||= requestAnimationFrame(measure);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame.current);
    };
  }, [rows.length === 0]);
  const onScroll = () => {
    frame.current ||= requestAnimationFrame(measure);
  };
  // Drawn cells are for the offsets measured last; said after every render that drew them.
  useLayoutEffect(() => {
    if (box.current) box.current.dataset.view = viewKey(view.current);
  });

  // The cell that holds the grid's one tab stop, by control (rows move when filters change).
  const [active, setActive] = useState<{ control: string; col: number }>();
  const activeRow = Math.max(
    0,
    rows.findIndex((c) => c.id === active?.control),
  );
  const at: CellAt = {
    row: activeRow,
    col: Math.min(active?.col ?? 0, FIXED - 1 + (rows[activeRow]?.periods.length ?? 0)),
  };
  const focusNext = useRef(false);
  useLayoutEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    box.current?.querySelector<HTMLElement>(`[data-row="${at.row}"][data-col="${at.col}"]`)?.focus();
  });

  // Opened at library.html#control=ID: that row scrolled to the middle of the box, its header focused.
  const focusedFor = useRef<string>();
  useLayoutEffect(() => {
    const id = props.focusControl;
    const el = box.current;
    if (!id || !el || focusedFor.current === id) return;
    const i = rows.findIndex((c) => c.id === id);
    if (i < 0) return;
    focusedFor.current = id;
    el.scrollTop = Math.max(0, i * G.rowPx - (el.clientHeight - G.headPx - G.rowPx) / 2);
    measure();
    setActive({ control: id, col: 0 });
    focusNext.current = true;
    el.scrollIntoView({ block: 'center' });
  }, [props.focusControl, rows]);

  const go = (next: CellAt) => {
    const el = box.current;
    const control = rows[next.row]?.id;
    if (!el || !control) return;
    const to = scrollToShow(next, view.current, G);
    el.scrollTop = to.top;
    el.scrollLeft = to.left;
    focusNext.current = true;
    setActive({ control, col: next.col });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const from = cellOf(e.target);
    if (!from) return;
    const next = moveFocus(from, e, {
      rows: rows.length,
      colsOf: (r) => FIXED + (rows[r]?.periods.length ?? 0),
      pageRows: Math.max(1, Math.floor((view.current.height - G.headPx) / G.rowPx)),
    });
    if (!next) return;
    e.preventDefault();
    go(next);
  };
  const onFocusIn = (e: FocusEvent) => {
    const c = cellOf(e.target);
    const control = c && rows[c.row]?.id;
    if (c && control && (active?.control !== control || active.col !== c.col))
      setActive({ control, col: c.col });
  };

  const drawn = drawnCells(win, at, {
    rows: rows.length,
    fixed: FIXED,
    periodsOf: (r) => rows[r]?.periods.length ?? 0,
  });

  const headingId = `coverage-${grid.framework.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const tab = (row: number, col: number) => (row === at.row && col === at.col ? 0 : -1);
  const headCols: number[] = [];
  for (let j = win.cols[0]; j <= win.cols[1]; j++) headCols.push(j);
  return (
    <section class="coverage-grid" aria-labelledby={headingId} data-framework={grid.framework}>
      <h3 id={headingId}>
        {grid.framework}{' '}
        <span class="muted">
          audit period {grid.period.from} to {grid.period.to} ({zone}), as of{' '}
          {formatInZone(grid.coverage.asOf, zone).replace('T', ' ')}
        </span>
      </h3>
      <ul class="status-counts" aria-label={`Periods by status, ${grid.framework}`}>
        {COVERAGE_STATUSES.map((s) => (
          <li key={s} class={`st st-${s}`} data-status={s} data-count={counts[s]}>
            {counts[s]} {s}
          </li>
        ))}
      </ul>
      {rows.length === 0 ? (
        <p class="empty">No scheduled control of {grid.framework} matches these filters.</p>
      ) : (
        <table
          class="coverage-box"
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a data grid is a table with arrow-key navigation (the ARIA grid pattern's own example)
          role="grid"
          ref={box}
          aria-labelledby={headingId}
          aria-rowcount={rows.length + 1}
          aria-colcount={FIXED + periodCols}
          onScroll={onScroll}
          onKeyDown={onKeyDown}
          onFocusIn={onFocusIn}
          style={{
            '--cov-row': `${G.rowPx}px`,
            '--cov-head': `${G.headPx}px`,
            '--cov-col': `${G.colPx}px`,
            maxHeight: `${BOX_SHARE * 100}vh`,
          }}
        >
          <thead class="coverage-head" style={{ width: `${width}px` }}>
            <tr aria-rowindex={1} class="coverage-row">
              {['Control', 'Cadence', 'Owner'].map((name, col) => (
                <th
                  key={name}
                  scope="col"
                  aria-colindex={col + 1}
                  class={col === 0 ? 'cov-fixed cov-control' : 'cov-fixed'}
                  style={{ width: `${G.fixedPx[col]}px` }}
                >
                  {name}
                </th>
              ))}
              {headCols.map((j) => (
                <th
                  key={j}
                  scope="col"
                  aria-colindex={FIXED + j + 1}
                  class="cov-period"
                  style={{ left: `${colLeft(FIXED + j, G)}px` }}
                >
                  Period {j + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="coverage-body" style={{ width: `${width}px`, height: `${rows.length * G.rowPx}px` }}>
            {drawn.map(({ row: i, cols }) => {
              const c = rows[i]!;
              return (
                <tr
                  key={c.id}
                  aria-rowindex={i + 2}
                  data-control={c.id}
                  class={props.focusControl === c.id ? 'coverage-row highlight' : 'coverage-row'}
                  style={{ top: `${i * G.rowPx}px`, width: `${width}px` }}
                >
                  <th
                    scope="row"
                    aria-colindex={1}
                    class="cov-fixed cov-control"
                    style={{ width: `${G.fixedPx[0]}px` }}
                    tabIndex={tab(i, 0)}
                    data-row={i}
                    data-col={0}
                  >
                    <span class="mono">{c.id}</span> <span class="small muted">{props.titles.get(c.id)}</span>
                  </th>
                  <td
                    aria-colindex={2}
                    class="cov-fixed"
                    style={{ width: `${G.fixedPx[1]}px` }}
                    tabIndex={tab(i, 1)}
                    data-row={i}
                    data-col={1}
                  >
                    {c.cadence}
                    <br />
                    <span class="small muted">
                      {c.sensitivity}, {plural(c.toleranceDays, 'day')} tolerance
                    </span>
                  </td>
                  <td
                    aria-colindex={3}
                    class="cov-fixed"
                    style={{ width: `${G.fixedPx[2]}px` }}
                    tabIndex={tab(i, 2)}
                    data-row={i}
                    data-col={2}
                  >
                    {c.owner ? `${c.owner.name} <${c.owner.email}>` : <span class="muted">none</span>}
                  </td>
                  {cols.map((j) => {
                    const p = c.periods[j]!;
                    const days = windowDays(p, zone);
                    const n = p.captureIds.length;
                    const picked =
                      props.open?.controlId === c.id &&
                      props.open.framework === grid.framework &&
                      props.open.from === days.from;
                    return (
                      <td
                        key={p.start}
                        aria-colindex={FIXED + j + 1}
                        class="cov-period"
                        style={{ left: `${colLeft(FIXED + j, G)}px` }}
                      >
                        <button
                          type="button"
                          class={`cell st-${p.status}`}
                          data-status={p.status}
                          data-from={days.from}
                          data-row={i}
                          data-col={FIXED + j}
                          tabIndex={tab(i, FIXED + j)}
                          aria-pressed={picked}
                          onClick={() =>
                            props.onOpen({
                              framework: grid.framework,
                              controlId: c.id,
                              ...days,
                              status: p.status,
                              captureIds: p.captureIds,
                            })
                          }
                        >
                          <span class="cell-days">
                            {days.from === days.to ? days.from : `${days.from} to ${days.to}`}
                          </span>
                          <span class="cell-status">
                            {p.status}
                            {n ? ` (${plural(n, 'capture')})` : ''}
                          </span>
                        </button>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

const viewKey = (v: View) => `${Math.round(v.top)},${Math.round(v.left)}`;

/** The row and column of the grid cell an event happened in (its data-row and data-col). */
function cellOf(target: EventTarget | null): CellAt | undefined {
  const el = (target as Element | null)?.closest?.<HTMLElement>('[data-col]');
  if (!el) return undefined;
  return { row: Number(el.dataset.row), col: Number(el.dataset.col) };
}
