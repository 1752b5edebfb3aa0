import { useState } from 'preact/hooks';
import { selectorLines } from '../../components/selector-lines';
import { DEFAULT_SECRET_PARAM_FRAGMENTS, redactSecretUrl } from '../../lib/redaction/secret-url';

/** Props of the URL-secrets field: its text (one name fragment a line) and how to change it. */
export interface UrlSecretsFieldProps {
  value: string;
  onInput(value: string): void;
}

const SAMPLE = 'https://console.example/users?session_token=abc123&page=2#access_token=xyz&tab=roles';

/** The name fragments of secret URL parameters, with a live preview on an address the user types. */
export function UrlSecretsField({ value, onInput }: UrlSecretsFieldProps) {
  const [sample, setSample] = useState(SAMPLE);
  const preview = redactSecretUrl(sample, selectorLines(value));
  return (
    <fieldset class="url-secrets">
      <legend>Secrets in page addresses</legend>
      <label>
        Hide the values of URL parameters whose names contain (one per line, any case)
        <textarea class="mono" rows={4} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
      </label>
      <div class="row">
        <button type="button" onClick={() => onInput(DEFAULT_SECRET_PARAM_FRAGMENTS.join('\n'))}>
          Restore the default names
        </button>
      </div>
      <label>
        Sample address
        <input class="mono" value={sample} onInput={(e) => setSample(e.currentTarget.value)} />
      </label>
      <p>
        Stored, drawn and signed as:{' '}
        <output class="mono" aria-label="Sample address as stored">
          {preview.url}
        </output>
      </p>
      <p class="muted" aria-live="polite">
        {preview.redacted.length
          ? `Parameters hidden: ${preview.redacted.join(', ')}.`
          : 'No parameter of this address is hidden.'}
      </p>
    </fieldset>
  );
}
