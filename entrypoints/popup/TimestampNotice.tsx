import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { recommendedTsa } from '../../lib/db/tsa-settings-repo';
import { sendMessage } from '../../lib/messaging/client';
import { type StampingStatus, tsaOriginPattern } from '../../lib/tsa/stamping-status';
import { popupDb } from './lazy-db';

/** Props of the popup's timestamp notice. */
export interface TimestampNoticeProps {
  status: StampingStatus | undefined;
  /** Called after the user chose a TSA, to read the status again. */
  onChanged(): void;
}

const hostOf = (url: string) => new URL(url).host;

/**
 * Says plainly when captures are not being timestamped (no TSA set, or the queue failing), and
 * makes choosing the recommended TSA one click. Silent when stamping works.
 */
export function TimestampNotice({ status, onChanged }: TimestampNoticeProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!status || status.kind === 'ok') return null;
  const settings = browser.runtime.getURL('/options.html#tsa-heading');

  const choose = async () => {
    setBusy(true);
    setError('');
    try {
      // Asked first, while the click still counts as a user gesture.
      const granted = await browser.permissions.request({ origins: [tsaOriginPattern(recommendedTsa.url)] });
      if (!granted) {
        setError(`Access to ${hostOf(recommendedTsa.url)} was not granted, so it cannot timestamp.`);
        return;
      }
      await (await popupDb()).chooseTsaUrl(recommendedTsa.url);
      void sendMessage('drainTimestamps', {}).catch(() => undefined);
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (status.kind === 'untrusted')
    return (
      <p class="small stamp-note" role="status">
        Timestamps from {status.tsaName} chain to a root ProofTrail does not trust: verifiers will say
        "unknown TSA root". Add its root in{' '}
        <a href={settings} target="_blank" rel="noreferrer">
          Settings
        </a>
        .
      </p>
    );

  return (
    <section class="stamp-notice" aria-labelledby="stamp-heading" aria-live="polite">
      {status.kind === 'off' ? (
        <>
          <p>
            <strong id="stamp-heading">Captures are not timestamped.</strong> No timestamp authority is set,
            so nothing proves when a capture was made.
          </p>
          <div class="stamp-actions">
            <button type="button" class="primary" disabled={busy} onClick={() => void choose()}>
              {busy ? 'Setting up…' : `Use ${recommendedTsa.name} timestamps`}
            </button>
            <a href={settings} target="_blank" rel="noreferrer">
              Other TSA…
            </a>
          </div>
          <p class="small muted">
            Only the SHA-256 of each ledger entry is sent to {hostOf(recommendedTsa.url)}.
          </p>
        </>
      ) : (
        <p>
          <strong id="stamp-heading">Captures are not being timestamped right now.</strong> {status.waiting}{' '}
          {status.waiting === 1 ? 'entry waits' : 'entries wait'}; the last try at {hostOf(status.tsaUrl)}{' '}
          failed ({status.lastError}). ProofTrail keeps retrying;{' '}
          <a href={settings} target="_blank" rel="noreferrer">
            check the timestamp settings
          </a>
          .
        </p>
      )}
      {error && (
        <p class="error small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
