import type { CaptureMetadata } from '../../lib/formats/capture-metadata';

/** The library's filters; empty strings mean "any". */
export interface LibraryFilter {
  controlId: string;
  /** Inclusive local dates, `YYYY-MM-DD`. */
  from: string;
  to: string;
  urlContains: string;
}

export const emptyFilter: LibraryFilter = { controlId: '', from: '', to: '', urlContains: '' };

/** Captures matching the filter. */
export function applyFilter(captures: readonly CaptureMetadata[], f: LibraryFilter): CaptureMetadata[] {
  const from = f.from ? new Date(`${f.from}T00:00:00`).getTime() : Number.NEGATIVE_INFINITY;
  const to = f.to ? new Date(`${f.to}T23:59:59.999`).getTime() : Number.POSITIVE_INFINITY;
  const needle = f.urlContains.trim().toLowerCase();
  return captures.filter((c) => {
    const t = new Date(c.capturedAt).getTime();
    return (
      (!f.controlId || c.controlIds.includes(f.controlId)) &&
      t >= from &&
      t <= to &&
      (!needle || c.pageUrl.toLowerCase().includes(needle))
    );
  });
}

/** Groups captures under each control they are tagged to, controls in ID order. */
export function groupByControl(
  captures: readonly CaptureMetadata[],
  only?: string,
): Map<string, CaptureMetadata[]> {
  const groups = new Map<string, CaptureMetadata[]>();
  for (const c of captures) {
    for (const id of c.controlIds) {
      if (only && id !== only) continue;
      const list = groups.get(id) ?? [];
      list.push(c);
      groups.set(id, list);
    }
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true })));
}
