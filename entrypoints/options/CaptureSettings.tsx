import { useEffect, useState } from 'preact/hooks';
import { selectorLines } from '../../components/selector-lines';
import {
  getCaptureSettings,
  type CaptureSettings as Settings,
  setCaptureSettings,
} from '../../lib/db/capture-settings-repo';
import { getDb } from '../../lib/db/database';
import { FormStatus } from './FormStatus';
import { UrlSecretsField } from './UrlSecretsField';

/** A pattern for email addresses, offered as a one-click rule. */
export const EMAIL_PATTERN = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}';

/** Selectors the browser cannot parse, named with their line. */
function selectorProblems(selectors: string[]): string[] {
  return selectors.flatMap((sel, i) => {
    try {
      document.createDocumentFragment().querySelector(sel);
      return [];
    } catch {
      return [`Selector on line ${i + 1} "${sel}" is not a valid CSS selector.`];
    }
  });
}

/** Banner, automatic redaction rules, and page capture limits. */
export function CaptureSettingsForm() {
  const db = getDb();
  const [form, setForm] = useState<{
    banner: boolean;
    selectors: string;
    patterns: string;
    urlSecrets: string;
    settleMs: string;
    maxPageHeight: string;
  }>();
  const [status, setStatus] = useState<{ ok: boolean; lines: string[] }>();
  useEffect(() => {
    void getCaptureSettings(db).then((s) =>
      setForm({
        banner: s.banner,
        selectors: s.redactSelectors.join('\n'),
        patterns: s.redactPatterns.join('\n'),
        urlSecrets: s.urlSecretParams.join('\n'),
        settleMs: String(s.settleMs),
        maxPageHeight: String(s.maxPageHeight),
      }),
    );
  }, []);
  if (!form) return null;
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const save = async (e: Event) => {
    e.preventDefault();
    const selectors = selectorLines(form.selectors);
    const problems = selectorProblems(selectors);
    if (problems.length) return setStatus({ ok: false, lines: problems });
    const next: Settings = {
      banner: form.banner,
      redactSelectors: selectors,
      redactPatterns: form.patterns
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      urlSecretParams: selectorLines(form.urlSecrets),
      settleMs: Number(form.settleMs),
      maxPageHeight: Number(form.maxPageHeight),
    };
    try {
      await setCaptureSettings(db, next);
      setStatus({ ok: true, lines: ['Capture settings saved.'] });
    } catch (err) {
      setStatus({ ok: false, lines: (err as Error).message.split('\n') });
    }
  };
  return (
    <section aria-labelledby="capture-heading">
      <h2 id="capture-heading">Capture</h2>
      <form class="capture-settings" onSubmit={save} aria-label="Capture settings" noValidate>
        <label class="check">
          <input
            type="checkbox"
            checked={form.banner}
            onChange={(e) => set({ banner: e.currentTarget.checked })}
          />
          Add an evidence banner below each image (URL, time, capturer, controls, hash)
        </label>
        <label>
          Always black out these CSS selectors (one per line)
          <textarea
            class="mono"
            rows={3}
            value={form.selectors}
            onInput={(e) => set({ selectors: e.currentTarget.value })}
          />
        </label>
        <label>
          Always black out text matching these patterns (regular expressions, one per line)
          <textarea
            class="mono"
            rows={3}
            value={form.patterns}
            onInput={(e) => set({ patterns: e.currentTarget.value })}
          />
        </label>
        <div class="row">
          <button
            type="button"
            onClick={() =>
              set({ patterns: [form.patterns.trim(), EMAIL_PATTERN].filter(Boolean).join('\n') })
            }
          >
            Add email addresses
          </button>
        </div>
        <p class="muted">
          Password fields are always blacked out. Redaction is burned into the stored image; the unredacted
          image is never kept. Text patterns also mask the page title.
        </p>
        <UrlSecretsField value={form.urlSecrets} onInput={(urlSecrets) => set({ urlSecrets })} />
        <div class="row">
          <label>
            Wait after each scroll (ms)
            <input
              type="number"
              min={0}
              max={5000}
              value={form.settleMs}
              onInput={(e) => set({ settleMs: e.currentTarget.value })}
            />
          </label>
          <label>
            Full-page height limit (CSS px)
            <input
              type="number"
              min={1000}
              max={100000}
              value={form.maxPageHeight}
              onInput={(e) => set({ maxPageHeight: e.currentTarget.value })}
            />
          </label>
        </div>
        <button type="submit" class="primary">
          Save capture settings
        </button>
        <FormStatus status={status} class="capture-status" />
      </form>
    </section>
  );
}
