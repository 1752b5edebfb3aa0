import { useState } from 'preact/hooks';
import type { Control } from '../../lib/catalog/types';
import { getDb } from '../../lib/db/database';
import { removeSchedule } from '../../lib/db/schedules-repo';
import type { AuditPeriodSetting, ControlSchedule } from '../../lib/formats/schedule';
import { AuditPeriodForm } from './AuditPeriodForm';
import { ScheduleForm } from './ScheduleForm';
import { ScheduleImportForm } from './ScheduleImportForm';

/** Every control's schedule (edit, remove), a form to add or change one, audit periods, and the import. */
export function ScheduleEditor(props: {
  schedules: ControlSchedule[];
  periods: AuditPeriodSetting[];
  catalog: Control[];
  onSaved(): Promise<void>;
}) {
  const [editing, setEditing] = useState<ControlSchedule>();
  const [status, setStatus] = useState('');
  const remove = async (s: ControlSchedule) => {
    await removeSchedule(getDb(), s.controlId);
    await props.onSaved();
    setStatus(`Removed the schedule of ${s.controlId}.`);
  };
  return (
    <section class="schedule-editor" aria-labelledby="schedules-heading">
      <h2 id="schedules-heading">Schedules and audit periods</h2>
      <p role="status" class="small schedule-status">
        {status}
      </p>
      {props.schedules.length > 0 && (
        <table class="meta schedules-table">
          <caption>Scheduled controls</caption>
          <thead>
            <tr>
              <th scope="col">Control</th>
              <th scope="col">Framework</th>
              <th scope="col">Cadence</th>
              <th scope="col">Sensitivity</th>
              <th scope="col">Owner</th>
              <th scope="col">Tolerance</th>
              <th scope="col">Set from</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.schedules.map((s) => (
              <tr key={s.controlId} data-control={s.controlId}>
                <th scope="row" class="mono">
                  {s.controlId}
                </th>
                <td>{s.framework}</td>
                <td>{s.cadence}</td>
                <td>{s.sensitivity}</td>
                <td>{s.owner ? `${s.owner.name} <${s.owner.email}>` : ''}</td>
                <td>{s.toleranceDays} d</td>
                <td>{s.source}</td>
                <td class="row-actions">
                  <button
                    type="button"
                    aria-label={`Edit the schedule of ${s.controlId}`}
                    onClick={() => setEditing(s)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    aria-label={`Remove the schedule of ${s.controlId}`}
                    onClick={() => void remove(s)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="editor-forms">
        <ScheduleForm
          key={editing?.controlId ?? ''}
          editing={editing}
          catalog={props.catalog}
          onSaved={async (s) => {
            await props.onSaved();
            setEditing(undefined);
            setStatus(`Saved the schedule of ${s.controlId} (${s.framework}).`);
          }}
          onCancel={() => setEditing(undefined)}
        />
        <AuditPeriodForm
          periods={props.periods}
          frameworks={[
            ...new Set([
              ...props.schedules.map((s) => s.framework),
              ...props.catalog.map((c) => c.framework),
            ]),
          ]}
          onSaved={async (p) => {
            await props.onSaved();
            setStatus(`Saved the audit period of ${p.framework}: ${p.from} to ${p.to} (${p.timeZone}).`);
          }}
        />
        <ScheduleImportForm catalog={props.catalog} onImported={props.onSaved} />
      </div>
    </section>
  );
}
