import type { ProofTrailDb } from './database';

/**
 * The library's full-text index as stored (lib/search/capture-search.ts): MiniSearch's JSON, the
 * IDs of the captures it holds, and the format it was written in. Derived data: it is rebuilt
 * from the captures whenever it is missing, of another format, unreadable, or out of step.
 */
export interface SearchIndexRow {
  id: 'captures';
  /** lib/search/capture-search.ts INDEX_FORMAT when written; another number means rebuild. */
  format: number;
  ids: string[];
  json: string;
}

/** The stored index, if any. */
export function readSearchIndex(db: ProofTrailDb): Promise<SearchIndexRow | undefined> {
  return db.searchIndex.get('captures');
}

/** Replaces the stored index. */
export async function writeSearchIndex(db: ProofTrailDb, row: Omit<SearchIndexRow, 'id'>): Promise<void> {
  await db.searchIndex.put({ id: 'captures', ...row });
}

/** Forgets the stored index (the next library opening rebuilds it). */
export async function dropSearchIndex(db: ProofTrailDb): Promise<void> {
  await db.searchIndex.delete('captures');
}
