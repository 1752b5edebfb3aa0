import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DeletionLog } from './DeletionLog';
import { Filters } from './Filters';
import { applyFilter, emptyFilter, groupByControl, type LibraryFilter } from './filter';
import type { LibraryContext } from './library-context';
import { VirtualGroups } from './VirtualGroups';

/** What the worker last answered for the search box and the address filter. */
interface Answer {
  query: string;
  urlContains: string;
  /** Undefined: no condition (every capture). */
  ids?: Set<string>;
  /** How long the worker took to answer, in ms. */
  ms?: number;
  found?: Map<string, string[]>;
}

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Every capture, grouped by control, with filters and full-text search, and the deletion log. */
export function EvidenceView({ ctx }: { ctx: LibraryContext }) {
  const { items } = ctx;
  const [filter, setFilter] = useState<LibraryFilter>(emptyFilter);
  const [query, setQuery] = useState('');
  const [answer, setAnswer] = useState<Answer>({ query: '', urlContains: '' });
  const asked = useRef(0);

  // The search and the address filter run in the worker; the newest answer wins. Asked again when
  // the list changes (a capture added, imported or deleted).
  useEffect(() => {
    const q = query.trim();
    const u = filter.urlContains.trim();
    if (!q && !u) {
      asked.current++;
      setAnswer({ query: '', urlContains: '' });
      return;
    }
    const n = ++asked.current;
    void ctx.search(q, u).then(({ hits, ms }) => {
      if (n !== asked.current) return;
      setAnswer({
        query: q,
        urlContains: u,
        ms,
        ids: new Set(hits?.map((h) => h.id)),
        found: q ? new Map(hits?.map((h) => [h.id, h.fields])) : undefined,
      });
    });
  }, [query, filter.urlContains, items]);

  const shown = useMemo(() => applyFilter(items ?? [], filter, answer.ids), [items, filter, answer]);
  const groups = useMemo(
    () => [...groupByControl(shown, filter.controlId || undefined)],
    [shown, filter.controlId],
  );
  const controlIds = useMemo(() => [...groupByControl(items ?? []).keys()], [items]);
  const onFirstRows = useCallback(() => ctx.rendered('evidence'), [ctx.rendered]);
  const busy =
    Boolean(query.trim() || filter.urlContains.trim()) &&
    (answer.query !== query.trim() || answer.urlContains !== filter.urlContains.trim());
  const total = items?.length ?? 0;
  const indexLine =
    ctx.index.kind === 'syncing'
      ? `Bringing the search index up to date with ${count(ctx.index.count, 'capture')}…`
      : ctx.index.kind === 'failed'
        ? `Search is not available: ${ctx.index.error}`
        : '';
  return (
    <>
      <section class="toolbar" aria-label="Filter the library">
        <search
          class="library-search"
          data-index={ctx.index.kind}
          data-index-count={ctx.index.kind === 'ready' ? ctx.index.report.count : undefined}
          data-index-rebuilt={ctx.index.kind === 'ready' ? String(ctx.index.report.rebuilt) : undefined}
          data-index-ms={ctx.index.kind === 'ready' ? ctx.index.report.ms.toFixed(1) : undefined}
        >
          <label for="library-search">Search</label>
          <input
            id="library-search"
            type="search"
            value={query}
            aria-describedby="library-search-help"
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          <span id="library-search-help" class="small muted library-search-help">
            Notes, page titles, addresses, page text and controls; every word must match.
            {indexLine && ` ${indexLine}`}
          </span>
        </search>
        <Filters value={filter} controlIds={controlIds} onChange={setFilter} />
      </section>
      {items === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : items.length === 0 ? (
        <p class="empty">
          No evidence yet. Open a page, click the ProofTrail button, pick controls and capture.
        </p>
      ) : (
        <>
          <p
            class="list-count small muted"
            role="status"
            data-total={total}
            data-shown={shown.length}
            data-groups={groups.length}
            data-query={answer.query}
            data-url={answer.urlContains}
            data-search-ms={answer.ms?.toFixed(1)}
            aria-busy={busy}
          >
            {shown.length === total
              ? `${count(total, 'capture')} under ${count(groups.length, 'control')}`
              : `${count(shown.length, 'capture')} of ${total.toLocaleString('en-US')} match, under ${count(groups.length, 'control')}`}
          </p>
          {groups.length === 0 ? (
            <p class="empty">No capture matches these filters.</p>
          ) : (
            <VirtualGroups
              groups={groups}
              titles={ctx.titles}
              records={ctx.records}
              status={ctx.status}
              found={answer.found}
              onOpen={ctx.openCapture}
              onExport={ctx.exportControl}
              onFirstRows={onFirstRows}
            />
          )}
        </>
      )}
      <DeletionLog deletions={ctx.deletions} />
    </>
  );
}
