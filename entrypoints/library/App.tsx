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
import { CoverageView } from './CoverageView';
import { EvidenceView } from './EvidenceView';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { type LibraryContext, type LibraryView, readHash } from './library-context';
import { RecipesView } from './RecipesView';
import { RequestsView } from './RequestsView';
import { emptyScope, type ScopeFormValue } from './ScopeForm';
import { Tabs } from './Tabs';
import { ToolDialog } from './ToolDialog';

/** The library's views, one tab each, the first shown on opening. Another view is one more line. */
const views: LibraryView[] = [
  { id: 'coverage', label: 'Coverage', render: (ctx) => <CoverageView ctx={ctx} /> },
  { id: 'evidence', label: 'All evidence', render: (ctx) => <EvidenceView ctx={ctx} /> },
  { id: 'requests', label: 'Requests', render: () => <RequestsView /> },
  { id: 'recipes', label: 'Recipes', render: (ctx) => <RecipesView onRan={() => void ctx.reload()} /> },
];
const viewIds = views.map((v) => v.id);

/** The evidence library: coverage first, every capture, detail, delete; export and import in dialogs. */
export function App() {
  const db = getDb();
  const [captures, setCaptures] = useState<CaptureMetadata[]>();
  const [deletions, setDeletions] = useState<DeletionRecord[]>([]);
  const [open, setOpen] = useState<CaptureMetadata>();
  const [notice, setNotice] = useState('');
  const [scope, setScope] = useState<ScopeFormValue>(emptyScope);
  const [dialog, setDialog] = useState<'export' | 'import'>();
  const [route, setRoute] = useState(() => readHash(location.hash, viewIds));
  useEffect(() => {
    const onHash = () => setRoute(readHash(location.hash, viewIds));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const showView = (id: string) => {
    history.replaceState(null, '', id === viewIds[0] ? location.pathname : `#${id}`);
    setRoute({ view: id });
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

  const ctx: LibraryContext = useMemo(
    () => ({
      captures,
      status,
      deletions,
      focusControl: route.control,
      openCapture: setOpen,
      exportControl: (controlId: string) => {
        setScope({ ...emptyScope, controlIds: [controlId] });
        setDialog('export');
      },
      reload,
    }),
    [captures, status, deletions, route.control],
  );

  return (
    <div class="library">
      <header class="lib-head">
        <h1>Evidence library</h1>
        <div class="head-actions">
          <button type="button" onClick={() => setDialog('export')}>
            Export…
          </button>
          <button type="button" onClick={() => setDialog('import')}>
            Import a bundle…
          </button>
          <nav aria-label="ProofTrail pages">
            <a href={browser.runtime.getURL('/options.html')}>Settings</a>
          </nav>
        </div>
      </header>
      <main>
        <p role="status" class="notice">
          {notice}
        </p>
        <Tabs views={views} current={route.view} onSelect={showView} ctx={ctx} />
      </main>
      <ToolDialog
        open={dialog === 'export'}
        labelledBy="export-heading"
        class="export-dialog"
        onClose={() => setDialog(undefined)}
      >
        <ExportPanel captures={captures ?? []} value={scope} onChange={setScope} />
      </ToolDialog>
      <ToolDialog
        open={dialog === 'import'}
        labelledBy="import-heading"
        class="import-dialog"
        onClose={() => setDialog(undefined)}
      >
        <ImportPanel onImported={() => void reload()} />
      </ToolDialog>
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
