import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { DeletionRecord } from '../../lib/formats/deletion-record';
import type { EvidenceStatus } from '../../lib/ledger/evidence-status';

/** What every library view is given by the page. */
export interface LibraryContext {
  /** Every stored capture, or undefined while loading. */
  captures: CaptureMetadata[] | undefined;
  status: Map<string, EvidenceStatus>;
  deletions: DeletionRecord[];
  /** The control the address asked for (`library.html#control=ID`), to scroll to and highlight. */
  focusControl?: string;
  openCapture(capture: CaptureMetadata): void;
  /** Opens the export dialog set to one control. */
  exportControl(controlId: string): void;
  reload(): Promise<void>;
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
