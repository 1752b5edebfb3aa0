import { useEffect, useRef } from 'preact/hooks';
import { formatLocal, shortUrl } from '../../components/format';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { OpenCell } from './CoverageGrid';

/** The captures counted for one cell of the coverage grid; each opens the capture's detail. */
export function CellCaptures(props: {
  cell: OpenCell;
  captures: readonly CaptureMetadata[];
  onOpen(c: CaptureMetadata): void;
  onClose(): void;
}) {
  const { cell } = props;
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [cell]);
  const byId = new Map(props.captures.map((c) => [c.id, c]));
  const list = cell.captureIds.map((id) => byId.get(id)).filter((c): c is CaptureMetadata => Boolean(c));
  return (
    <section class="cell-captures" aria-labelledby="cell-captures-heading">
      <div class="group-head">
        <h3 id="cell-captures-heading" tabIndex={-1} ref={ref}>
          <span class="mono">{cell.controlId}</span>, {cell.from} to {cell.to}: {cell.status}
        </h3>
        <button type="button" onClick={props.onClose}>
          Close the list
        </button>
      </div>
      {list.length === 0 ? (
        <p class="small">
          No capture counts for this period. Capture evidence tagged to {cell.controlId}, with an effective
          date inside the period when the activity happened earlier than the capture.
        </p>
      ) : (
        <ul class="cell-capture-list">
          {list.map((c) => (
            <li key={c.id}>
              <button type="button" class="link-button" onClick={() => props.onOpen(c)}>
                {c.pageTitle || shortUrl(c.pageUrl)}
              </button>{' '}
              <span class="small muted">
                captured {formatLocal(c.capturedAt)}
                {'effectiveDate' in c && c.effectiveDate ? `, effective ${c.effectiveDate}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
