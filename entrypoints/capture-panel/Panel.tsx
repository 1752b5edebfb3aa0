import { useEffect, useState } from 'preact/hooks';
import { ControlPicker } from '../../components/ControlPicker';
import { sendMessage } from '../../lib/messaging/client';
import type { PanelContext } from '../../lib/messaging/protocol';
import type { DocRect } from '../../lib/page-agent/types';
import { uniqueSelector } from '../../lib/page-agent/unique-selector';
import { Overlay, type OverlayTool } from './Overlay';

type Mode = 'visible' | 'full-page' | 'element' | 'region';
type Tool =
  | { kind: 'none' }
  | { kind: 'pick-element' }
  | { kind: 'draw-region' }
  | { kind: 'blackout-click' }
  | { kind: 'blackout-draw' };
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

/** Props of the panel. */
export interface PanelProps {
  host: HTMLElement;
  onClose(): void;
}

const nextFrame = () =>
  new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

/** Tag the live page and capture it without leaving it; hides itself while the capture is taken. */
export function Panel({ host, onClose }: PanelProps) {
  const [context, setContext] = useState<PanelContext>();
  const [loadError, setLoadError] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [mode, setMode] = useState<Mode>('visible');
  const [element, setElement] = useState<{ selector: string; label: string }>();
  const [region, setRegion] = useState<DocRect>();
  const [blackoutSelectors, setBlackoutSelectors] = useState<string[]>([]);
  const [blackoutBoxes, setBlackoutBoxes] = useState<DocRect[]>([]);
  const [tool, setTool] = useState<Tool>({ kind: 'none' });
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [, setScroll] = useState(0);

  useEffect(() => {
    sendMessage('getPanelContext', {}).then(
      (r) => {
        if (!r.ok) return setLoadError(r.error);
        setContext(r.value);
        setSelected(r.value.suggested);
      },
      (e: Error) => setLoadError(e.message),
    );
    const onScroll = () => setScroll(window.scrollY);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);

  const capture = async () => {
    setStatus({ kind: 'saving' });
    host.style.display = 'none';
    await nextFrame();
    const reply = await sendMessage('captureFromPanel', {
      controlIds: selected,
      note,
      mode,
      selector: mode === 'element' ? element?.selector : undefined,
      region: mode === 'region' ? region : undefined,
      redactSelectors: blackoutSelectors,
      manualRedactions: blackoutBoxes,
    }).catch((e: Error) => ({ ok: false as const, error: e.message }));
    host.style.display = '';
    if (reply.ok) {
      setStatus({ kind: 'saved', hash: reply.value.image.sha256.slice(0, 12) });
      setNote('');
    } else setStatus({ kind: 'error', message: reply.error });
  };

  const overlay = (t: OverlayTool, hint: string) => (
    <Overlay
      tool={t}
      host={host}
      hint={hint}
      onCancel={() => setTool({ kind: 'none' })}
      onPick={(el) => {
        const selector = uniqueSelector(el);
        if (tool.kind === 'pick-element')
          setElement({ selector, label: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}` });
        else setBlackoutSelectors((s) => [...new Set([...s, selector])]);
        setTool({ kind: 'none' });
      }}
      onDrag={(rect) => {
        if (tool.kind === 'draw-region') setRegion(rect);
        else setBlackoutBoxes((b) => [...b, rect]);
        setTool({ kind: 'none' });
      }}
    />
  );

  const ready = selected.length > 0 && (mode !== 'element' || !!element) && (mode !== 'region' || !!region);
  return (
    <>
      {blackoutBoxes.map((b, i) => (
        <div
          key={`box-${i}`}
          class="blackout"
          style={{ left: b.x - window.scrollX, top: b.y - window.scrollY, width: b.width, height: b.height }}
        />
      ))}
      {tool.kind === 'pick-element' && overlay('pick', 'Click the element to capture')}
      {tool.kind === 'blackout-click' && overlay('pick', 'Click an element to black out')}
      {tool.kind === 'draw-region' && overlay('drag', 'Drag a rectangle to capture')}
      {tool.kind === 'blackout-draw' && overlay('drag', 'Drag a box to black out')}
      <section
        class="panel"
        role="dialog"
        aria-label="ProofTrail evidence panel"
        hidden={tool.kind !== 'none'}
      >
        <div class="panel-head">
          <h2>Capture as evidence</h2>
          <button type="button" onClick={onClose} aria-label="Close the ProofTrail panel">
            ×
          </button>
        </div>
        {loadError && <p class="error">{loadError}</p>}
        {context && !context.hasIdentity && (
          <p class="error">Set your name and email first: open the ProofTrail popup or Settings.</p>
        )}
        {context?.suggestedBy && <p class="muted small">Suggested by rule: {context.suggestedBy}</p>}
        {context && <ControlPicker controls={context.controls} selected={selected} onChange={setSelected} />}
        <label>
          Note (optional)
          <textarea rows={2} maxLength={5000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
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
          {mode === 'element' && (
            <div class="tool-row">
              <button type="button" onClick={() => setTool({ kind: 'pick-element' })}>
                {element ? 'Pick another element' : 'Pick element'}
              </button>
              {element && <span class="mono small">{element.label}</span>}
            </div>
          )}
          {mode === 'region' && (
            <div class="tool-row">
              <button type="button" onClick={() => setTool({ kind: 'draw-region' })}>
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
            <button type="button" onClick={() => setTool({ kind: 'blackout-click' })}>
              Click elements
            </button>
            <button type="button" onClick={() => setTool({ kind: 'blackout-draw' })}>
              Draw boxes
            </button>
            {(blackoutSelectors.length > 0 || blackoutBoxes.length > 0) && (
              <button
                type="button"
                onClick={() => {
                  setBlackoutSelectors([]);
                  setBlackoutBoxes([]);
                }}
              >
                Clear ({blackoutSelectors.length + blackoutBoxes.length})
              </button>
            )}
          </div>
          <p class="muted small">Password fields and the rules in Settings are always blacked out.</p>
        </fieldset>
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
          {status.kind === 'error' && <p class="error">{status.message}</p>}
        </div>
      </section>
    </>
  );
}
