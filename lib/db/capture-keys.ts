import type { CaptureMetadata } from '../formats/capture-metadata';
import type { CoverageCapture } from '../period/coverage';
import type { ProofTrailDb } from './database';

/** What coverage needs of one capture. */
export type CaptureKey = CoverageCapture;

/**
 * The keys of every capture whose ID starts with the same two characters, packed in one row as JSON
 * text of `[id, controlIds, capturedAt, effectiveDate | null]` tuples. Reading ten thousand small
 * rows from IndexedDB costs far more than reading a few hundred strings (one object each to clone):
 * coverage reads these chunks, never the full records.
 */
export interface CaptureKeyChunk {
  /** The first two characters of the IDs it holds (UUIDs: `00`–`ff`). */
  id: string;
  keys: string;
}

type Packed = [string, string[], string, string | null];

/** The key of a record. */
export function captureKeyOf(r: CaptureMetadata): CaptureKey {
  return {
    id: r.id,
    controlIds: r.controlIds,
    capturedAt: r.capturedAt,
    ...('effectiveDate' in r && r.effectiveDate ? { effectiveDate: r.effectiveDate } : {}),
  };
}

const chunkOf = (id: string) => id.slice(0, 2).toLowerCase();
const pack = (k: CaptureKey): Packed => [k.id, [...k.controlIds], k.capturedAt, k.effectiveDate ?? null];
const unpack = ([id, controlIds, capturedAt, effectiveDate]: Packed): CaptureKey => ({
  id,
  controlIds,
  capturedAt,
  ...(effectiveDate ? { effectiveDate } : {}),
});

/**
 * Adds records' keys (replacing any of the same ID) and removes IDs' keys, chunk by chunk. Call it
 * inside the transaction that writes or deletes the records (its scope must hold `captureKeys`).
 */
export async function updateCaptureKeys(
  db: ProofTrailDb,
  change: { add?: readonly CaptureMetadata[]; remove?: readonly string[] },
): Promise<void> {
  const touched = new Map<string, { add: CaptureKey[]; remove: Set<string> }>();
  const slot = (id: string) => {
    const c = chunkOf(id);
    const t = touched.get(c) ?? { add: [], remove: new Set<string>() };
    touched.set(c, t);
    return t;
  };
  for (const r of change.add ?? []) slot(r.id).add.push(captureKeyOf(r));
  for (const id of change.remove ?? []) slot(id).remove.add(id);
  for (const [chunk, t] of touched) {
    const row = await db.captureKeys.get(chunk);
    const replaced = new Set([...t.remove, ...t.add.map((k) => k.id)]);
    const kept = row ? (JSON.parse(row.keys) as Packed[]).filter((p) => !replaced.has(p[0])) : [];
    const next = [...kept, ...t.add.map(pack)];
    if (next.length) await db.captureKeys.put({ id: chunk, keys: JSON.stringify(next) });
    else if (row) await db.captureKeys.delete(chunk);
  }
}

/**
 * Every capture's key. The chunks are written in the same transaction as the records; should they
 * ever disagree in number with the records (a database from before them, a write that bypassed
 * them), they are rebuilt from the records, so coverage never misses or invents a capture.
 */
export async function readCaptureKeys(db: ProofTrailDb): Promise<CaptureKey[]> {
  const [chunks, count] = await db.transaction('r', db.captureKeys, db.captures, () =>
    Promise.all([db.captureKeys.toArray(), db.captures.count()]),
  );
  const keys = unpackAll(chunks);
  if (keys?.length === count) return keys;
  return db.transaction('rw', db.captureKeys, db.captures, async () => {
    const records = await db.captures.toArray();
    await db.captureKeys.clear();
    await updateCaptureKeys(db, { add: records });
    return records.map(captureKeyOf);
  });
}

/** The keys of every chunk, or undefined when a row is not a chunk this code wrote. */
function unpackAll(chunks: CaptureKeyChunk[]): CaptureKey[] | undefined {
  try {
    return chunks.flatMap((c) => (JSON.parse(c.keys) as Packed[]).map(unpack));
  } catch {
    return undefined;
  }
}
