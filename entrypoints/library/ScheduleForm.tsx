import { useState } from 'preact/hooks';
import type { Control } from '../../lib/catalog/types';
import { getDb } from '../../lib/db/database';
import { saveSchedules } from '../../lib/db/schedules-repo';
import {
  type ControlSchedule,
  controlScheduleSchema,
  DEFAULT_TOLERANCE_DAYS,
  SENSITIVITIES,
} from '../../lib/formats/schedule';
import { CADENCE_WORDS } from '../../lib/period/cadence';
import { ControlIndex } from '../../lib/period/schedule-rows';
import { FieldError, invalid } from './FieldError';

type Field = 'control' | 'cadence' | 'sensitivity' | 'name' | 'email' | 'tolerance';

/** Adds or changes one control's schedule; every problem shown next to its field. */
export function ScheduleForm(props: {
  editing?: ControlSchedule;
  catalog: Control[];
  onSaved(s: ControlSchedule): Promise<void>;
  onCancel(): void;
}) {
  const e = props.editing;
  const [v, setV] = useState({
    control: e?.controlId ?? '',
    cadence: e?.cadence ?? '',
    sensitivity: e?.sensitivity ?? 'every-period',
    name: e?.owner?.name ?? '',
    email: e?.owner?.email ?? '',
    tolerance: String(e?.toleranceDays ?? DEFAULT_TOLERANCE_DAYS),
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const set = (k: Field) => (ev: Event) => setV({ ...v, [k]: (ev.currentTarget as HTMLInputElement).value });

  const submit = async (ev: Event) => {
    ev.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    const control = v.control.trim()
      ? new ControlIndex(props.catalog).resolve(v.control.trim())
      : 'enter a control ID';
    if (typeof control === 'string') found.control = control;
    if ((v.name.trim() || v.email.trim()) && !(v.name.trim() && v.email.trim())) {
      if (!v.name.trim()) found.name = 'give the owner’s name with the e-mail, or neither';
      else found.email = 'give the owner’s e-mail with the name, or neither';
    }
    const candidate = {
      controlId: typeof control === 'string' ? v.control.trim() || '?' : control.id,
      framework: typeof control === 'string' ? '?' : control.framework,
      cadence: v.cadence.trim().toLowerCase().startsWith('p')
        ? v.cadence.trim().toUpperCase()
        : v.cadence.trim().toLowerCase(),
      sensitivity: v.sensitivity,
      ...(v.name.trim() && v.email.trim() ? { owner: { name: v.name.trim(), email: v.email.trim() } } : {}),
      toleranceDays: /^\d+$/.test(v.tolerance.trim()) ? Number(v.tolerance.trim()) : Number.NaN,
      updatedAt: new Date().toISOString(),
      source: 'library' as const,
    };
    const r = controlScheduleSchema.safeParse(candidate);
    if (!r.success)
      for (const issue of r.error.issues) {
        const [k, sub] = issue.path;
        const field: Field | undefined =
          k === 'cadence'
            ? 'cadence'
            : k === 'sensitivity'
              ? 'sensitivity'
              : k === 'toleranceDays'
                ? 'tolerance'
                : k === 'owner'
                  ? sub === 'name'
                    ? 'name'
                    : 'email'
                  : undefined;
        if (field && !found[field])
          found[field] = field === 'tolerance' ? 'enter whole days from 0 to 366' : issue.message;
      }
    setErrors(found);
    if (Object.keys(found).length || !r.success) return;
    await saveSchedules(getDb(), [r.data]);
    await props.onSaved(r.data);
  };

  return (
    <form class="editor-form schedule-form" aria-label="Schedule a control" onSubmit={submit} noValidate>
      <h3>{e ? `Change the schedule of ${e.controlId}` : 'Schedule a control'}</h3>
      <div class="field">
        <label for="sched-control">Control ID</label>
        <input
          id="sched-control"
          list="sched-controls"
          value={v.control}
          readOnly={Boolean(e)}
          onInput={set('control')}
          {...invalid('sched-control', errors.control)}
        />
        <datalist id="sched-controls">
          {props.catalog.map((c) => (
            <option key={`${c.framework} ${c.id}`} value={c.id}>
              {c.framework}: {c.title}
            </option>
          ))}
        </datalist>
        <FieldError id="sched-control" error={errors.control} />
      </div>
      <div class="field">
        <label for="sched-cadence">Cadence (a word or an ISO 8601 duration such as P3M)</label>
        <input
          id="sched-cadence"
          list="sched-cadences"
          value={v.cadence}
          onInput={set('cadence')}
          {...invalid('sched-cadence', errors.cadence)}
        />
        <datalist id="sched-cadences">
          {Object.keys(CADENCE_WORDS).map((w) => (
            <option key={w} value={w} />
          ))}
        </datalist>
        <FieldError id="sched-cadence" error={errors.cadence} />
      </div>
      <div class="field">
        <label for="sched-sensitivity">Time sensitivity</label>
        <select id="sched-sensitivity" value={v.sensitivity} onChange={set('sensitivity')}>
          {SENSITIVITIES.map((s) => (
            <option key={s} value={s}>
              {s === 'most-recent'
                ? 'most-recent (the current period only)'
                : 'every-period (each period of the audit)'}
            </option>
          ))}
        </select>
        <FieldError id="sched-sensitivity" error={errors.sensitivity} />
      </div>
      <div class="field">
        <label for="sched-name">Owner’s name</label>
        <input id="sched-name" value={v.name} onInput={set('name')} {...invalid('sched-name', errors.name)} />
        <FieldError id="sched-name" error={errors.name} />
      </div>
      <div class="field">
        <label for="sched-email">Owner’s e-mail</label>
        <input
          id="sched-email"
          type="email"
          value={v.email}
          onInput={set('email')}
          {...invalid('sched-email', errors.email)}
        />
        <FieldError id="sched-email" error={errors.email} />
      </div>
      <div class="field">
        <label for="sched-tolerance">Tolerance before late (days)</label>
        <input
          id="sched-tolerance"
          inputMode="numeric"
          value={v.tolerance}
          onInput={set('tolerance')}
          {...invalid('sched-tolerance', errors.tolerance)}
        />
        <FieldError id="sched-tolerance" error={errors.tolerance} />
      </div>
      <div class="row">
        <button type="submit" class="primary">
          Save schedule
        </button>
        {e && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
