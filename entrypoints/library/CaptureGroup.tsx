import { CapturePreview } from '../../components/CapturePreview';
import { formatLocal, shortUrl } from '../../components/format';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import { shortHash } from '../../lib/integrity/sha256';
import { type EvidenceStatus, statusLine } from '../../lib/ledger/evidence-status';

/** Props of one control's group. */
export interface CaptureGroupProps {
  controlId: string;
  captures: CaptureMetadata[];
  status: Map<string, EvidenceStatus>;
  onOpen(capture: CaptureMetadata): void;
  /** Sets the export form to this control. */
  onExport(controlId: string): void;
}

/** The captures tagged to one control, as cards that open the detail view. */
export function CaptureGroup({ controlId, captures, status, onOpen, onExport }: CaptureGroupProps) {
  const control = captures[0]?.controls.find((c) => c.id === controlId);
  const headingId = `group-${controlId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <section class="group" aria-labelledby={headingId} data-control={controlId}>
      <div class="group-head">
        <h2 id={headingId}>
          <span class="mono">{controlId}</span> {control?.title}{' '}
          <span class="muted">({captures.length})</span>
        </h2>
        <button type="button" aria-label={`Export ${controlId}…`} onClick={() => onExport(controlId)}>
          Export…
        </button>
      </div>
      <ul class="cards">
        {captures.map((c) => (
          <li key={c.id}>
            <button type="button" class="card-button" onClick={() => onOpen(c)}>
              <CapturePreview captureId={c.id} alt="" class="thumb" />
              <span class="card-title">{c.pageTitle || shortUrl(c.pageUrl)}</span>
              <time dateTime={c.capturedAt}>{formatLocal(c.capturedAt)}</time>
              {'effectiveDate' in c && c.effectiveDate && (
                <span class="muted small"> · activity {c.effectiveDate}</span>
              )}
              <span class="small muted">{shortUrl(c.pageUrl)}</span>
              <span class="small mono">SHA-256 {shortHash(c.image.sha256)}</span>
              <span class={`small status-${statusLine(status.get(c.id)).tone}`}>
                {statusLine(status.get(c.id)).text}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
