import { describeScroller } from '../../components/describe-scroller';
import type { ScrollChoice } from '../../lib/page-agent/main-scroller';

/** The capture modes the popup offers. */
export type PopupMode = 'visible' | 'full-page' | 'element';

/** What the capture options hold. */
export interface CaptureOptionsValue {
  mode: PopupMode;
  selector: string;
  /** One CSS selector per line, blacked out for this capture only. */
  redact: string;
}

/** Props of the capture options. */
export interface CaptureOptionsProps {
  value: CaptureOptionsValue;
  onChange(next: CaptureOptionsValue): void;
  /** In full-page mode: what it will scroll, or why that is not known. */
  fullPage?: { choice?: ScrollChoice; error?: string };
}

export const MODE_LABELS: Record<PopupMode, string> = {
  visible: 'Capture visible area',
  'full-page': 'Capture full page',
  element: 'Capture element',
};

/** Mode (visible area, full page, one element by selector) and extra areas to black out. */
export function CaptureOptions({ value, onChange, fullPage }: CaptureOptionsProps) {
  const set = (patch: Partial<CaptureOptionsValue>) => onChange({ ...value, ...patch });
  return (
    <fieldset class="options-box">
      <legend>What to capture</legend>
      <div class="modes">
        {(['visible', 'full-page', 'element'] as const).map((m) => (
          <label key={m} class="mode">
            <input
              type="radio"
              name="mode"
              value={m}
              checked={value.mode === m}
              onChange={() => set({ mode: m })}
            />
            {m === 'visible' ? 'Visible area' : m === 'full-page' ? 'Full page' : 'Element'}
          </label>
        ))}
      </div>
      {value.mode === 'full-page' && fullPage && (
        <p class="muted small full-page-hint" role="status">
          {fullPage.choice
            ? describeScroller(fullPage.choice)
            : fullPage.error
              ? `Cannot tell what full page will scroll: ${fullPage.error}`
              : 'Looking for what scrolls…'}
        </p>
      )}
      {value.mode === 'element' && (
        <label>
          Element (CSS selector)
          <input
            class="mono"
            placeholder="#approvals, table.users, .scroll-container"
            value={value.selector}
            onInput={(e) => set({ selector: e.currentTarget.value })}
          />
        </label>
      )}
      <details>
        <summary>Black out more (this capture)</summary>
        <label>
          CSS selectors, one per line
          <textarea
            class="mono"
            rows={2}
            value={value.redact}
            onInput={(e) => set({ redact: e.currentTarget.value })}
            placeholder=".user-email"
          />
        </label>
        <p class="muted small">Password fields and the rules in Settings are always blacked out.</p>
      </details>
    </fieldset>
  );
}
