import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { listCaptures } from '../../lib/db/captures-repo';
import { listAllControls } from '../../lib/db/catalog-repo';
import { getDb } from '../../lib/db/database';
import { getIdentity } from '../../lib/db/settings-repo';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { DeletionRecord } from '../../lib/formats/deletion-record';
import type { EvidenceStatus } from '../../lib/ledger/evidence-status';
import { INPUTS_CHANGED_KEY } from '../../lib/reminders/input-signal';
import type { LibraryItem } from './filter';
import { readLibrary, takeFirstRead } from './first-read';
import { lazy } from './lazy';
import { type IndexState, type LibraryContext, type LibraryView, readHash } from './library-context';
import { LibraryWorker } from './library-worker-client';
import { RecordCache } from './record-cache';
import { markRendered } from './render-marks';
import { emptyScope, type ScopeFormValue } from './ScopeForm';
import { Tabs } from './Tabs';
import { ToolDialog } from './ToolDialog';

// Each view, dialog and the detail load with their first showing (the export's reports, PDF and
// timestamp checks, the import's bundle reader): the first view loads only what it draws.
const CoverageView = lazy(() => import('./CoverageView').then((m) => m.CoverageView));
const EvidenceView = lazy(() => import('./EvidenceView').then((m) => m.EvidenceView));
const RequestsView = lazy(() => import('./RequestsView').then((m) => m.RequestsView));
const RecipesView = lazy(() => import('./RecipesView').then((m) => m.RecipesView));
const ExportPanel = lazy(() => import('./ExportPanel').then((m) => m.ExportPanel));
const ImportPanel = lazy(() => import('./ImportPanel').then((m) => m.ImportPanel));
const CaptureDetail = lazy(
  () => import('./CaptureDetail').then((m) => m.CaptureDetail),
  () => null,
);

/** The library's views, one tab each, the first shown on opening. Another view is one more line. */
const views: (LibraryView & { load(): Promise<unknown> })[] = [
  { id: 'coverage', label: 'Coverage', render: (ctx) => <CoverageView ctx={ctx} />, load: CoverageView.load },
  {
    id: 'evidence',
    label: 'All evidence',
    render: (ctx) => <EvidenceView ctx={ctx} />,
    load: EvidenceView.load,
  },
  { id: 'requests', label: 'Requests', render: () => <RequestsView />, load: RequestsView.load },
  {
    id: 'recipes',
    label: 'Recipes',
    render: (ctx) => <RecipesView onRan={() => void ctx.reload()} />,
    load: RecipesView.load,
  },
];
const viewIds = views.map((v) => v.id);

/** Starts loading the module of the view an address shows (main.tsx, before the first render). */
export function preloadView(hash: string): void {
  const { view } = readHash(hash, viewIds);
  void views
    .find((v) => v.id === view)
    ?.load()
    .catch(() => undefined);
}

/**
 * The evidence library: coverage first, every capture, detail, delete; export and import in dialogs.
 * It opens on each capture's key alone (lib/db/capture-keys.ts: a few hundred rows for ten
 * thousand captures); records are read as their cards come into view, the ledger status and the
 * full-text index in the page's worker (library-worker.ts), after the first render.
 */
export function App() {
  const db = getDb();
  const records = useMemo(() => new RecordCache(db), []);
  const [items, setItems] = useState<LibraryItem[]>();
  const [deletions, setDeletions] = useState<DeletionRecord[]>([]);
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const [status, setStatus] = useState<Map<string, EvidenceStatus>>();
  const [index, setIndex] = useState<IndexState>({ kind: 'starting' });
  const [open, setOpen] = useState<CaptureMetadata>();
  const [notice, setNotice] = useState('');
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const [scope, setScope] = useState<ScopeFormValue>(emptyScope);
  const [dialog, setDialog] = useState<'export' | 'import'>();
  // A dialog's close event comes a task after it closed: by then a key press may already have
  // opened the other one (seen under load: Esc, Shift+Tab, Enter), which it must leave open.
  const closeDialog = (which: 'export' | 'import') => setDialog((d) => (d === which ? undefined : d));
  /**
   * Whether the import dialog was opened yet: its panel (and the bundle reader's code) is drawn
   * from then on, kept while closed, and not loaded and run while the first view draws.
   */
  const importShown = useRef(false);
  if (dialog === 'import') importShown.current = true;
  /** Every record, read only for the export form (it lists controls and capturers of all). */
  const [all, setAll] = useState<CaptureMetadata[]>();
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

  const worker = useRef<LibraryWorker>();
  /** Starts the worker (after the first render: it reads a lot) and asks it to catch up. */
  const startWorker = () => {
    worker.current ??= new LibraryWorker({
      synced: (report) => {
        setIndex({ kind: 'ready', report });
        // Records come through the worker once it is free (a first index build keeps it busy).
        const w = worker.current;
        if (w) records.readVia((ids) => w.records(ids));
      },
      status: setStatus,
      failed: (error) => setIndex({ kind: 'failed', error }),
    });
    return worker.current;
  };
  const catchUp = (count: number) => {
    const w = startWorker();
    setIndex((s) => (s.kind === 'ready' || s.kind === 'starting' ? { kind: 'syncing', count } : s));
    w.sync();
    w.status();
  };

  const allWanted = useRef(false);
  const reload = async () => {
    const { items: next, deletions: dels, records: ahead } = await (takeFirstRead() ?? readLibrary(db));
    records.keepOnly(new Set(next.map((k) => k.id)));
    if (ahead) records.add(ahead);
    setItems(next);
    setDeletions(dels);
    if (worker.current) catchUp(next.length);
    if (allWanted.current) setAll(await listCaptures(db));
  };
  useEffect(() => {
    // The worker starts once a view marked its first render; at the latest a second after the list.
    void reload().then(() => setTimeout(() => worker.current || catchUp(0), 1000));
    void listAllControls(db).then((cs) => setTitles(new Map(cs.map((c) => [c.id, c.title]))));
    // Captures made or deleted elsewhere (the popup, the panel, a recipe, the CLI) while this page
    // is open: every context bumps this key after such a commit (lib/reminders/input-signal.ts).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area !== 'session' || !(INPUTS_CHANGED_KEY in changes)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), 200);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
  useEffect(() => {
    if (dialog !== 'export' || allWanted.current) return;
    allWanted.current = true;
    void listCaptures(db).then(setAll);
  }, [dialog]);

  const onDelete = async (capture: CaptureMetadata, reason: string) => {
    const me = await getIdentity(db);
    if (!me) throw new Error('Set your name and email in Settings first: deletions record who made them.');
    const { deleteCaptureWithLedger } = await import('../../lib/ledger/delete-with-ledger');
    await deleteCaptureWithLedger(db, capture.id, reason, me);
    setOpen(undefined);
    // The notice says the deletion is recorded below: show it once the list and the log say so.
    await reload();
    setNotice(
      `Deleted the capture of ${capture.pageTitle || capture.pageUrl}; the deletion is recorded below.`,
    );
    // The detail (and the card that opened it) are gone: the keyboard goes to the notice, which says why.
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  const ctx: LibraryContext = useMemo(
    () => ({
      items,
      records,
      status,
      deletions,
      titles,
      index,
      search: (query, urlContains) => startWorker().search(query, urlContains),
      focusControl: route.control,
      openCapture: (id: string) => void records.read(id).then((r) => r && setOpen(r)),
      exportControl: (controlId: string) => {
        setScope({ ...emptyScope, controlIds: [controlId] });
        setDialog('export');
      },
      reload,
      rendered: (view: string, then?: () => void) =>
        markRendered(`library:${view}`, () => {
          if (!worker.current) catchUp(items?.length ?? 0);
          then?.();
        }),
    }),
    [items, status, deletions, titles, index, route.control],
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
        <p role="status" class="notice" tabIndex={-1} ref={noticeRef}>
          {notice}
        </p>
        <Tabs views={views} current={route.view} onSelect={showView} ctx={ctx} />
      </main>
      <ToolDialog
        open={dialog === 'export'}
        labelledBy="export-heading"
        class="export-dialog"
        onClose={() => closeDialog('export')}
      >
        {all ? (
          <ExportPanel captures={all} value={scope} onChange={setScope} />
        ) : (
          <>
            <h2 id="export-heading">Export</h2>
            <p aria-busy="true">Reading the library…</p>
          </>
        )}
      </ToolDialog>
      <ToolDialog
        open={dialog === 'import'}
        labelledBy="import-heading"
        class="import-dialog"
        onClose={() => closeDialog('import')}
      >
        {importShown.current && <ImportPanel onImported={reload} />}
      </ToolDialog>
      {open && (
        <CaptureDetail
          key={open.id}
          capture={open}
          status={status?.get(open.id)}
          onClose={() => setOpen((o) => (o?.id === open.id ? undefined : o))}
          onDelete={onDelete}
        />
      )}
    </div>
  );
}
