import type { ScopeChoice } from '../../lib/bundle/plan-export';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';

/** The export form's state: empty lists mean "all". Dates are UTC days, inclusive. */
export interface ScopeFormValue {
  controlIds: string[];
  frameworks: string[];
  from: string;
  to: string;
  capturers: string[];
}

export const emptyScope: ScopeFormValue = { controlIds: [], frameworks: [], from: '', to: '', capturers: [] };

/** The choice an export resolves. */
export function toChoice(v: ScopeFormValue): ScopeChoice {
  return {
    ...(v.controlIds.length ? { controlIds: v.controlIds } : {}),
    ...(v.frameworks.length ? { frameworks: v.frameworks } : {}),
    ...(v.from ? { from: v.from } : {}),
    ...(v.to ? { to: v.to } : {}),
    ...(v.capturers.length ? { capturers: v.capturers } : {}),
  };
}

/** What can be picked, from the evidence in the library. */
export function scopeOptions(captures: readonly CaptureMetadata[]) {
  const controls = new Map<string, { framework: string; title: string }>();
  const capturers = new Map<string, string>();
  for (const c of captures) {
    for (const t of c.controls)
      if (!controls.has(t.id)) controls.set(t.id, { framework: t.framework, title: t.title });
    capturers.set(c.capturer.email.toLowerCase(), c.capturer.name);
  }
  const sorted = [...controls].sort(
    ([a, x], [b, y]) => x.framework.localeCompare(y.framework) || a.localeCompare(b, 'en', { numeric: true }),
  );
  return {
    controls: sorted,
    frameworks: [...new Set(sorted.map(([, c]) => c.framework))],
    capturers: [...capturers].sort(([a], [b]) => a.localeCompare(b)),
  };
}

/** Props of the scope form. */
export interface ScopeFormProps {
  value: ScopeFormValue;
  captures: readonly CaptureMetadata[];
  disabled?: boolean;
  /** Takes an update of the latest value, so quick successive clicks never work on a stale one. */
  onChange(update: (prev: ScopeFormValue) => ScopeFormValue): void;
}

/** Pick controls, frameworks, an audit period and capturers; any mix. */
export function ScopeForm({ value, captures, disabled, onChange }: ScopeFormProps) {
  const options = scopeOptions(captures);
  const set = (patch: (prev: ScopeFormValue) => Partial<ScopeFormValue>) =>
    onChange((prev) => ({ ...prev, ...patch(prev) }));
  const toggle = (list: string[], item: string, on: boolean) =>
    on ? [...list, item] : list.filter((x) => x !== item);
  return (
    <div class="scope-form">
      <fieldset disabled={disabled}>
        <legend>Frameworks</legend>
        {options.frameworks.map((f) => (
          <label key={f} class="check">
            <input
              type="checkbox"
              checked={value.frameworks.includes(f)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                set((p) => ({ frameworks: toggle(p.frameworks, f, on) }));
              }}
            />
            {f}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={disabled} class="scroll">
        <legend>Controls</legend>
        {options.controls.map(([id, c]) => (
          <label key={id} class="check" title={`${c.framework}: ${c.title}`}>
            <input
              type="checkbox"
              checked={value.controlIds.includes(id)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                set((p) => ({ controlIds: toggle(p.controlIds, id, on) }));
              }}
            />
            {id}
            <span class="muted small"> {c.title}</span>
          </label>
        ))}
      </fieldset>
      <fieldset disabled={disabled}>
        <legend>Audit period (UTC days)</legend>
        <label>
          First day
          <input
            type="date"
            value={value.from}
            onInput={(e) => {
              const v = e.currentTarget.value;
              set(() => ({ from: v }));
            }}
          />
        </label>
        <label>
          Last day
          <input
            type="date"
            value={value.to}
            onInput={(e) => {
              const v = e.currentTarget.value;
              set(() => ({ to: v }));
            }}
          />
        </label>
      </fieldset>
      <fieldset disabled={disabled} class="scroll">
        <legend>Capturers</legend>
        {options.capturers.map(([email, name]) => (
          <label key={email} class="check">
            <input
              type="checkbox"
              checked={value.capturers.includes(email)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                set((p) => ({ capturers: toggle(p.capturers, email, on) }));
              }}
            />
            {name} <span class="muted small">{email}</span>
          </label>
        ))}
      </fieldset>
      <p class="small muted">
        Nothing ticked in a group means all of it. Frameworks and controls add up.{' '}
        <button
          type="button"
          class="link"
          disabled={disabled}
          onClick={() => onChange(() => ({ ...emptyScope }))}
        >
          Clear the scope
        </button>
      </p>
    </div>
  );
}
