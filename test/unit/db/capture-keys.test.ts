import { describe, expect, it } from 'vitest';
import { captureKeyOf, readCaptureKeys, updateCaptureKeys } from '../../../lib/db/capture-keys';
import { deleteCapture, saveCapture } from '../../../lib/db/captures-repo';
import { freshDb } from '../helpers';
import { sampleRecord } from './sample-record';

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

describe('capture keys (what coverage reads of each capture)', () => {
  it('follow every save and delete of a record, packed in chunks by the first characters of the ID', async () => {
    const db = freshDb();
    const records = await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        sampleRecord(undefined, {
          capturedAt: `2026-0${i + 1}-01T00:00:00.000Z`,
          effectiveDate: i === 2 ? '2026-02-20' : undefined,
        }),
      ),
    );
    for (const r of records) await saveCapture(db, r, new Blob([new Uint8Array([1])]));
    expect(byId(await readCaptureKeys(db))).toEqual(byId(records.map(captureKeyOf)));
    expect(records.map(captureKeyOf)[2]!.effectiveDate).toBe('2026-02-20');
    expect(await db.captureKeys.count()).toBeLessThanOrEqual(5);
    await deleteCapture(db, records[1]!.id, 'wrong page', { name: 'D', email: 'd@x.test' });
    expect(byId(await readCaptureKeys(db)).map((k) => k.id)).toEqual(
      byId(records.filter((_, i) => i !== 1)).map((r) => r.id),
    );
  });

  it('share a chunk between IDs with the same start, and replace a key written twice', async () => {
    const db = freshDb();
    const a = await sampleRecord(undefined, { id: 'ab000000-0000-4000-8000-000000000001' });
    const b = await sampleRecord(undefined, { id: 'AB000000-0000-4000-8000-000000000002'.toLowerCase() });
    await db.transaction('rw', db.captures, db.captureKeys, async () => {
      await db.captures.bulkPut([a, b]);
      await updateCaptureKeys(db, { add: [a, b] });
      await updateCaptureKeys(db, { add: [a] });
    });
    expect(await db.captureKeys.count()).toBe(1);
    expect((await readCaptureKeys(db)).map((k) => k.id).sort()).toEqual([a.id, b.id]);
    await db.transaction('rw', db.captures, db.captureKeys, async () => {
      await db.captures.bulkDelete([a.id, b.id]);
      await updateCaptureKeys(db, { remove: [a.id, b.id] });
    });
    expect(await db.captureKeys.count()).toBe(0);
  });

  it('are rebuilt from the records when the two disagree (records written without their keys)', async () => {
    const db = freshDb();
    const records = await Promise.all([1, 2, 3].map(() => sampleRecord()));
    await db.captures.bulkPut(records);
    expect(byId(await readCaptureKeys(db))).toEqual(byId(records.map(captureKeyOf)));
    expect(await db.captureKeys.count()).toBeGreaterThan(0);
    await db.captures.delete(records[0]!.id);
    expect((await readCaptureKeys(db)).map((k) => k.id).sort()).toEqual(
      records
        .slice(1)
        .map((r) => r.id)
        .sort(),
    );
  });
});
