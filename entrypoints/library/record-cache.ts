import type { ProofTrailDb } from '../../lib/db/database';
import type { CaptureMetadata } from '../../lib/formats/capture-metadata';

/**
 * Capture records read as their cards come into view: the list itself holds only each capture's
 * key (ID, controls, time), so opening a library of ten thousand captures reads a few dozen records.
 */
export class RecordCache {
  private readonly records = new Map<string, CaptureMetadata>();

  constructor(private readonly db: ProofTrailDb) {}

  get(id: string): CaptureMetadata | undefined {
    return this.records.get(id);
  }

  /** Reads the records of these IDs not read yet; true when any was. */
  async load(ids: readonly string[]): Promise<boolean> {
    const missing = ids.filter((id) => !this.records.has(id));
    if (!missing.length) return false;
    const rows = await this.db.captures.bulkGet(missing);
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
