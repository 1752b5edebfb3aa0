/** The outcome of saving a settings form: a confirmation, or every problem found. */
export interface FormStatusValue {
  ok: boolean;
  lines: string[];
}

/** Props of a form's status line. */
export interface FormStatusProps {
  status?: FormStatusValue;
  class: string;
}

const Lines = ({ status }: { status: FormStatusValue }) => (
  <ul class={status.ok ? 'ok' : 'error'}>
    {status.lines.map((l) => (
      <li key={l}>{l}</li>
    ))}
  </ul>
);

/** Announces a save's outcome to screen readers (a failure as an alert) and shows each line as text. */
export function FormStatus({ status, class: cls }: FormStatusProps) {
  return (
    <div role="status" class={cls}>
      {status?.ok && <Lines status={status} />}
      {status && !status.ok && (
        <div role="alert">
          <Lines status={status} />
        </div>
      )}
    </div>
  );
}
