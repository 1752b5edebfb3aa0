import { CapturePreview } from '../../components/CapturePreview';
import { formatLocal, shortUrl } from '../../components/format';
import { pure } from '../../components/pure';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import { shortHash } from '../../lib/integrity/sha256';
import { type EvidenceStatus, statusLine } from '../../lib/ledger/evidence-status';
import type { LibraryItem } from './filter';
import type { RecordCache } from './record-cache';

/** What a search found a capture by, in words for its card. */
const FIELD_WORDS: Record<string, string> = {
  note: 'note',
  title: 'title',
  controls: 'control',
  url: 'address',
  text: 'page text',
};

/** Props of one control's group. */
export interface CaptureGroupProps {
  controlId: string;
  title: string;
  /** Its captures, newest first. */
  items: LibraryItem[];
  /** Cards per row, and the rows to render (the others are empty space of the same height). */
  cols: number;
  from: number;
  to: number;
  /** A card to keep rendered outside those rows (it has the keyboard focus). */
  keep?: string;
  records: RecordCache;
  /** Changes when records of cards in view were read. */
  loaded: number;
  status?: Map<string, EvidenceStatus>;
  /** The fields a search found each capture by. */
  found?: Map<string, string[]>;
  /** Where its list starts below the top of the groups' box, in px (group-geometry.ts listTops). */
  top: number;
  /** Its height below the gap above it, in px (group-geometry.ts groupBodyHeight). */
  height: number;
  onOpen(id: string): void;
  /** Sets the export form to this control. */
  onExport(controlId: string): void;
}

/**
 * The captures tagged to one control, as cards that open the detail view. The list always has the
 * height of all its rows; only the rows near the viewport hold cards (each placed on its grid row),
 * and each card's list item says its position in the whole group.
 */
export const CaptureGroup = pure(function CaptureGroup(p: CaptureGroupProps) {
  const { controlId, items, cols } = p;
  const headingId = `group-${controlId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const rows = Math.ceil(items.length / cols);
  const shown: number[] = [];
  for (let i = p.from * cols; i < Math.min(items.length, (p.to + 1) * cols); i++) shown.push(i);
  if (p.keep) {
    const k = items.findIndex((c) => c.id === p.keep);
    if (k >= 0 && !shown.includes(k)) shown.push(k);
    shown.sort((a, b) => a - b);
  }
  return (
    <section
      class="group"
      aria-labelledby={headingId}
      data-control={controlId}
      style={{ containIntrinsicSize: `${p.height}px` }}
    >
      <div class="group-head list-head">
        <h2 id={headingId}>
          <span class="mono">{controlId}</span> {p.title} <span class="muted">({items.length})</span>
        </h2>
        <button type="button" aria-label={`Export ${controlId}…`} onClick={() => p.onExport(controlId)}>
          Export…
        </button>
      </div>
      <ul
        class="cards"
        data-total={items.length}
        data-top={Math.round(p.top)}
        style={{
          gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${rows}, var(--card-h))`,
        }}
      >
        {shown.map((i) => {
          const item = items[i]!;
          return (
            <Card
              key={item.id}
              item={item}
              row={Math.floor(i / cols)}
              col={i % cols}
              pos={i + 1}
              size={items.length}
              record={p.records.get(item.id)}
              status={p.status?.get(item.id)}
              statusRead={Boolean(p.status)}
              found={p.found?.get(item.id)}
              onOpen={p.onOpen}
            />
          );
        })}
      </ul>
    </section>
  );
});

/** Props of one card: only what it shows, so a card is drawn again only when that changed. */
interface CardProps {
  item: LibraryItem;
  row: number;
  col: number;
  pos: number;
  size: number;
  /** Its record, once read. */
  record?: CaptureMetadata;
  status?: EvidenceStatus;
  /** Whether the ledger status has been read (a missing status then means "not in the ledger"). */
  statusRead: boolean;
  found?: string[];
  onOpen(id: string): void;
}

/**
 * One capture's card. Drawn again only when its own props change: a scroll that reads the records
 * of new rows, or the ledger status arriving, leaves the cards already drawn alone.
 */
const Card = pure(function Card(p: CardProps) {
  const { item, record: r, found } = p;
  const status = p.statusRead ? statusLine(p.status) : undefined;
  return (
    <li
      data-id={item.id}
      aria-setsize={p.size}
      aria-posinset={p.pos}
      style={{ gridRow: p.row + 1, gridColumn: p.col + 1 }}
    >
      <button type="button" class="card-button" onClick={() => p.onOpen(item.id)}>
        <CapturePreview captureId={item.id} alt="" class="thumb" lazy />
        <span class="card-title">{r ? r.pageTitle || shortUrl(r.pageUrl) : 'Loading…'}</span>
        <span class="card-line">
          <time dateTime={item.capturedAt}>{formatLocal(item.capturedAt)}</time>
          {item.effectiveDate && <span class="muted small"> · activity {item.effectiveDate}</span>}
        </span>
        <span class="small muted card-line">{r ? shortUrl(r.pageUrl) : ''}</span>
        <span class="small mono card-line">{r ? `SHA-256 ${shortHash(r.image.sha256)}` : ''}</span>
        <span class={`small card-line ${status ? `status-${status.tone}` : 'muted'}`}>
          {status ? status.text : 'Reading the ledger…'}
        </span>
        {found?.length ? (
          <span class="small card-line found">
            Found in the {found.map((f) => FIELD_WORDS[f] ?? f).join(', ')}
          </span>
        ) : null}
      </button>
    </li>
  );
});
