import { useState } from 'preact/hooks';
import type { Identity } from '../lib/db/types';

/** Props of the capturer identity form. */
export interface IdentityFormProps {
  initial?: Identity;
  /** Saves; rejects with a message to show when the identity is invalid. */
  onSave(identity: Identity): Promise<void>;
  submitLabel?: string;
}

/** Asks who is capturing: name and email, recorded in every capture. */
export function IdentityForm({ initial, onSave, submitLabel = 'Save' }: IdentityFormProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    try {
      await onSave({ name, email });
      setError('');
      setSaved(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <form class="identity-form" onSubmit={submit} aria-label="Capturer identity" noValidate>
      <label>
        Your name
        <input
          name="name"
          autoComplete="name"
          required
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label>
        Your email
        <input
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      <button type="submit">{submitLabel}</button>
      <p class="form-status" role="status">
        {error ? (
          <span class="error" role="alert">
            {error}
          </span>
        ) : saved ? (
          'Saved.'
        ) : (
          ''
        )}
      </p>
    </form>
  );
}
