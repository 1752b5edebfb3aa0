import { CapturePreview } from '../../components/CapturePreview';
import { formatLocal, shortUrl } from '../../components/format';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import { shortHash } from '../../lib/integrity/sha256';

/** Props of a capture summary. */
export interface CaptureCardProps {
  record: CaptureMetadata;
  compact?: boolean;
}

/** Thumbnail, time, controls and short hash of one capture. */
export function CaptureCard({ record, compact }: CaptureCardProps) {
  return (
    <article
      class={compact ? 'card compact' : 'card'}
      aria-label={`Capture of ${record.pageTitle || record.pageUrl}`}
    >
      <CapturePreview
        captureId={record.id}
        alt={`Screenshot of ${record.pageTitle || record.pageUrl}`}
        class="thumb"
      />
      <div class="card-text">
        <time dateTime={record.capturedAt}>{formatLocal(record.capturedAt)}</time>
        <span class="mono small">{record.controlIds.join(', ')}</span>
        {!compact && <span class="small muted">{shortUrl(record.pageUrl)}</span>}
        <span class="mono small" title={`SHA-256 ${record.image.sha256}`}>
          SHA-256 <span class="short-hash">{shortHash(record.image.sha256)}</span>
        </span>
      </div>
    </article>
  );
}
