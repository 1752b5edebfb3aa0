/** A field's error, shown next to it and tied to it by `aria-describedby={errorId(id)}`. */
export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span id={errorId(id)} class="error small field-error">
      {error}
    </span>
  ) : null;
}

export const errorId = (id: string) => `${id}-error`;

/** The attributes that mark an input invalid and point at its error. */
export const invalid = (id: string, error?: string) =>
  error ? { 'aria-invalid': true as const, 'aria-describedby': errorId(id) } : {};
