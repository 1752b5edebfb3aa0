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

/** Announces a save's outcome to screen readers and shows each line as text. */
export function FormStatus({ status, class: cls }: FormStatusProps) {
  return (
    <div role="status" class={cls}>
      {status && (
        <ul class={status.ok ? 'ok' : 'error'}>
          {status.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
