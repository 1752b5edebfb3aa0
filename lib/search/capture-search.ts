import MiniSearch, { type SearchResult } from 'minisearch';
import type { ProofTrailDb } from '../db/database';
import { readSearchIndex, writeSearchIndex } from '../db/search-index-store';
import { SEARCH_FIELDS, type SearchDocument, searchDocumentOf } from './search-document';

/**
 * The format of the stored index: the MiniSearch options below and the document's fields. Change
 * either and bump this: a stored index of another format is rebuilt from the captures.
 */
export const INDEX_FORMAT = 1;
/** Captures read from IndexedDB per batch while (re)building. */
const BATCH = 400;

const OPTIONS = {
  fields: [...SEARCH_FIELDS],
  storeFields: ['url'],
  searchOptions: {
    boost: { note: 3, title: 2, controls: 2 },
    // As you type: every word of three letters or more also matches the words it begins (one or
    // two letters begin too many words to be worth it: they match whole words only).
    prefix: (term: string) => term.length >= 3,
    combineWith: 'AND' as const,
  },
};

/** What one reconciliation did. */
export interface SyncReport {
  /** Built from every capture (no usable stored index), rather than brought up to date. */
  rebuilt: boolean;
  /** Why it was rebuilt: none stored, another format, or unreadable. */
  reason?: 'missing' | 'format' | 'unreadable';
  added: number;
  removed: number;
  /** Captures in the index now. */
  count: number;
  ms: number;
}

/** One capture found: its ID and the fields the words were found in. */
export interface SearchHit {
  id: string;
  fields: string[];
}

/**
 * The library's full-text search over every capture's note, page title, address, page text and
 * control IDs and titles. It lives in IndexedDB (lib/db/search-index-store.ts) and in memory
 * here; `sync` loads it and reconciles it with the captures table: captures added since (captured,
 * imported, restored) are read and added, captures no longer there (deleted) are dropped. A
 * database without an index (one from before it) or with one it cannot use gets it built from
 * every capture. Whoever adds or deletes captures, and however, the next `sync` catches up.
 */
export class CaptureSearch {
  private index?: MiniSearch<SearchDocument>;
  private ids = new Set<string>();

  constructor(private readonly db: ProofTrailDb) {}

  /** Captures in the index. */
  get count(): number {
    return this.ids.size;
  }

  /** Loads the index (first call) and brings it in step with the captures; stores it if it changed. */
  async sync(): Promise<SyncReport> {
    const t0 = performance.now();
    let rebuilt = false;
    let reason: SyncReport['reason'];
    if (!this.index) {
      const loaded = await this.load();
      if ('index' in loaded) {
        this.index = loaded.index;
        this.ids = new Set(loaded.ids);
      } else {
        this.index = new MiniSearch<SearchDocument>(OPTIONS);
        this.ids = new Set();
        rebuilt = true;
        reason = loaded.reason;
      }
    }
    const index = this.index;
    const stored = new Set((await this.db.captures.toCollection().primaryKeys()) as string[]);
    const gone = [...this.ids].filter((id) => !stored.has(id));
    const fresh = [...stored].filter((id) => !this.ids.has(id));
    if (gone.length) {
      index.discardAll(gone);
      for (const id of gone) this.ids.delete(id);
    }
    for (let i = 0; i < fresh.length; i += BATCH) {
      const docs = await this.documents(fresh.slice(i, i + BATCH));
      index.addAll(docs);
      for (const d of docs) this.ids.add(d.id);
    }
    if (rebuilt || gone.length || fresh.length)
      await writeSearchIndex(this.db, {
        format: INDEX_FORMAT,
        ids: [...this.ids],
        json: JSON.stringify(index),
      });
    return {
      rebuilt,
      ...(reason ? { reason } : {}),
      added: fresh.length,
      removed: gone.length,
      count: this.ids.size,
      ms: performance.now() - t0,
    };
  }

  /** Captures whose fields hold every word of `query` (the last ones as typed: prefixes too). */
  search(query: string): SearchHit[] {
    if (!this.index || !query.trim()) return [];
    return this.index.search(query).map((r: SearchResult) => ({ id: r.id as string, fields: fieldsOf(r) }));
  }

  /** Captures whose address contains `needle` (case-insensitive), from the addresses kept in the index. */
  urlContains(needle: string): string[] {
    const n = needle.trim().toLowerCase();
    if (!this.index) return [];
    const out: string[] = [];
    for (const id of this.ids) {
      const url = this.index.getStoredFields(id)?.url;
      if (typeof url === 'string' && url.toLowerCase().includes(n)) out.push(id);
    }
    return out;
  }

  private async load(): Promise<
    { index: MiniSearch<SearchDocument>; ids: string[] } | { reason: NonNullable<SyncReport['reason']> }
  > {
    const row = await readSearchIndex(this.db);
    if (!row) return { reason: 'missing' };
    if (row.format !== INDEX_FORMAT) return { reason: 'format' };
    try {
      const index = await MiniSearch.loadJSONAsync<SearchDocument>(row.json, OPTIONS);
      if (index.documentCount !== row.ids.length) return { reason: 'unreadable' };
      return { index, ids: row.ids };
    } catch {
      return { reason: 'unreadable' };
    }
  }

  /** The documents of these captures (those still stored), with their page text. */
  private async documents(ids: string[]): Promise<SearchDocument[]> {
    const [records, contexts] = await this.db.transaction('r', this.db.captures, this.db.pageContext, () =>
      Promise.all([this.db.captures.bulkGet(ids), this.db.pageContext.bulkGet(ids)]),
    );
    const texts = await Promise.all(contexts.map((c) => (c?.text ? c.text.text() : Promise.resolve(''))));
    return records.flatMap((r, i) => (r ? [searchDocumentOf(r, texts[i])] : []));
  }
}

/** The fields any of the result's words were found in, in SEARCH_FIELDS order. */
function fieldsOf(r: SearchResult): string[] {
  const found = new Set(Object.values(r.match).flat());
  return SEARCH_FIELDS.filter((f) => found.has(f));
}
