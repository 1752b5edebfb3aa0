import { useEffect, useRef, useState } from 'preact/hooks';
import { formatLocal, shortUrl } from '../../components/format';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { OpenCell } from './CoverageGrid';
import type { RecordCache } from './record-cache';

/** The captures counted for one cell of the coverage grid; each opens the capture's detail. */
export function CellCaptures(props: {
  cell: OpenCell;
  records: RecordCache;
  onOpen(id: string): void;
  onClose(): void;
}) {
  const { cell } = props;
  const ref = useRef<HTMLHeadingElement>(null);
  const [list, setList] = useState<CaptureMetadata[]>();
  useEffect(() => ref.current?.focus(), [cell]);
  useEffect(() => {
    let live = true;
    void props.records.load(cell.captureIds).then(() => {
      if (!live) return;
      setList(cell.captureIds.flatMap((id) => props.records.get(id) ?? []));
    });
    return () => {
      live = false;
    };
  }, [cell]);
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
      {list === undefined ? (
        <p class="small" aria-busy="true">
          Reading {cell.captureIds.length} captures…
        </p>
      ) : list.length === 0 ? (
        <p class="small">
          No capture counts for this period. Capture evidence tagged to {cell.controlId}, with an effective
          date inside the period when the activity happened earlier than the capture.
        </p>
      ) : (
        <ul class="cell-capture-list">
          {list.map((c) => (
            <li key={c.id}>
              <button type="button" class="link-button" onClick={() => props.onOpen(c.id)}>
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
