import { useEffect, useState } from 'preact/hooks';
import { ControlPicker } from '../../components/ControlPicker';
import { describeScroller } from '../../components/describe-scroller';
import { EffectiveDate } from '../../components/EffectiveDate';
import { fulfilmentOf, type RequestPick, RequestPicker } from '../../components/RequestPicker';
import type { PanelContext, PickTool } from '../../lib/messaging/protocol';
import type { ScrollChoice } from '../../lib/page-agent/main-scroller';
import type { DocRect } from '../../lib/page-agent/types';
import { focusFirstField } from './focus';
import { sendPanel } from './panel-client';

type Mode = 'visible' | 'full-page' | 'element' | 'region';
type Status =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; hash: string }
  | { kind: 'error'; message: string };

const MODE_LABEL: Record<Mode, string> = {
  visible: 'Visible area',
  'full-page': 'Full page',
  element: 'Element',
  region: 'Region',
};

/**
 * Tag the live page and capture it without leaving it. Picking and drawing happen on the page
 * (the panel's page script does them when the worker asks); the worker hides the panel while the
 * capture is taken.
 */
export function Panel() {
  const [context, setContext] = useState<PanelContext>();
  const [loadError, setLoadError] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [effectiveDate, setEffectiveDate] = useState('');
  const [mode, setMode] = useState<Mode>('visible');
  const [element, setElement] = useState<{ selector: string; label: string }>();
  const [region, setRegion] = useState<DocRect>();
  const [blackoutSelectors, setBlackoutSelectors] = useState<string[]>([]);
  const [blackoutBoxes, setBlackoutBoxes] = useState<DocRect[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [fullPage, setFullPage] = useState<{ choice?: ScrollChoice; error?: string }>();
  const [requestPick, setRequestPick] = useState<RequestPick>({});

  useEffect(() => {
    void sendPanel('getPanelContext', {}).then((r) => {
      if (!r.ok) return setLoadError(r.error);
      setContext(r.value);
      setSelected(r.value.suggested);
    });
  }, []);

  useEffect(() => {
    if (context) focusFirstField();
  }, [context]);

  // Full page on an app shell scrolls a pane, not the page: say which, and outline it on the page.
  useEffect(() => {
    if (mode !== 'full-page') return;
    setFullPage(undefined);
    void sendPanel('previewFullPage', { show: true }).then((r) =>
      setFullPage(r.ok && r.value ? { choice: r.value } : { error: r.ok ? 'no answer' : r.error }),
    );
    return () => void sendPanel('previewFullPage', { show: false });
  }, [mode]);

  const showBoxes = (boxes: DocRect[]) => {
    setBlackoutBoxes(boxes);
    void sendPanel('showBlackouts', { boxes });
  };

  const pick = async (tool: PickTool) => {
    // The frame is hidden while the user picks, which takes the keyboard from the button that
    // started it: it gets it back however the pick ends.
    const from = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    const reply = await sendPanel('pickOnPage', { tool });
    from?.focus();
    if (!reply.ok) return setStatus({ kind: 'error', message: reply.error });
    const picked = reply.value;
    if (picked.kind === 'element' && tool === 'element') setElement(picked);
    if (picked.kind === 'element' && tool === 'blackout-element')
      setBlackoutSelectors((s) => [...new Set([...s, picked.selector])]);
    if (picked.kind === 'rect' && tool === 'region') setRegion(picked.rect);
    if (picked.kind === 'rect' && tool === 'blackout-box') showBoxes([...blackoutBoxes, picked.rect]);
  };

  const capture = async () => {
    setStatus({ kind: 'saving' });
    const reply = await sendPanel('captureFromPanel', {
      controlIds: selected,
      note,
      mode,
      selector: mode === 'element' ? element?.selector : undefined,
      region: mode === 'region' ? region : undefined,
      redactSelectors: blackoutSelectors,
      manualRedactions: blackoutBoxes,
      effectiveDate: effectiveDate || undefined,
      ...fulfilmentOf(requestPick),
    });
    if (reply.ok) {
      setStatus({ kind: 'saved', hash: reply.value.image.sha256.slice(0, 12) });
      setNote('');
    } else setStatus({ kind: 'error', message: reply.error });
  };

  const close = () => void sendPanel('closePanel', {});

  const ready = selected.length > 0 && (mode !== 'element' || !!element) && (mode !== 'region' || !!region);
  return (
    <section
      class="panel"
      role="dialog"
      aria-label="ProofTrail evidence panel"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && ready && status.kind !== 'saving')
          void capture();
      }}
    >
      <div class="panel-head">
        <h2>Capture as evidence</h2>
        <button type="button" onClick={close} aria-label="Close the ProofTrail panel">
          ×
        </button>
      </div>
      {loadError && <p class="error">{loadError}</p>}
      {context && !context.hasIdentity && (
        <p class="error">Set your name and email first: open the ProofTrail popup or Settings.</p>
      )}
      {context?.reminderFor && <p class="muted small">Selected for the reminder: {context.reminderFor}</p>}
      {context?.suggestedBy && <p class="muted small">Suggested by rule: {context.suggestedBy}</p>}
      {context && (
        <RequestPicker
          requests={context.requests ?? []}
          value={requestPick}
          onChange={setRequestPick}
          onRequestPicked={(r) =>
            setSelected((s) => [
              ...new Set([...s, ...r.controlIds.filter((id) => context.controls.some((c) => c.id === id))]),
            ])
          }
        />
      )}
      {context && <ControlPicker controls={context.controls} selected={selected} onChange={setSelected} />}
      <label>
        Note (optional)
        <textarea rows={2} maxLength={5000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <EffectiveDate value={effectiveDate} onChange={setEffectiveDate} />
      <fieldset class="picker">
        <legend>What to capture</legend>
        <div class="modes">
          {(Object.keys(MODE_LABEL) as Mode[]).map((m) => (
            <label key={m} class="mode">
              <input type="radio" name="pt-mode" checked={mode === m} onChange={() => setMode(m)} />
              {MODE_LABEL[m]}
            </label>
          ))}
        </div>
        {mode === 'full-page' && (
          <p class="muted small full-page-hint" role="status">
            {fullPage?.choice
              ? describeScroller(fullPage.choice, ', outlined on the page')
              : fullPage?.error
                ? `Cannot tell what full page will scroll: ${fullPage.error}`
                : 'Looking for what scrolls…'}
          </p>
        )}
        {mode === 'element' && (
          <div class="tool-row">
            <button type="button" onClick={() => void pick('element')}>
              {element ? 'Pick another element' : 'Pick element'}
            </button>
            {element && <span class="mono small">{element.label}</span>}
          </div>
        )}
        {mode === 'region' && (
          <div class="tool-row">
            <button type="button" onClick={() => void pick('region')}>
              {region ? 'Draw again' : 'Draw region'}
            </button>
            {region && (
              <span class="small">
                {Math.round(region.width)}×{Math.round(region.height)} px
              </span>
            )}
          </div>
        )}
      </fieldset>
      <fieldset class="picker">
        <legend>Black out before saving</legend>
        <div class="tool-row">
          <button type="button" onClick={() => void pick('blackout-element')}>
            Click elements
          </button>
          <button type="button" onClick={() => void pick('blackout-box')}>
            Draw boxes
          </button>
          {(blackoutSelectors.length > 0 || blackoutBoxes.length > 0) && (
            <button
              type="button"
              onClick={() => {
                setBlackoutSelectors([]);
                showBoxes([]);
              }}
            >
              Clear ({blackoutSelectors.length + blackoutBoxes.length})
            </button>
          )}
        </div>
        <p class="muted small">Password fields and the rules in Settings are always blacked out.</p>
      </fieldset>
      <p class="muted small pick-keys">
        Picking on the page by keyboard: ↑ larger, ↓ smaller, ← → neighbours, Tab next element; Enter picks (a
        region or box takes the element's box); Esc cancels. Ctrl+Enter captures.
      </p>
      <button
        type="button"
        class="primary"
        disabled={!ready || status.kind === 'saving'}
        onClick={() => void capture()}
      >
        {status.kind === 'saving' ? 'Capturing…' : `Capture ${MODE_LABEL[mode].toLowerCase()}`}
      </button>
      <div role="status" aria-live="polite" class="panel-status">
        {status.kind === 'saved' && <p class="ok">Saved. SHA-256 {status.hash}</p>}
        {status.kind === 'error' && (
          <p class="error" role="alert">
            {status.message}
          </p>
        )}
      </div>
    </section>
  );
}
