import type { ProofTrailDb } from '../../lib/db/database';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';

/** Reads the records of these IDs, in the same order (undefined where none is stored). */
export type RecordReader = (ids: string[]) => Promise<(CaptureMetadata | undefined)[]>;

/**
 * Capture records read as their cards come into view: the list itself holds only each capture's
 * key (ID, controls, time), so opening a library of ten thousand captures reads a few dozen records.
 * Read from the page's own database connection until `readVia` hands the reads to the page's worker
 * (once its index is ready), whose one message per read replaces an IndexedDB reply per record.
 */
export class RecordCache {
  private readonly records = new Map<string, CaptureMetadata>();
  private reader: RecordReader;

  constructor(db: ProofTrailDb) {
    this.reader = (ids) => db.captures.bulkGet(ids);
  }

  /** Reads from now on through `reader` (the page's worker). */
  readVia(reader: RecordReader): void {
    this.reader = reader;
  }

  get(id: string): CaptureMetadata | undefined {
    return this.records.get(id);
  }

  /** Reads the records of these IDs not read yet; true when any was. */
  async load(ids: readonly string[]): Promise<boolean> {
    const missing = ids.filter((id) => !this.records.has(id));
    if (!missing.length) return false;
    const rows = await this.reader(missing);
    for (const r of rows) if (r) this.records.set(r.id, r);
    return true;
  }

  /** Records read elsewhere (the page's first read, ahead of its first cards). */
  add(records: readonly CaptureMetadata[]): void {
    for (const r of records) this.records.set(r.id, r);
  }

  /** A record, read if needed. */
  async read(id: string): Promise<CaptureMetadata | undefined> {
    await this.load([id]);
    return this.records.get(id);
  }

  /** Drops records of captures no longer stored. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.records.keys()) if (!ids.has(id)) this.records.delete(id);
  }
}
