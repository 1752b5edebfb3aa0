import { useState } from 'preact/hooks';
import type { Control } from '../../lib/catalog/types';
import { listAllControls } from '../../lib/db/catalog-repo';
import { getDb } from '../../lib/db/database';
import { saveSchedules } from '../../lib/db/schedules-repo';
import { type AuditPeriodSetting, auditPeriodSchema } from '../../lib/formats/schedule';
import { MAX_SCHEDULE_FILE_BYTES, parseScheduleFile } from '../../lib/period/schedule-import';
import { knownTimeZones } from './AuditPeriodForm';
import { FieldError, invalid } from './FieldError';

type Field = 'file' | 'from' | 'to' | 'timeZone';
type Outcome = { ok: true; text: string } | { ok: false; text: string; lines: string[] };

/**
 * Imports a cadence file (the CSV, or an OSCAL Assessment Plan), optionally with the audit period
 * of its frameworks. A bad file is refused whole, every bad row listed; nothing is stored then.
 */
export function ScheduleImportForm(props: { catalog: Control[]; onImported(): Promise<void> }) {
  const [file, setFile] = useState<File>();
  const [v, setV] = useState({
    from: '',
    to: '',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  /** Finished runs: lets a driver wait for this run's outcome, never an earlier one. */
  const [runs, setRuns] = useState(0);

  const submit = async (ev: Event) => {
    ev.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!file) found.file = 'choose a cadence file';
    else if (file.size > MAX_SCHEDULE_FILE_BYTES) found.file = `${file.name} is larger than 5 MB`;
    const withPeriod = Boolean(v.from || v.to);
    if (withPeriod) {
      if (!v.from) found.from = 'give the first day with the last, or neither';
      if (!v.to) found.to = 'give the last day with the first, or neither';
      if (v.from && v.to) {
        const r = auditPeriodSchema.safeParse({ framework: '-', ...v, timeZone: v.timeZone.trim() });
        if (!r.success)
          for (const i of r.error.issues) {
            const k = i.path[0] as Field;
            if (!found[k]) found[k] = i.message;
          }
      }
    }
    setErrors(found);
    setOutcome(undefined);
    if (Object.keys(found).length || !file) return setRuns((n) => n + 1);
    setBusy(true);
    try {
      const db = getDb();
      const r = parseScheduleFile(file.name, await file.text(), await listAllControls(db));
      if (!r.ok) {
        setOutcome({
          ok: false,
          text: `${file.name} was refused and nothing was imported: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}.`,
          lines: r.problems,
        });
        return;
      }
      const periods: AuditPeriodSetting[] = withPeriod
        ? r.frameworks.map((framework) => ({
            framework,
            from: v.from,
            to: v.to,
            timeZone: v.timeZone.trim(),
          }))
        : [];
      await saveSchedules(db, r.schedules, periods);
      await props.onImported();
      setOutcome({
        ok: true,
        text: `Imported ${r.schedules.length} schedule${r.schedules.length === 1 ? '' : 's'} from ${file.name} (${r.frameworks.join(', ')})${
          withPeriod ? `; audit period ${v.from} to ${v.to} (${v.timeZone.trim()})` : ''
        }.`,
      });
    } catch (e) {
      setOutcome({
        ok: false,
        text: `Import failed: ${e instanceof Error ? e.message : String(e)}`,
        lines: [],
      });
    } finally {
      setBusy(false);
      setRuns((n) => n + 1);
    }
  };

  return (
    <form
      class="editor-form cadence-import"
      aria-label="Import cadences"
      onSubmit={submit}
      noValidate
      data-runs={runs}
    >
      <h3>Import cadences</h3>
      <p class="small muted">
        A CSV with the columns control, cadence, owner, sensitivity (and optionally framework, tolerance), or
        an OSCAL Assessment Plan whose tasks have at-frequency timing. A file with any bad row is refused
        whole.
      </p>
      <div class="field">
        <label for="cadence-file">Cadence file (.csv, or OSCAL Assessment Plan .json)</label>
        <input
          id="cadence-file"
          type="file"
          accept=".csv,text/csv,.json,application/json"
          disabled={busy}
          onChange={(e) => setFile(e.currentTarget.files?.[0])}
          {...invalid('cadence-file', errors.file)}
        />
        <FieldError id="cadence-file" error={errors.file} />
      </div>
      <fieldset>
        <legend>Audit period of the file’s frameworks (optional)</legend>
        <div class="field">
          <label for="cadence-from">From</label>
          <input
            id="cadence-from"
            type="date"
            value={v.from}
            onInput={(e) => setV({ ...v, from: e.currentTarget.value })}
            {...invalid('cadence-from', errors.from)}
          />
          <FieldError id="cadence-from" error={errors.from} />
        </div>
        <div class="field">
          <label for="cadence-to">To</label>
          <input
            id="cadence-to"
            type="date"
            value={v.to}
            onInput={(e) => setV({ ...v, to: e.currentTarget.value })}
            {...invalid('cadence-to', errors.to)}
          />
          <FieldError id="cadence-to" error={errors.to} />
        </div>
        <div class="field">
          <label for="cadence-zone">Time zone</label>
          <input
            id="cadence-zone"
            list="cadence-zones"
            value={v.timeZone}
            onInput={(e) => setV({ ...v, timeZone: e.currentTarget.value })}
            {...invalid('cadence-zone', errors.timeZone)}
          />
          <datalist id="cadence-zones">
            {knownTimeZones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <FieldError id="cadence-zone" error={errors.timeZone} />
        </div>
      </fieldset>
      <button type="submit" class="primary" disabled={busy}>
        Import cadences
      </button>
      {outcome && (
        <div
          role={outcome.ok ? 'status' : 'alert'}
          class={outcome.ok ? 'small cadence-import-status' : 'error small cadence-import-status'}
        >
          <p>{outcome.text}</p>
          {!outcome.ok && outcome.lines.length > 0 && (
            <ul class="report-lines">
              {outcome.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
