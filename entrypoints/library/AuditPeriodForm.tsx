import { useState } from 'preact/hooks';
import { getDb } from '../../lib/db/database';
import { saveSchedules } from '../../lib/db/schedules-repo';
import { type AuditPeriodSetting, auditPeriodSchema } from '../../lib/formats/schedule';
import { FieldError, invalid } from './FieldError';

type Field = 'framework' | 'from' | 'to' | 'timeZone';

/** The time zones this browser knows, for the time zone field's suggestions. */
export function knownTimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return ['UTC', ...(intl.supportedValuesOf?.('timeZone') ?? [])];
}

/** Sets a framework's audit period (first and last day, IANA time zone); problems shown by field. */
export function AuditPeriodForm(props: {
  periods: AuditPeriodSetting[];
  frameworks: string[];
  onSaved(p: AuditPeriodSetting): Promise<void>;
}) {
  const first = props.frameworks[0] ?? '';
  const stored = (f: string) => props.periods.find((p) => p.framework === f);
  const fill = (f: string) => ({
    framework: f,
    from: stored(f)?.from ?? '',
    to: stored(f)?.to ?? '',
    timeZone: stored(f)?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  const [v, setV] = useState(() => fill(first));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const r = auditPeriodSchema.safeParse({ ...v, timeZone: v.timeZone.trim() });
    const found: Partial<Record<Field, string>> = {};
    if (!r.success)
      for (const i of r.error.issues) {
        const k = i.path[0] as Field;
        if (!found[k])
          found[k] = k === 'from' || k === 'to' ? (v[k] ? i.message : 'enter a date') : i.message;
      }
    setErrors(found);
    if (!r.success) return;
    await saveSchedules(getDb(), [], [r.data]);
    await props.onSaved(r.data);
  };
  return (
    <form class="editor-form period-form" aria-label="Audit period" onSubmit={submit} noValidate>
      <h3>Audit periods</h3>
      {props.periods.length > 0 && (
        <ul class="small period-list">
          {props.periods.map((p) => (
            <li key={p.framework}>
              {p.framework}: {p.from} to {p.to} ({p.timeZone})
            </li>
          ))}
        </ul>
      )}
      <div class="field">
        <label for="period-framework">Framework</label>
        <select
          id="period-framework"
          value={v.framework}
          onChange={(e) => {
            setV(fill(e.currentTarget.value));
            setErrors({});
          }}
          {...invalid('period-framework', errors.framework)}
        >
          {props.frameworks.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <FieldError id="period-framework" error={errors.framework} />
      </div>
      <div class="field">
        <label for="period-from">First day of the audit</label>
        <input
          id="period-from"
          type="date"
          value={v.from}
          onInput={(e) => setV({ ...v, from: e.currentTarget.value })}
          {...invalid('period-from', errors.from)}
        />
        <FieldError id="period-from" error={errors.from} />
      </div>
      <div class="field">
        <label for="period-to">Last day of the audit</label>
        <input
          id="period-to"
          type="date"
          value={v.to}
          onInput={(e) => setV({ ...v, to: e.currentTarget.value })}
          {...invalid('period-to', errors.to)}
        />
        <FieldError id="period-to" error={errors.to} />
      </div>
      <div class="field">
        <label for="period-zone">Time zone (IANA, e.g. Europe/Berlin)</label>
        <input
          id="period-zone"
          list="period-zones"
          value={v.timeZone}
          onInput={(e) => setV({ ...v, timeZone: e.currentTarget.value })}
          {...invalid('period-zone', errors.timeZone)}
        />
        <datalist id="period-zones">
          {knownTimeZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <FieldError id="period-zone" error={errors.timeZone} />
      </div>
      <button type="submit" class="primary">
        Save audit period
      </button>
    </form>
  );
}
