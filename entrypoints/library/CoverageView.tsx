import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Control } from '../../lib/catalog/types';
import { listAllControls } from '../../lib/db/catalog-repo';
import { getDb } from '../../lib/db/database';
import { listAuditPeriods, listSchedules } from '../../lib/db/schedules-repo';
import type { AuditPeriodSetting, ControlSchedule } from '../../lib/formats/schedule';
import { COVERAGE_STATUSES, type CoverageStatus } from '../../lib/period/coverage';
import { CellCaptures } from './CellCaptures';
import { CoverageGrid, type OpenCell } from './CoverageGrid';
import { buildCoverage, type CoverageQuery, coverageJsonOf, emptyQuery } from './coverage-model';
import { downloadBlob } from './download';
import type { LibraryContext } from './library-context';
import { ScheduleEditor } from './ScheduleEditor';

/** Display filters on top of the query: who owns a control, and a status its periods have. */
interface Shown {
  owner: string;
  status: '' | CoverageStatus;
}

/**
 * The library's home: per framework with an audit period, a row per scheduled control with its
 * periods as cells (status in words and colour), counts, filters, and a click listing a cell's
 * captures; below it, the schedules, audit periods and the cadence import.
 */
export function CoverageView({ ctx }: { ctx: LibraryContext }) {
  const db = getDb();
  const [schedules, setSchedules] = useState<ControlSchedule[]>();
  const [periods, setPeriods] = useState<AuditPeriodSetting[]>([]);
  const [catalog, setCatalog] = useState<Control[]>([]);
  const [query, setQuery] = useState<CoverageQuery>(emptyQuery);
  const [shown, setShown] = useState<Shown>({ owner: '', status: '' });
  const [cell, setCell] = useState<OpenCell>();
  const [download, setDownload] = useState<{ text: string; error?: boolean }>();
  const load = async () => {
    const [s, p, c] = await Promise.all([listSchedules(db), listAuditPeriods(db), listAllControls(db)]);
    setPeriods(p);
    setCatalog(c);
    setSchedules(s);
  };
  useEffect(() => {
    void load();
  }, []);
  // "Now" is when the schedules or the captures were last read: in the same render as they are,
  // so the coverage is computed once per change, not again a render later.
  const now = useMemo(() => Date.now(), [schedules, periods, ctx.items]);

  const captures = useMemo(() => ctx.items ?? [], [ctx.items]);
  /** The grids wait for every capture's key: the coverage is computed once, not once without them. */
  const read = schedules !== undefined && ctx.items !== undefined;
  const model = useMemo(
    () => buildCoverage({ schedules: read ? schedules : [], periods, captures, query, now }),
    [read, schedules, periods, captures, query, now],
  );
  const frameworks = useMemo(
    () => [...new Set((schedules ?? []).map((s) => s.framework))].sort(),
    [schedules],
  );
  const titles = useMemo(() => new Map(catalog.map((c) => [c.id, c.title])), [catalog]);
  const owners = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of schedules ?? []) if (s.owner) m.set(s.owner.email, `${s.owner.name} <${s.owner.email}>`);
    return [...m].sort((a, b) => a[1].localeCompare(b[1]));
  }, [schedules]);

  // The first meaningful render: the grids (or the empty notice) over every capture's key. The
  // schedules' editor (a row per schedule) is below the grids: drawn once they are painted, not in
  // their first layout nor before the paint is marked.
  const [editor, setEditor] = useState(false);
  useEffect(() => {
    if (!read) return;
    let live = true;
    ctx.rendered('coverage', () => live && setEditor(true));
    return () => {
      live = false;
    };
  }, [read]);

  const set = (patch: Partial<CoverageQuery>) => {
    setQuery((q) => ({ ...q, ...patch }));
    setCell(undefined);
    setDownload(undefined);
  };
  const onDownload = async () => {
    setDownload({ text: 'Preparing…' });
    const json = coverageJsonOf(model, { schedules: schedules ?? [], captures });
    if (typeof json === 'string') return setDownload({ text: json, error: true });
    const name = `prooftrail-coverage-${json.asOf.slice(0, 10)}.json`;
    try {
      const blob = new Blob([`${JSON.stringify(json, null, 2)}\n`], { type: 'application/json' });
      const where = await downloadBlob(blob, name);
      setDownload({ text: `Saved the coverage of ${json.controls.length} controls to ${where}` });
    } catch (e) {
      setDownload({
        text: `Could not save the coverage: ${e instanceof Error ? e.message : String(e)}`,
        error: true,
      });
    }
  };

  const nothing = schedules !== undefined && schedules.length === 0;
  return (
    <div class="coverage-view">
      <h2 class="view-heading">Coverage over the audit period</h2>
      {!read ? (
        <p aria-busy="true">Loading…</p>
      ) : nothing ? (
        <p class="empty coverage-empty">
          Nothing is scheduled yet, so there is no coverage to show. Import a cadence file (CSV or an OSCAL
          Assessment Plan) or schedule a control below, then set the audit period of its framework.
        </p>
      ) : (
        <>
          <form
            class="filters coverage-filters"
            aria-label="Coverage filters"
            onSubmit={(e) => e.preventDefault()}
          >
            <div class="field">
              <label for="cov-framework">Framework</label>
              <select
                id="cov-framework"
                value={query.framework}
                onChange={(e) => set({ framework: e.currentTarget.value })}
              >
                <option value="">All frameworks</option>
                {frameworks.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="cov-owner">Owner</label>
              <select
                id="cov-owner"
                value={shown.owner}
                onChange={(e) => setShown({ ...shown, owner: e.currentTarget.value })}
              >
                <option value="">All owners</option>
                <option value="-">No owner</option>
                {owners.map(([email, label]) => (
                  <option key={email} value={email}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="cov-status">Status</label>
              <select
                id="cov-status"
                value={shown.status}
                onChange={(e) => setShown({ ...shown, status: e.currentTarget.value as Shown['status'] })}
              >
                <option value="">Any status</option>
                {COVERAGE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </div>
            <DateField
              label="As of (empty: now)"
              value={query.asOf}
              error={model.problems.asOf}
              onChange={(v) => set({ asOf: v })}
            />
            <DateField
              label="Period from (empty: as set)"
              value={query.from}
              error={model.problems.from}
              onChange={(v) => set({ from: v })}
            />
            <DateField
              label="Period to (empty: as set)"
              value={query.to}
              error={model.problems.to}
              onChange={(v) => set({ to: v })}
            />
            <div class="coverage-download">
              <button type="button" onClick={() => void onDownload()}>
                Download coverage (JSON)
              </button>
              <p
                role="status"
                class={download?.error ? 'error small download-status' : 'small download-status'}
              >
                {download?.text}
              </p>
            </div>
          </form>
          {model.withoutPeriod.map((w) => (
            <p key={w.framework} class="status-warn no-period" data-framework={w.framework}>
              {w.framework} has {w.controls} scheduled control{w.controls === 1 ? '' : 's'} but no audit
              period: set one under “Audit periods” below to see its coverage.
            </p>
          ))}
          {model.failed.map((f) => (
            <p key={f.framework} class="error" role="alert">
              {f.framework}: {f.reason}
            </p>
          ))}
          {model.grids.map((g) => (
            <CoverageGrid
              key={g.framework}
              grid={g}
              titles={titles}
              owner={shown.owner}
              status={shown.status}
              focusControl={ctx.focusControl}
              open={cell}
              onOpen={setCell}
            />
          ))}
          {cell && (
            <CellCaptures
              cell={cell}
              records={ctx.records}
              onOpen={ctx.openCapture}
              onClose={() => setCell(undefined)}
            />
          )}
        </>
      )}
      {read && editor && (
        <ScheduleEditor schedules={schedules} periods={periods} catalog={catalog} onSaved={load} />
      )}
    </div>
  );
}

function DateField(props: { label: string; value: string; error?: string; onChange(v: string): void }) {
  const id = `cov-${props.label.split(' ')[0]!.toLowerCase()}-${props.label.split(' ')[1]!.toLowerCase()}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type="date"
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      />
      {props.error && (
        <span id={`${id}-error`} class="error small">
          {props.error}
        </span>
      )}
    </div>
  );
}
