import { useEffect, useState } from 'preact/hooks';
import { getDb } from '../../lib/db/database';
import { getUrlRuleSettings, setUrlRuleSettings } from '../../lib/db/url-rules-repo';
import { builtinUrlRules, type UrlRule } from '../../lib/rules/url-rules';
import { FormStatus } from './FormStatus';

interface Row {
  id: string;
  pattern: string;
  controls: string;
}

/** Page address patterns that pre-select controls in the popup and panel. */
export function UrlRulesSettings() {
  const db = getDb();
  const [disabled, setDisabled] = useState<string[]>();
  const [rows, setRows] = useState<Row[]>([]);
  const [status, setStatus] = useState<{ ok: boolean; lines: string[] }>();
  useEffect(() => {
    void getUrlRuleSettings(db).then((s) => {
      setDisabled(s.disabledBuiltins);
      setRows(s.custom.map((r) => ({ id: r.id, pattern: r.pattern, controls: r.controlIds.join(', ') })));
    });
  }, []);
  if (!disabled) return null;
  const edit = (i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async (e: Event) => {
    e.preventDefault();
    const custom: UrlRule[] = rows.map((r) => ({
      id: r.id,
      label: r.pattern.trim(),
      pattern: r.pattern,
      controlIds: r.controls.split(/[\s,]+/).filter(Boolean),
    }));
    try {
      await setUrlRuleSettings(db, { disabledBuiltins: disabled, custom });
      setStatus({ ok: true, lines: ['Page rules saved.'] });
    } catch (err) {
      setStatus({ ok: false, lines: (err as Error).message.split('\n') });
    }
  };
  return (
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">Page rules</h2>
      <p class="muted">
        Pages whose address matches a pattern get its controls pre-selected. <code>*</code> matches anything.
      </p>
      <form onSubmit={save} aria-label="Page rules" class="rules">
        <fieldset>
          <legend>Built-in examples</legend>
          {builtinUrlRules.map((r) => (
            <label key={r.id} class="check">
              <input
                type="checkbox"
                checked={!disabled.includes(r.id)}
                onChange={(e) =>
                  setDisabled(
                    e.currentTarget.checked ? disabled.filter((d) => d !== r.id) : [...disabled, r.id],
                  )
                }
              />
              {r.label}: <code>{r.pattern}</code> → {r.controlIds.join(', ')}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Your rules</legend>
          {rows.length === 0 && <p class="muted">None yet.</p>}
          {rows.map((r, i) => (
            <div class="rule-row" key={r.id}>
              <label>
                Pattern {i + 1}
                <input
                  class="mono"
                  value={r.pattern}
                  onInput={(e) => edit(i, { pattern: e.currentTarget.value })}
                  placeholder="https://*.example.com/admin/*"
                />
              </label>
              <label>
                Controls {i + 1}
                <input
                  class="mono"
                  value={r.controls}
                  onInput={(e) => edit(i, { controls: e.currentTarget.value })}
                  placeholder="A.5.18, CC6.3"
                />
              </label>
              <button
                type="button"
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
                aria-label={`Remove rule ${i + 1}`}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => setRows([...rows, { id: crypto.randomUUID(), pattern: '', controls: '' }])}
          >
            Add a rule
          </button>
        </fieldset>
        <button type="submit" class="primary">
          Save page rules
        </button>
        <FormStatus status={status} class="rules-status" />
      </form>
    </section>
  );
}
