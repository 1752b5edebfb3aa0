import { readCaptureKeys } from '../../lib/db/capture-keys';
import { listDeletions } from '../../lib/db/captures-repo';
import type { ProofTrailDb } from '../../lib/db/database';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';
import type { DeletionRecord } from '../../lib/formats/deletion-record';
import { groupByControl, itemsOf, type LibraryItem } from './filter';

/** What the library lists: every capture's key (newest first) and the deletion log. */
export interface LibraryRead {
  items: LibraryItem[];
  deletions: DeletionRecord[];
  /** Records read ahead for the first cards the list will show (first read only). */
  records?: CaptureMetadata[];
}

/**
 * The most cards the evidence list's first screen can hold: its window reaches two viewports
 * down (VirtualGroups.tsx), eight rows of up to eight cards on a large screen.
 */
const FIRST_CARDS = 64;

let early: Promise<LibraryRead> | undefined;

/** Reads what the library lists from the database. */
export async function readLibrary(db: ProofTrailDb): Promise<LibraryRead> {
  const [keys, deletions] = await Promise.all([readCaptureKeys(db), listDeletions(db)]);
  // The bench's mark: every capture's key read (the page's first read only).
  if (!performance.getEntriesByName('library:keys').length) performance.mark('library:keys');
  return { items: itemsOf(keys), deletions };
}

/**
 * Starts the page's first read before the page renders (main.tsx, first thing): the database opens
 * and the keys are read while the browser still loads and runs the rest of the page's modules. For
 * the evidence list, the records of its first cards (the first groups' newest) are read next, so
 * the list shows them in its first paint instead of a read later.
 */
export function startFirstRead(db: ProofTrailDb, withRecords: boolean): void {
  early ??= readLibrary(db).then(async (read) => {
    if (!withRecords) return read;
    const ids: string[] = [];
    for (const [, items] of groupByControl(read.items)) {
      for (const item of items.slice(0, FIRST_CARDS - ids.length)) ids.push(item.id);
      if (ids.length >= FIRST_CARDS) break;
    }
    const records = await db.captures.bulkGet(ids);
    return { ...read, records: records.filter((r): r is CaptureMetadata => Boolean(r)) };
  });
}

/** The first read started early, once (undefined after, or when none was started). */
export function takeFirstRead(): Promise<LibraryRead> | undefined {
  const p = early;
  early = undefined;
  return p;
}
