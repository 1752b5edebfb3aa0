import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CapturePreviewProps } from '../../components/CapturePreview';
import { formatLocal, shortUrl } from '../../components/format';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import { shortHash } from '../../lib/integrity/sha256';

/** Props of a capture summary. */
export interface CaptureCardProps {
  record: CaptureMetadata;
  compact?: boolean;
}

let preview: Promise<ComponentType<CapturePreviewProps>> | undefined;

/**
 * The thumbnail, read from the popup's own database once the card is shown (the preview's code
 * and the database load then, not before the form is usable).
 */
function Thumbnail(props: CapturePreviewProps) {
  const [Preview, setPreview] = useState<ComponentType<CapturePreviewProps>>();
  useEffect(() => {
    let live = true;
    preview ??= import('../../components/CapturePreview').then((m) => m.CapturePreview);
    void preview.then((c) => live && setPreview(() => c));
    return () => {
      live = false;
    };
  }, []);
  // Until then, the placeholder CapturePreview itself shows while it reads.
  return Preview ? (
    <Preview {...props} />
  ) : (
    <span class={`${props.class ?? ''} img-placeholder`} role="img" aria-label={props.alt} />
  );
}

/** Thumbnail, time, controls and short hash of one capture. */
export function CaptureCard({ record, compact }: CaptureCardProps) {
  return (
    <article
      class={compact ? 'card compact' : 'card'}
      aria-label={`Capture of ${record.pageTitle || record.pageUrl}`}
    >
      <Thumbnail
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
