import { useEffect, useRef, useState } from 'preact/hooks';
import { CapturePreview } from '../../components/CapturePreview';
import { formatLocal } from '../../components/format';
import { getDb } from '../../lib/db/database';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { EvidenceStatus } from '../../lib/ledger/evidence-status';
import {
  type CaptureStoreStatus,
  captureStoreStatuses,
  describeCaptureStoreStatus,
} from '../../lib/store/push-status';
import type { StoredCaptureCheck } from '../../lib/verify/verify-stored-capture';
import { checkCapture } from './check-capture';
import { useDialogClosing } from './dialog-closing';
import { metadataRows } from './metadata-rows';
import { SaveAsRecipe } from './SaveAsRecipe';

/** Props of the capture detail dialog. */
export interface CaptureDetailProps {
  capture: CaptureMetadata;
  status?: EvidenceStatus;
  onClose(): void;
  /** Deletes with a reason; rejects with a message to show. */
  onDelete(capture: CaptureMetadata, reason: string): Promise<void>;
}

/** A modal with the full image, every metadata field, and deletion behind a confirmation. */
export function CaptureDetail({ capture, status, onClose, onDelete }: CaptureDetailProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [check, setCheck] = useState<StoredCaptureCheck>();
  const [inStore, setInStore] = useState<CaptureStoreStatus>();
  const closing = useDialogClosing(ref, onClose);
  useEffect(() => {
    closing.show();
    void checkCapture(capture).then(setCheck);
    void captureStoreStatuses(getDb(), [capture.id]).then((m) => setInStore(m.get(capture.id)));
  }, []);
  // The button pressed goes away (Delete… for the form, Cancel for the button): the keyboard follows.
  const reasonRef = useRef<HTMLInputElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const shownOnce = useRef(false);
  useEffect(() => {
    if (confirming) reasonRef.current?.focus();
    else if (shownOnce.current) deleteRef.current?.focus();
    shownOnce.current ||= confirming;
  }, [confirming]);
  const confirm = async (e: Event) => {
    e.preventDefault();
    try {
      await onDelete(capture, reason);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const title = capture.pageTitle || capture.pageUrl;
  return (
    <dialog
      ref={ref}
      class="detail"
      aria-labelledby="detail-title"
      onCancel={closing.onCancel}
      onClose={closing.onClose}
    >
      <div class="detail-head">
        <h2 id="detail-title">{title}</h2>
        <button type="button" onClick={closing.close} aria-label="Close">
          Close
        </button>
      </div>
      <p class="muted">
        Captured {formatLocal(capture.capturedAt)}
        {'effectiveDate' in capture && capture.effectiveDate && <> · activity date {capture.effectiveDate}</>}
      </p>
      <CapturePreview
        captureId={capture.id}
        size="full"
        alt={`Full screenshot of ${title}`}
        class="full-image"
      />
      <section class="integrity" aria-label="Integrity">
        <h3>Integrity</h3>
        {status ? (
          <ul>
            <li>
              Ledger entry #{status.seq}, SHA-256 <span class="mono">{status.entryHash}</span>, signed by this
              device's key
            </li>
            {status.stamps.map((s) => (
              <li key={s.tsaName + s.genTime} class={s.skewed ? 'error' : undefined}>
                Timestamped by {s.tsaName} at {s.genTime} (local clock {s.skewMs >= 0 ? 'behind' : 'ahead'} by{' '}
                {Math.abs(Math.round(s.skewMs / 1000))} s{s.skewed ? ': over the threshold' : ''})
              </li>
            ))}
            {status.pending.map((p) => (
              <li key={p.tsaUrl}>
                Timestamp from {p.tsaUrl} pending after {p.attempts} tries
                {p.lastError ? ` (${p.lastError})` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p class="error">This capture has no ledger entry.</p>
        )}
        {inStore && (
          <p
            class={inStore.state === 'conflict' ? 'store-status error' : 'store-status'}
            data-store-state={inStore.state}
          >
            Team store: {describeCaptureStoreStatus(inStore, (iso) => formatLocal(iso))}
          </p>
        )}
        <ul class="check" aria-label="Verification of this capture">
          {(check?.lines ?? ['Checking…']).map((l) => (
            <li key={l} class={l.startsWith('FAIL') ? 'error' : l.startsWith('OK') ? 'ok' : undefined}>
              {l}
            </li>
          ))}
        </ul>
      </section>
      <table class="meta">
        <caption>Every recorded field</caption>
        <tbody>
          {metadataRows(capture).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td class={k.includes('sha256') || k === 'id' ? 'mono' : undefined}>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <SaveAsRecipe capture={capture} />
      {confirming ? (
        <form class="confirm" onSubmit={confirm} aria-label="Confirm deletion">
          <p>
            <strong>Delete this evidence?</strong> The image and record are removed for good; a deletion
            record with your name, the time, the reason and the hashes is kept and exported.
          </p>
          <label>
            Reason (required)
            <input
              name="reason"
              required
              ref={reasonRef}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="row">
            <button type="submit" class="danger" disabled={!reason.trim()}>
              Delete permanently
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" class="danger" ref={deleteRef} onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
    </dialog>
  );
}
