import { COVERAGE_STATUSES, type CoverageStatus, windowDays } from '../../lib/period/coverage';
import { formatInZone } from '../../lib/period/zoned-time';
import type { FrameworkGrid } from './coverage-model';

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

/** One framework's coverage: a row per scheduled control, its periods as cells in time order. */
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
  const rows = grid.coverage.controls.filter(
    (c) =>
      (!props.owner || (props.owner === '-' ? !c.owner : c.owner?.email === props.owner)) &&
      (!props.status || c.periods.some((p) => p.status === props.status)),
  );
  const counts = Object.fromEntries(COVERAGE_STATUSES.map((s) => [s, 0])) as Record<CoverageStatus, number>;
  for (const c of rows) for (const p of c.periods) counts[p.status]++;
  const headingId = `coverage-${grid.framework.replace(/[^A-Za-z0-9_-]/g, '_')}`;
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
        <table class="coverage-table">
          <thead>
            <tr>
              <th scope="col">Control</th>
              <th scope="col">Cadence</th>
              <th scope="col">Owner</th>
              <th scope="col">Periods, oldest first</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr
                key={c.id}
                data-control={c.id}
                class={props.focusControl === c.id ? 'highlight' : undefined}
              >
                <th scope="row" tabIndex={-1}>
                  <span class="mono">{c.id}</span> <span class="small muted">{props.titles.get(c.id)}</span>
                </th>
                <td>
                  {c.cadence}
                  <br />
                  <span class="small muted">
                    {c.sensitivity}, {plural(c.toleranceDays, 'day')} tolerance
                  </span>
                </td>
                <td>{c.owner ? `${c.owner.name} <${c.owner.email}>` : <span class="muted">none</span>}</td>
                <td>
                  <ol class="cells">
                    {c.periods.map((p) => {
                      const days = windowDays(p, zone);
                      const n = p.captureIds.length;
                      const picked =
                        props.open?.controlId === c.id &&
                        props.open.framework === grid.framework &&
                        props.open.from === days.from;
                      return (
                        <li key={p.start}>
                          <button
                            type="button"
                            class={`cell st-${p.status}`}
                            data-status={p.status}
                            data-from={days.from}
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
                        </li>
                      );
                    })}
                  </ol>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
