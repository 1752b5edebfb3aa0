import { useState } from 'preact/hooks';
import { getDb } from '../../lib/db/database';
import { type AuditRequestRow, REQUEST_STATUSES, type RequestStatus } from '../../lib/db/period-types';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { RequestProgress } from '../../lib/requests/request-progress';
import { linkCapture, setRequestStatus, unlinkCapture } from '../../lib/requests/requests-repo';
import { exportRequestBundle } from './request-export';

export const STATUS_LABELS: Record<RequestStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  ready: 'Ready',
  submitted: 'Submitted',
};
const POPULATION = '\u0000population';
const WHOLE = '\u0000request';

/** One request as a checklist: its samples, population and captures, status, link, unlink, export. */
export function RequestItem({
  request,
  progress,
  captures,
  allCaptures,
  onChanged,
}: {
  request: AuditRequestRow;
  progress: RequestProgress;
  captures: ReadonlyMap<string, CaptureMetadata>;
  allCaptures: readonly CaptureMetadata[];
  onChanged(): Promise<void>;
}) {
  const db = getDb();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const run = async (work: () => Promise<string | undefined>) => {
    try {
      const text = await work();
      await onChanged();
      setMessage(text ? { text } : undefined);
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  };
  const [pickCapture, setPickCapture] = useState('');
  const [pickTarget, setPickTarget] = useState(progress.samples[0]?.id ?? WHOLE);
  const headingId = `request-${request.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const captureList = (ids: string[], sampleLabel: string) =>
    ids.length > 0 && (
      <ul class="request-captures">
        {ids.map((id) => {
          const c = captures.get(id);
          return (
            <li key={id}>
              <span>
                {c ? `${c.pageTitle || c.pageUrl} · ${c.capturedAt.slice(0, 16).replace('T', ' ')} UTC` : id}
              </span>{' '}
              <button
                type="button"
                class="link-button"
                aria-label={`Unlink ${c?.pageTitle || id} from ${sampleLabel}`}
                onClick={() =>
                  void run(async () => {
                    await unlinkCapture(db, id, request.id);
                    return 'Unlinked.';
                  })
                }
              >
                Unlink
              </button>
            </li>
          );
        })}
      </ul>
    );
  return (
    <article class="request" aria-labelledby={headingId} data-status={request.status}>
      <header>
        <h3 id={headingId}>
          {request.id}
          {request.title ? ` · ${request.title}` : ''}
        </h3>
        <label class="request-status">
          Status
          <select
            aria-label="Status"
            value={request.status}
            onChange={(e) => {
              const status = e.currentTarget.value as RequestStatus;
              e.currentTarget.value = request.status;
              void run(async () => {
                await setRequestStatus(db, request.id, status);
                return undefined;
              });
            }}
          >
            {REQUEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </header>
      {request.description && <p class="request-description">{request.description}</p>}
      <p class="muted small">
        Controls {request.controlIds.join(', ')}
        {request.owner ? ` · owner ${request.owner}` : ''}
        {request.due ? ` · due ${request.due}` : ''}
      </p>
      {progress.notReady && <p class="muted small request-why">Not ready: {progress.notReady}.</p>}
      <ul class="request-checklist" aria-label={`Samples of ${request.id}`}>
        {progress.samples.map((s) => (
          <li key={s.id} data-sample-status={s.status}>
            <span class="sample-mark" aria-hidden="true">
              {s.status === 'captured' ? '✓' : '○'}
            </span>{' '}
            <span class="sample-id">{s.id}</span>: {s.status === 'captured' ? 'captured' : 'open'}
            {captureList(s.captureIds, s.id)}
          </li>
        ))}
        <li data-sample-status={progress.population.length ? 'captured' : 'open'} class="population">
          <span class="sample-mark" aria-hidden="true">
            {progress.population.length ? '✓' : '○'}
          </span>{' '}
          <span class="sample-id">Population</span>: {progress.population.length ? 'captured' : 'none yet'}
          {captureList(progress.population, 'the population')}
        </li>
        {(progress.whole.length > 0 || progress.samples.length === 0) && (
          <li data-sample-status={progress.whole.length ? 'captured' : 'open'} class="whole">
            <span class="sample-mark" aria-hidden="true">
              {progress.whole.length ? '✓' : '○'}
            </span>{' '}
            <span class="sample-id">The request as a whole</span>:{' '}
            {progress.whole.length ? 'captured' : 'open'}
            {captureList(progress.whole, 'the request')}
          </li>
        )}
      </ul>
      <form
        class="request-link"
        aria-label={`Link a capture to ${request.id}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!pickCapture) return setMessage({ text: 'Choose a capture to link.', error: true });
          void run(async () => {
            await linkCapture(db, {
              captureId: pickCapture,
              requestId: request.id,
              sampleId: pickTarget === WHOLE || pickTarget === POPULATION ? undefined : pickTarget,
              population: pickTarget === POPULATION,
            });
            return 'Linked.';
          });
        }}
      >
        <label>
          Capture
          <select
            aria-label="Capture"
            value={pickCapture}
            onChange={(e) => setPickCapture(e.currentTarget.value)}
          >
            <option value="">Choose…</option>
            {allCaptures.map((c) => (
              <option key={c.id} value={c.id}>
                {`${c.pageTitle || c.pageUrl} · ${c.capturedAt.slice(0, 16).replace('T', ' ')} · ${c.controlIds.join(', ')}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Fulfils
          <select
            aria-label="Fulfils"
            value={pickTarget}
            onChange={(e) => setPickTarget(e.currentTarget.value)}
          >
            {progress.samples.map((s) => (
              <option key={s.id} value={s.id}>
                Sample {s.id}
              </option>
            ))}
            <option value={POPULATION}>Population</option>
            <option value={WHOLE}>The request as a whole</option>
          </select>
        </label>
        <button type="submit">Link</button>
      </form>
      <button type="button" onClick={() => void run(async () => exportRequestBundle(request.id))}>
        Export request bundle
      </button>
      <p role="status" class={message?.error ? 'error request-message' : 'request-message'}>
        {message?.text}
      </p>
    </article>
  );
}
