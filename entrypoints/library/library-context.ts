import type { DeletionRecord } from '../../lib/formats/deletion-record';
import type { EvidenceStatus } from '../../lib/ledger/evidence-status';
import type { SearchHit, SyncReport } from '../../lib/search/capture-search';
import type { LibraryItem } from './filter';
import type { RecordCache } from './record-cache';

/** Where the full-text index stands, as the page last heard from its worker. */
export type IndexState =
  | { kind: 'starting' }
  | { kind: 'syncing'; count: number }
  | { kind: 'ready'; report: SyncReport }
  | { kind: 'failed'; error: string };

/** What every library view is given by the page. */
export interface LibraryContext {
  /** Every stored capture's key, newest first, or undefined while loading. */
  items: LibraryItem[] | undefined;
  /** The capture records, read as they are shown. */
  records: RecordCache;
  /** Every capture's ledger status; undefined until read (in the page's worker). */
  status: Map<string, EvidenceStatus> | undefined;
  deletions: DeletionRecord[];
  /** Titles of the controls in the catalogs, by ID. */
  titles: ReadonlyMap<string, string>;
  index: IndexState;
  /** The captures matching a full-text search and an address filter (hits undefined: both empty). */
  search(query: string, urlContains: string): Promise<{ hits?: SearchHit[]; ms: number }>;
  /** The control the address asked for (`library.html#control=ID`), to scroll to and highlight. */
  focusControl?: string;
  openCapture(id: string): void;
  /** Opens the export dialog set to one control. */
  exportControl(controlId: string): void;
  reload(): Promise<void>;
  /**
   * Marks the library's first meaningful render (once, after the browser painted it); `then` runs
   * after the mark (at once when the view was marked before): work that must not delay it.
   */
  rendered(view: string, then?: () => void): void;
}

/** A view of the library: one tab. Add one by adding it to the views list in App.tsx. */
export interface LibraryView {
  /** Also its address: `library.html#<id>`. */
  id: string;
  label: string;
  render(ctx: LibraryContext): preact.ComponentChild;
}

/** The view and control an address asks for: `#evidence`, `#control=A.5.18`, or nothing (coverage). */
export function readHash(hash: string, viewIds: readonly string[]): { view: string; control?: string } {
  const h = hash.replace(/^#/, '');
  if (h.startsWith('control=')) {
    let control = h.slice('control='.length);
    try {
      control = decodeURIComponent(control);
    } catch {
      // Not percent-encoded: taken as written.
    }
    return { view: viewIds[0]!, control };
  }
  return { view: viewIds.includes(h) ? h : viewIds[0]! };
}
