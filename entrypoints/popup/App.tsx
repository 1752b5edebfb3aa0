import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ControlPicker } from '../../components/ControlPicker';
import { EffectiveDate } from '../../components/EffectiveDate';
import { IdentityForm } from '../../components/IdentityForm';
import { fulfilmentOf, type RequestPick, RequestPicker } from '../../components/RequestPicker';
import { selectorLines } from '../../components/selector-lines';
import { withBuiltinControls } from '../../lib/db/catalog-repo';
import type { PopupForm } from '../../lib/db/popup-form';
import type { Identity } from '../../lib/db/types';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import { sendMessage } from '../../lib/messaging/client';
import type { ScrollChoice } from '../../lib/page-agent/main-scroller';
import type { RequestChoice } from '../../lib/requests/request-choices';
import { suggestControls } from '../../lib/rules/url-rules';
import type { StampingStatus } from '../../lib/tsa/stamping-status';
import { CaptureCard } from './CaptureCard';
import { CaptureOptions, type CaptureOptionsValue, MODE_LABELS } from './CaptureOptions';
import { popupDb } from './lazy-db';
import { PopupHead } from './PopupHead';
import { TimestampNotice } from './TimestampNotice';
import type { TargetTab } from './target-tab';

type Status =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; record: CaptureMetadata; ms: number }
  | { kind: 'error'; message: string };

/** What the popup knew before its form was drawn (main.tsx): the form's data and the page to capture. */
export interface AppStart {
  form: PopupForm | Error;
  target: TargetTab | Error;
}

/** The controls URL rules suggest for the page to capture, and the rules' labels. */
function suggestionFor({ form, target }: AppStart): { controlIds: string[]; by: string } {
  if (form instanceof Error || target instanceof Error || !target.url) return { controlIds: [], by: '' };
  const suggestion = suggestControls(target.url, form.urlRules);
  return { controlIds: suggestion.controlIds, by: suggestion.rules.map((r) => r.label).join(', ') };
}

/**
 * The toolbar popup: pick controls, add a note, capture; then see what was saved. Drawn once its
 * data is known (`start`), so its first paint is the usable form.
 */
export function App({ start }: { start: AppStart }) {
  const form = start.form instanceof Error ? undefined : start.form;
  const [suggestion] = useState(() => suggestionFor(start));
  const controls = useMemo(() => (form ? withBuiltinControls(form.customControls) : []), [form]);
  const loadError = start.form instanceof Error ? start.form.message : '';
  const [identity, setId] = useState<Identity | null | undefined>(form?.identity);
  const target = start.target instanceof Error ? undefined : start.target;
  const targetError = start.target instanceof Error ? start.target.message : '';
  const [selected, setSelected] = useState<string[]>(suggestion.controlIds);
  const [note, setNote] = useState('');
  const [effectiveDate, setEffectiveDate] = useState('');
  const suggestedBy = suggestion.by;
  const [options, setOptions] = useState<CaptureOptionsValue>({ mode: 'visible', selector: '', redact: '' });
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [recent, setRecent] = useState<CaptureMetadata[] | undefined>(form?.recent);
  const [stamping, setStamping] = useState<StampingStatus>();
  const [fullPage, setFullPage] = useState<{ choice?: ScrollChoice; error?: string }>();
  /** The open requests to pick from; undefined until read from the library. */
  const [requests, setRequests] = useState<RequestChoice[]>();
  const [requestPick, setRequestPick] = useState<RequestPick>({});

  const refreshRecent = () => popupDb().then((d) => d.recentCaptures().then(setRecent));
  const refreshStamping = () =>
    void popupDb().then((d) => d.readStamping().then(setStamping, () => undefined));
  const refreshRequests = () =>
    popupDb().then((d) => d.readRequests().then(setRequests, () => setRequests([])));
  // Full page on an app shell scrolls a pane, not the page: say which before the capture.
  useEffect(() => {
    if (options.mode !== 'full-page' || !target || fullPage) return;
    setFullPage({});
    sendMessage('describeFullPage', { tabId: target.id }).then(
      (r) => setFullPage(r.ok ? { choice: r.value } : { error: r.error }),
      (e: Error) => setFullPage({ error: e.message }),
    );
  }, [options.mode, target, fullPage]);

  const openPanel = async () => {
    if (!target) return;
    const reply = await sendMessage('openPanel', { tabId: target.id }).catch((e: Error) => ({
      ok: false as const,
      error: e.message,
    }));
    if (reply.ok) window.close();
    else setStatus({ kind: 'error', message: reply.error });
  };

  const capture = async () => {
    if (!target || status.kind === 'saving') return;
    setStatus({ kind: 'saving' });
    const started = performance.now();
    const reply = await sendMessage('captureTab', {
      tabId: target.id,
      controlIds: selected,
      note,
      mode: options.mode,
      selector: options.mode === 'element' ? options.selector : undefined,
      redactSelectors: selectorLines(options.redact),
      effectiveDate: effectiveDate || undefined,
      ...fulfilmentOf(requestPick),
    }).catch((e: Error) => ({ ok: false as const, error: `The extension did not answer: ${e.message}` }));
    if (reply.ok) {
      const ms = performance.now() - started;
      // The capture is listed (and counted in its request) before "Saved" is announced.
      await Promise.allSettled([refreshRequests(), refreshRecent()]);
      setStatus({ kind: 'saved', record: reply.value, ms });
      setNote('');
      refreshStamping();
    } else setStatus({ kind: 'error', message: reply.error });
  };

  // Ready: the form and the recent captures shown, the controls to pick from loaded. The mark
  // (performance entry `popup:ready`, after the browser painted it) is what the bench times.
  const ready = identity !== undefined && recent !== undefined && controls.length > 0;
  const [rest, setRest] = useState(false);
  // A layout effect: scheduled as this render is committed, so the mark follows its paint.
  useLayoutEffect(() => {
    if (!ready) return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        performance.mark('popup:ready');
        // What the form does not need to be usable (the timestamp notice, the requests to pick
        // from) is read once it is usable, from the popup's own database connection.
        setRest(true);
      }),
    );
  }, [ready]);
  useEffect(() => {
    if (!rest) return;
    refreshStamping();
    void refreshRequests();
  }, [rest]);

  // First run: once the identity is saved its form goes away; the keyboard goes on to the controls.
  const firstRun = useRef(identity === null);
  useEffect(() => {
    if (!identity || !firstRun.current) return;
    firstRun.current = false;
    document.getElementById('control-search')?.focus();
  }, [identity]);

  /** A request's controls that are in the catalogs (an auditor may cite others, e.g. SCF IDs). */
  const knownIds = (ids: string[]) => ids.filter((id) => controls.some((c) => c.id === id));

  if (identity === undefined)
    return (
      <main class="popup" aria-busy="true">
        <PopupHead target={target} error={targetError} />
        {loadError ? (
          <p class="error" role="alert">
            {loadError}
          </p>
        ) : (
          <p class="muted">Loading…</p>
        )}
      </main>
    );
  if (identity === null)
    return (
      <main class="popup">
        <h1>Welcome to ProofTrail</h1>
        <p>Every capture records who took it. Tell us who you are; you can change it later in Settings.</p>
        <IdentityForm
          submitLabel="Continue"
          onSave={async (i) => setId(await (await popupDb()).saveIdentity(i))}
        />
      </main>
    );

  return (
    <main class="popup" data-ready={ready || undefined}>
      <PopupHead target={target} error={targetError} />
      <TimestampNotice status={stamping} onChanged={refreshStamping} />
      <button type="button" class="panel-button" disabled={!target} onClick={() => void openPanel()}>
        Capture on the page (element, region, black out)…
      </button>
      {suggestedBy && (
        <p class="muted small suggested">Controls suggested for this page by rule: {suggestedBy}</p>
      )}
      <form
        data-requests={requests === undefined ? 'loading' : 'loaded'}
        onSubmit={(e) => {
          e.preventDefault();
          void capture();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void capture();
        }}
      >
        <RequestPicker
          requests={requests ?? []}
          value={requestPick}
          onChange={setRequestPick}
          onRequestPicked={(r) => setSelected((s) => [...new Set([...s, ...knownIds(r.controlIds)])])}
        />
        <ControlPicker controls={controls} selected={selected} onChange={setSelected} />
        <label>
          Note (optional)
          <textarea
            name="note"
            rows={2}
            maxLength={5000}
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </label>
        <EffectiveDate value={effectiveDate} onChange={setEffectiveDate} />
        <CaptureOptions value={options} onChange={setOptions} fullPage={fullPage} />
        <button
          type="submit"
          class="primary capture-button"
          disabled={!target || status.kind === 'saving' || selected.length === 0}
        >
          {status.kind === 'saving' ? 'Capturing…' : MODE_LABELS[options.mode]}
        </button>
        {selected.length === 0 && <p class="muted small">Pick at least one control to capture.</p>}
        <p class="muted small">Ctrl+Enter (⌘Enter on a Mac) captures from any field.</p>
      </form>
      <section aria-label="Capture result" aria-live="polite" class="result-area">
        {status.kind === 'error' && (
          <p class="error" role="alert">
            {status.message}
          </p>
        )}
        {status.kind === 'saved' && (
          <div class="saved" data-capture-ms={status.ms.toFixed(1)}>
            <p class="ok">Saved.</p>
            <CaptureCard record={status.record} />
          </div>
        )}
      </section>
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recent captures</h2>
        {recent === undefined ? (
          <p class="muted" aria-busy="true">
            Loading…
          </p>
        ) : recent.length === 0 ? (
          <p class="muted">None yet.</p>
        ) : (
          <ul class="recent">
            {recent.map((r) => (
              <li key={r.id}>
                <CaptureCard record={r} compact />
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
