import { describe, expect, it } from 'vitest';
import { readLibrary, startFirstRead, takeFirstRead } from '../../../entrypoints/library/first-read';
import { saveCapture } from '../../../lib/db/captures-repo';
import type { ProofTrailDb } from '../../../lib/db/database';
import { sampleRecord } from '../db/sample-record';
import { freshDb } from '../helpers';

/** Stores `n` captures of one control, a minute apart from `day`; returns their IDs, newest first. */
async function store(db: ProofTrailDb, controlId: string, n: number, day: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.parse(`${day}T00:00:00.000Z`) + i * 60_000).toISOString();
    const r = await sampleRecord(new Uint8Array([i]), {
      controlIds: [controlId],
      controls: [{ id: controlId, title: controlId, framework: 'ISO/IEC 27001:2022' }],
      capturedAt: at,
    });
    await saveCapture(db, r, new Blob([new Uint8Array([1])]));
    ids.push(r.id);
  }
  return ids.reverse();
}

describe('the library’s first read', () => {
  it('reads every key newest first, and ahead the records of the first group’s newest 64 cards', async () => {
    const db = freshDb();
    const first = await store(db, 'A.5.2', 70, '2026-03-01');
    const second = await store(db, 'A.5.10', 3, '2026-04-01');
    startFirstRead(db, true);
    const read = await takeFirstRead()!;
    expect(takeFirstRead()).toBeUndefined();
    expect(read.items.map((i) => i.id)).toEqual([...second, ...first]);
    // A.5.2 comes before A.5.10 in the list (natural order): its 64 newest are read ahead.
    expect(read.records?.map((r) => r.id)).toEqual(first.slice(0, 64));
    expect(read.deletions).toEqual([]);
  });

  it('reads ahead into the next groups when the first is short, and nothing for other views', async () => {
    const db = freshDb();
    const first = await store(db, 'A.5.2', 2, '2026-03-01');
    const second = await store(db, 'A.5.10', 3, '2026-04-01');
    startFirstRead(db, true);
    expect((await takeFirstRead()!).records?.map((r) => r.id)).toEqual([...first, ...second]);
    startFirstRead(db, false);
    expect((await takeFirstRead()!).records).toBeUndefined();
    expect((await readLibrary(db)).records).toBeUndefined();
  });
});
