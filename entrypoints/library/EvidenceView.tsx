import { useMemo, useState } from 'preact/hooks';
import { CaptureGroup } from './CaptureGroup';
import { DeletionLog } from './DeletionLog';
import { Filters } from './Filters';
import { applyFilter, emptyFilter, groupByControl, type LibraryFilter } from './filter';
import type { LibraryContext } from './library-context';

/** Every capture, grouped by control, with filters, and the deletion log. */
export function EvidenceView({ ctx }: { ctx: LibraryContext }) {
  const { captures } = ctx;
  const [filter, setFilter] = useState<LibraryFilter>(emptyFilter);
  const shown = useMemo(() => applyFilter(captures ?? [], filter), [captures, filter]);
  const groups = useMemo(
    () => groupByControl(shown, filter.controlId || undefined),
    [shown, filter.controlId],
  );
  const controlIds = useMemo(() => [...groupByControl(captures ?? []).keys()], [captures]);
  return (
    <>
      <section class="toolbar" aria-label="Filter the library">
        <Filters value={filter} controlIds={controlIds} onChange={setFilter} />
      </section>
      {captures === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : captures.length === 0 ? (
        <p class="empty">
          No evidence yet. Open a page, click the ProofTrail button, pick controls and capture.
        </p>
      ) : groups.size === 0 ? (
        <p class="empty">No capture matches these filters.</p>
      ) : (
        [...groups].map(([controlId, list]) => (
          <CaptureGroup
            key={controlId}
            controlId={controlId}
            captures={list}
            status={ctx.status}
            onOpen={ctx.openCapture}
            onExport={ctx.exportControl}
          />
        ))
      )}
      <DeletionLog deletions={ctx.deletions} />
    </>
  );
}
