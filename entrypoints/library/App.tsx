import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { listCaptures, listDeletions } from '../../lib/db/captures-repo';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { DeletionRecord } from '../../lib/formats/deletion-record';
import { deleteCaptureWithLedger } from '../../lib/ledger/delete-with-ledger';
import { type EvidenceStatus, evidenceStatus } from '../../lib/ledger/evidence-status';
import { CaptureDetail } from './CaptureDetail';
import { CaptureGroup } from './CaptureGroup';
import { DeletionLog } from './DeletionLog';
import { ExportPanel } from './ExportPanel';
import { Filters } from './Filters';
import { applyFilter, emptyFilter, groupByControl, type LibraryFilter } from './filter';
import { ImportPanel } from './ImportPanel';
import { RecipesView } from './RecipesView';
import { emptyScope, type ScopeFormValue } from './ScopeForm';

/** The evidence library: every capture, grouped by control, with filters, detail, delete and export. */
export function App() {
  const db = getDb();
  const [captures, setCaptures] = useState<CaptureMetadata[]>();
  const [deletions, setDeletions] = useState<DeletionRecord[]>([]);
  const [filter, setFilter] = useState<LibraryFilter>(emptyFilter);
  const [open, setOpen] = useState<CaptureMetadata>();
  const [notice, setNotice] = useState('');
  const [scope, setScope] = useState<ScopeFormValue>(emptyScope);
  const exportControl = (controlId: string) => {
    setScope({ ...emptyScope, controlIds: [controlId] });
    const heading = document.getElementById('export-heading');
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  };

  const [status, setStatus] = useState<Map<string, EvidenceStatus>>(new Map());
  const reload = async () => {
    setStatus(await evidenceStatus(db));
    setCaptures(await listCaptures(db));
    setDeletions(await listDeletions(db));
  };
  useEffect(() => {
    void reload();
  }, []);

  const shown = useMemo(() => applyFilter(captures ?? [], filter), [captures, filter]);
  const groups = useMemo(
    () => groupByControl(shown, filter.controlId || undefined),
    [shown, filter.controlId],
  );
  const controlIds = useMemo(() => [...groupByControl(captures ?? []).keys()], [captures]);

  const onDelete = async (capture: CaptureMetadata, reason: string) => {
    const me = await getIdentity(db);
    if (!me) throw new Error('Set your name and email in Settings first: deletions record who made them.');
    await deleteCaptureWithLedger(db, capture.id, reason, me);
    setOpen(undefined);
    // The notice says the deletion is recorded below: show it once the list and the log say so.
    await reload();
    setNotice(
      `Deleted the capture of ${capture.pageTitle || capture.pageUrl}; the deletion is recorded below.`,
    );
  };

  return (
    <div class="library">
      <header class="lib-head">
        <h1>Evidence library</h1>
        <nav aria-label="ProofTrail pages">
          <a href={browser.runtime.getURL('/options.html')}>Settings</a>
        </nav>
      </header>
      <main>
        <div class="panels">
          <ExportPanel captures={captures ?? []} value={scope} onChange={setScope} />
          <ImportPanel onImported={() => void reload()} />
        </div>
        <section class="toolbar" aria-label="Filter the library">
          <Filters value={filter} controlIds={controlIds} onChange={setFilter} />
        </section>
        <p role="status" class="notice">
          {notice}
        </p>
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
              status={status}
              onOpen={setOpen}
              onExport={exportControl}
            />
          ))
        )}
        <DeletionLog deletions={deletions} />
        <RecipesView onRan={() => void reload()} />
      </main>
      {open && (
        <CaptureDetail
          capture={open}
          status={status.get(open.id)}
          onClose={() => setOpen(undefined)}
          onDelete={onDelete}
        />
      )}
    </div>
  );
}
